package io.txmatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile clients (issue 17, points 1-8 and 10) against {@code txmatch serve} as a process with a 256 MiB heap:
 * two servers on one data directory, heavy metadata, endless chunked bodies, dedup submit/cancel churn, huge
 * number exponents, oversized batch answers, text that normalises to nothing, slow clients and a full disk.
 * Each case runs on a server and data directory of its own, so one failing case does not spoil the others; at
 * its end the server is restarted and every acknowledged enrolment looked up. Prints one line per case and one
 * summary line ({@code hostile cases=... oom=0 status5xx=0 lost=0 ready=true}); fails on any OOM, 5xx (a 503
 * with Retry-After and a problem body is counted apart, not as a failure), lost write, unready server or broken
 * expectation of a case. Nothing is passed to {@code serve} but the flags it has today; the limits are its defaults.
 */
@Tag("reliability")
class HostileTest {
    /** A case: what it does to the server, recorded into the tally; its own time limit in seconds. */
    private interface Body {
        void run(HostileServer server, Tally tally) throws Exception;
    }

    /** What one case ended with. */
    private record Result(String name, boolean skipped, Tally tally, HostileServer.Verdict verdict, long seconds) {
    }

    /** How long one case may run before it counts as hung (it is then stopped and the next one runs). */
    private static final int CASE_SECONDS = 150;

    @TempDir
    Path dir;

    private final Random random = new Random(17);
    private final Set<String> used = new HashSet<>();

    @Test
    void hostile_clients_cause_no_oom_no_5xx_and_no_lost_write() throws Exception {
        Map<String, Body> cases = new LinkedHashMap<>();
        cases.put("1-two-servers", this::twoServers);
        cases.put("2-heavy-metadata", this::heavyMetadata);
        cases.put("3-chunked-80mb", this::chunked);
        cases.put("4-dedup-cancel", this::dedupCancel);
        cases.put("5-exponent", this::exponent);
        cases.put("6-big-batch", this::bigBatch);
        cases.put("7-unicode", this::unicode);
        cases.put("8-slow-clients", this::slowClients);
        cases.put("10-full-disk", null);
        String only = System.getProperty("hostile.cases", "");
        List<Result> results = new ArrayList<>();
        for (Map.Entry<String, Body> c : cases.entrySet()) {
            if (!only.isBlank() && !List.of(only.split(",")).contains(c.getKey().substring(0, c.getKey().indexOf('-')))) {
                continue;
            }
            Result r = c.getValue() == null ? fullDisk(c.getKey()) : run(c.getKey(), dir.resolve(c.getKey()), c.getValue());
            results.add(r);
            print(r);
        }
        int skipped = (int) results.stream().filter(Result::skipped).count();
        int oom = (int) results.stream().filter(r -> r.verdict().oom()).count();
        int fiveXx = results.stream().mapToInt(r -> r.tally().fiveXx()).sum();
        int lost = results.stream().mapToInt(r -> r.verdict().lost()).sum();
        boolean ready = results.stream().allMatch(r -> r.verdict().ready());
        List<String> failed = results.stream().filter(HostileTest::failed).map(Result::name).toList();
        System.out.printf("hostile cases=%d skipped=%d failed=%d oom=%d status5xx=%d lost=%d ready=%s%s%n", results.size(),
                skipped, failed.size(), oom, fiveXx, lost, ready, failed.isEmpty() ? "" : " failed_cases=" + String.join(",", failed));
        assertThat(oom).as("cases whose server ran out of memory").isZero();
        assertThat(fiveXx).as("5xx answers").isZero();
        assertThat(lost).as("acknowledged enrolments lost").isZero();
        assertThat(ready).as("every server ready after its restart").isTrue();
        assertThat(failed).as("failed cases").isEmpty();
    }

    /** A case failed when it broke an expectation, ran out of memory, answered a 5xx, lost a write or was not ready. */
    private static boolean failed(Result r) {
        HostileServer.Verdict v = r.verdict();
        return !r.tally().broken().isEmpty() || v.oom() || r.tally().fiveXx() > 0 || v.lost() > 0 || !v.ready();
    }

    private static void print(Result r) {
        HostileServer.Verdict v = r.verdict();
        List<String> broken = r.tally().broken();
        System.out.printf("hostile case %s%s seconds=%d outcomes=%s oom=%s status5xx=%d lost=%d ready=%s%s%n", r.name(),
                r.skipped() ? " SKIPPED" : "", r.seconds(), r.tally(), v.oom(), r.tally().fiveXx(), v.lost(), v.ready(),
                broken.isEmpty() ? "" : " broken=" + broken.size() + " " + broken.subList(0, Math.min(3, broken.size())));
    }

    /** Runs one case on a fresh server under its own deadline; whatever it throws is one broken expectation. */
    private Result run(String name, Path caseDir, Body body) {
        Tally tally = new Tally();
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(caseDir);
            Path keys = LocalTxmatch.writeKeys(caseDir);
            try (HostileServer server = new HostileServer(caseDir.resolve("data"), keys)) {
                ExecutorService one = Executors.newSingleThreadExecutor();
                Future<?> f = one.submit(() -> {
                    body.run(server, tally);
                    return null;
                });
                try {
                    f.get(CASE_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    tally.broke("did not finish within " + CASE_SECONDS + " s");
                } catch (java.util.concurrent.ExecutionException e) {
                    tally.broke("threw " + e.getCause());
                } finally {
                    one.shutdownNow();
                }
                if (!server.process().alive()) {
                    tally.broke("the server exited during the case");
                }
                HostileServer.Verdict v = server.verify();
                if (v.oom()) {
                    System.out.println("hostile: " + name + " OutOfMemoryError in the server's output");
                }
                return new Result(name, false, tally, v, (System.nanoTime() - t0) / 1_000_000_000L);
            }
        } catch (Exception e) {
            tally.broke("could not start its server: " + e.getMessage());
            return new Result(name, false, tally, new HostileServer.Verdict(0, false, false), (System.nanoTime() - t0) / 1_000_000_000L);
        }
    }

    /** Counts a reply: a 503 with Retry-After and a problem body apart (overload shed), anything else as its status. */
    private static void count(Tally tally, Api.Reply r) {
        if (r.status() == 503 && r.contentType().startsWith("application/problem+json") && r.retryAfter() != null) {
            tally.count("503-retry");
        } else {
            tally.status(r.status());
        }
    }

    /** Counts a request that ended without a reply (time-out or I/O error) and returns null. */
    private static Api.Reply failed(Tally tally, Exception e) {
        tally.count(e instanceof HttpTimeoutException ? "timeout" : "io");
        return null;
    }

    private String uniqueText() {
        return Catalogue.uniqueText(random, used);
    }

    // --- 1: a second server on the same data directory must refuse; the first keeps serving ---

    private void twoServers(HostileServer server, Tally tally) throws Exception {
        for (int i = 0; i < 20; i++) {
            count(tally, server.enrol("first " + i, uniqueText(), null));
        }
        LocalTxmatch second = server.spawn();
        int exit;
        try {
            second.awaitReady(60);
            exit = -1; // it serves too
        } catch (Exception refusedOrSlow) {
            exit = second.awaitExit(10);
        }
        tally.count("second-exit=" + (exit == -1 ? "running" : exit));
        if (exit <= 0) {
            tally.broke("the second server on the same data directory " + (exit == -1 ? "kept running" : "exited 0"));
        } else if (!second.output().contains(Long.toString(server.process().pid())) && !second.output().toLowerCase().contains("lock")) {
            tally.broke("the second server's refusal names neither the holder's pid nor a lock: " + second.output());
        }
        if (exit == -1) {
            try {
                // both serve: write through the second too, as a client behind a balancer would
                Api other = new Api(second.awaitReady(5), LocalTwinEndToEndTest.KEY);
                for (int i = 0; i < 20; i++) {
                    count(tally, server.record("second " + i, other.post("/v1/merchants", enrolBody("second " + i, uniqueText()))));
                }
            } catch (Exception e) {
                tally.count("second-unreachable");
            }
            second.close();
        }
        for (int i = 0; i < 20; i++) {
            count(tally, server.enrol("after " + i, uniqueText(), null));
        }
        Api.Reply ready = server.api().get("/health/ready");
        count(tally, ready);
        if (ready.status() != 200) {
            tally.broke("the first server is not ready after the second one's attempt");
        }
    }

    private static String enrolBody(String name, String text) {
        return Api.JSON.createObjectNode().put("name", name).<ObjectNode>set("examples", Api.JSON.createArrayNode().add(text)).toString();
    }

    // --- 2: ~1 MiB of nested metadata, 200 times, 4 at once; then a restart must come up ---

    private void heavyMetadata(HostileServer server, Tally tally) throws Exception {
        StringBuilder wide = new StringBuilder("{\"a\":[");
        String chunk = "[".repeat(50) + "]".repeat(50);
        while (wide.length() < 1_000_000) {
            wide.append(chunk).append(',');
        }
        String nested = wide.append(chunk).append("]}").toString();
        String deep = "{\"a\":" + "[".repeat(400_000) + "]".repeat(400_000) + "}";
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String name = "heavy " + i;
            String text = uniqueText();
            String metadata = i % 10 == 9 ? deep : nested;
            all.add(pool.submit(() -> {
                try {
                    Api.Reply r = server.enrol(name, text, metadata);
                    count(tally, r);
                    if (r.status() / 100 != 4 && r.status() != 201) {
                        tally.broke("metadata enrolment answered " + r.status());
                    }
                } catch (Exception e) {
                    failed(tally, e);
                }
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
        // past any tenant quota: keep enrolling plain merchants; beyond a quota a 4xx, never a 5xx
        for (int i = 0; i < 200; i++) {
            try {
                count(tally, server.enrol("plain " + i, uniqueText(), null));
            } catch (Exception e) {
                failed(tally, e);
            }
        }
        server.restart();
        count(tally, server.api().get("/health/ready"));
    }

    // --- 3: two 80 MB chunked bodies at once: 413 (or closed), never 200 or 5xx ---

    private void chunked(HostileServer server, Tally tally) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<String>> sends = new ArrayList<>();
        for (String path : List.of("/v1/merchants", "/v1/match/batch")) {
            sends.add(pool.submit(() -> sendChunked(server.api().base(), path, 80L << 20)));
        }
        for (Future<String> f : sends) {
            String status = f.get();
            if (status.matches("\\d+")) {
                tally.status(Integer.parseInt(status));
            } else {
                tally.count(status);
            }
            if (!status.equals("413") && !status.equals("closed")) {
                tally.broke("80 MB chunked body answered " + status);
            }
        }
        pool.shutdown();
        count(tally, server.api().get("/health/ready"));
    }

    /** Sends {@code total} bytes of a JSON string as a chunked body unless the server answers first; its status. */
    private static String sendChunked(String base, String path, long total) throws Exception {
        try (RawHttp http = new RawHttp(base, LocalTwinEndToEndTest.KEY, "POST " + path + " HTTP/1.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")) {
            byte[] data = new byte[64 * 1024];
            java.util.Arrays.fill(data, (byte) 'A');
            byte[] head = ("10000\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                http.write("1\r\n\"\r\n".getBytes(StandardCharsets.US_ASCII));
                for (long sent = 0; sent < total && !http.answered(); sent += data.length) {
                    http.write(head);
                    http.write(data);
                    http.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                http.write("1\r\n\"\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException closed) {
                // the server stopped reading: its answer (if any) is what counts
            }
            return http.status(60_000);
        }
    }

    // --- 4: 1,000 submit/cancel cycles of dedup jobs, then a normal job must complete ---

    private void dedupCancel(HostileServer server, Tally tally) throws Exception {
        ObjectNode job = Api.JSON.createObjectNode();
        ArrayNode records = job.putArray("records");
        for (int i = 0; i < 3000; i++) {
            records.addObject().put("id", "r" + i).put("text", uniqueText());
        }
        String body = job.toString();
        Api api = server.api();
        // a long job in front (one big cluster) keeps the runner busy, so the cancelled ones queue up behind it
        ObjectNode longJob = Api.JSON.createObjectNode();
        ArrayNode many = longJob.putArray("records");
        for (int i = 0; i < 10_000; i++) {
            many.addObject().put("id", "l" + i).put("text", "POS PURCHASE SHELL OIL " + (char) ('A' + i % 26) + " TEMPE AZ");
        }
        Api.Reply front = api.post("/v1/dedup/jobs", longJob.toString());
        count(tally, front);
        for (int i = 0; i < 1000; i++) {
            Api.Reply r;
            try {
                r = api.post("/v1/dedup/jobs", body);
            } catch (Exception e) {
                failed(tally, e);
                continue;
            }
            count(tally, r);
            if (r.status() == 202) {
                Api.Reply d = api.delete("/v1/dedup/jobs/" + r.body().get("jobId").asText());
                count(tally, d);
            } else if (r.status() != 429) {
                tally.broke("dedup submit answered " + r.status());
            }
        }
        if (front.status() == 202) {
            Api.Reply s = api.get("/v1/dedup/jobs/" + front.body().get("jobId").asText());
            tally.count("front-job-after-churn=" + (s.status() == 200 ? s.body().get("state").asText() : s.status()));
        }
        Api.Reply normal = api.post("/v1/dedup/jobs", "{\"records\": [{\"id\": \"a\", \"text\": \"POS PURCHASE WAL-MART #0931 DALLAS TX\"},"
                + " {\"id\": \"b\", \"text\": \"POS PURCHASE WAL-MART #1120 TULSA OK\"}]}");
        count(tally, normal);
        String state = "not submitted";
        if (normal.status() == 202) {
            String id = normal.body().get("jobId").asText();
            for (int i = 0; i < 600 && !state.equals("done"); i++) {
                Api.Reply s = api.get("/v1/dedup/jobs/" + id);
                state = s.status() == 200 ? s.body().get("state").asText() : "status " + s.status();
                if (!state.equals("done")) {
                    Thread.sleep(100);
                }
            }
        }
        tally.count("normal-job=" + state.replace(' ', '-'));
        if (!state.equals("done")) {
            tally.broke("a normal dedup job after the churn ended " + state);
        }
    }

    // --- 5: huge number exponents in a dedup request: 400 ---

    private void exponent(HostileServer server, Tally tally) throws Exception {
        for (String amount : List.of("1e500000000", "-1e500000000", "1e-500000000", "1E+999999999")) {
            String body = "{\"records\": [{\"id\": \"a\", \"text\": \"SHELL OIL 123\", \"amount\": " + amount + "},"
                    + " {\"id\": \"b\", \"text\": \"SHELL OIL 456\", \"amount\": 12.5}]}";
            Api.Reply r;
            try {
                r = server.api().post("/v1/dedup/jobs", body);
            } catch (Exception e) {
                failed(tally, e);
                tally.broke("amount " + amount + " got no answer");
                continue;
            }
            count(tally, r);
            if (r.status() != 400) {
                tally.broke("amount " + amount + " answered " + r.status());
            }
            if (r.status() == 202) {
                // accepted: the job must still end (done or failed), not take the server down
                String id = r.body().get("jobId").asText();
                for (int i = 0; i < 100; i++) {
                    Api.Reply s = server.api().get("/v1/dedup/jobs/" + id);
                    count(tally, s);
                    if (s.status() != 200 || !List.of("queued", "running").contains(s.body().get("state").asText())) {
                        break;
                    }
                    Thread.sleep(100);
                }
            }
        }
        count(tally, server.api().get("/health/ready"));
    }

    // --- 6: 12 concurrent batch matches of 1,000 long texts with k=100: 400, a 200, or a 503 shed ---

    private void bigBatch(HostileServer server, Tally tally) throws Exception {
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String text = uniqueText();
            count(tally, server.enrol("batch " + i, text, null));
            known.add(text);
        }
        ObjectNode body = Api.JSON.createObjectNode().put("k", 100);
        ArrayNode items = body.putArray("items");
        for (int i = 0; i < 1000; i++) {
            String base = known.get(i % known.size());
            StringBuilder t = new StringBuilder(base);
            while (t.length() < 500) {
                t.append(' ').append(known.get((i * 7 + t.length()) % known.size()), 13, 18);
            }
            items.addObject().put("id", "i" + i).put("text", t.substring(0, 500));
        }
        String json = body.toString();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<?>> all = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int c = 0; c < 12; c++) {
                all.add(pool.submit(() -> {
                    try {
                        Api.Reply r = server.api().post("/v1/match/batch", json);
                        count(tally, r);
                        if (r.status() != 200 && r.status() != 400 && !(r.status() == 503 && r.retryAfter() != null)) {
                            tally.broke("big batch answered " + r.status());
                        }
                    } catch (Exception e) {
                        failed(tally, e); // a connection the server closed: counted; a dead server breaks the case anyway
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
        count(tally, server.api().get("/health/ready"));
    }

    // --- 7: non-Latin and empty-normalising text ---

    private void unicode(HostileServer server, Tally tally) throws Exception {
        count(tally, server.enrol("Outback Steakhouse", "CHECKCARD 0615 OUTBACK STEAKHOUSE 0310 TEMPE AZ", null));
        List<String> empty = List.of("!!!!", "\u200B\u200B\u200B", "\u0301\u0308\u0301", "!!!! \u200B ....", "\u00A0\u2003\uFEFF");
        List<String> other = List.of("中国银行 北京", "МАГНИТ МОСКВА", "\uD83D\uDE00\uD83C\uDF54\uD83D\uDE97", "CAFE\u0301 PARIS",
                "ＳＴＡＲＢＵＣＫＳ ＴＯＫＹＯ");
        for (String text : empty) {
            Api.Reply r = server.enrol("empty " + text.codePointAt(0), text, null);
            count(tally, r);
            if (r.status() != 400) {
                tally.broke("enrolling " + escape(text) + " (normalises to nothing) answered " + r.status());
            }
        }
        for (String text : other) {
            count(tally, server.enrol("other " + text, text, null));
        }
        for (String text : concat(empty, other)) {
            Api.Reply r = server.api().post("/v1/match", Api.JSON.createObjectNode().put("text", text).toString());
            count(tally, r);
            if (r.status() == 200 && empty.contains(text)) {
                JsonNode top = r.body().get("matches").isEmpty() ? null : r.body().get("matches").get(0);
                if ("high".equals(r.body().path("confidence").asText()) || top != null && top.get("score").asDouble() >= 1.0) {
                    tally.broke("matching " + escape(text) + " gave " + r.body().path("confidence").asText() + " confidence, score "
                            + (top == null ? "-" : top.get("score").asText()));
                }
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder("'");
        s.codePoints().forEach(c -> sb.append(c < 128 ? Character.toString(c) : String.format("\\u%04X", c)));
        return sb.append('\'').toString();
    }

    // --- 8: 300 clients sending one byte every 3 s; normal matches must still answer ---

    private void slowClients(HostileServer server, Tally tally) throws Exception {
        Scenario.enrol(server.api(), "Walmart", "POS PURCHASE WAL-MART #0931 DALLAS TX");
        int seconds = Integer.getInteger("hostile.slow.seconds", 45);
        List<RawHttp> slow = new ArrayList<>();
        List<String> trickles = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            try {
                if (i % 2 == 0) {
                    slow.add(new RawHttp(server.api().base(), LocalTwinEndToEndTest.KEY, "POST /v1/match HTTP/1.1\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"));
                    trickles.add("{\"text\": \"" + "A".repeat(400));
                } else {
                    // the head itself never ends: its bytes come one at a time
                    slow.add(new RawHttp(server.api().base(), LocalTwinEndToEndTest.KEY, "GET /health/ready HTTP/1.1\r\n\r\n"
                            .replace("\r\n\r\n", "\r\nX-Slow: ")));
                    trickles.add("a".repeat(400));
                }
            } catch (java.io.IOException e) {
                tally.count("slow-connect-refused");
            }
        }
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int late = 0;
        int step = 0;
        long lastTrickle = 0;
        while (System.nanoTime() < end) {
            if (System.nanoTime() - lastTrickle > 3_000_000_000L) {
                for (int i = 0; i < slow.size(); i++) {
                    try {
                        slow.get(i).write(new byte[] {(byte) trickles.get(i).charAt(step % trickles.get(i).length())});
                    } catch (java.io.IOException closed) {
                        // closed by the server: counted below
                    }
                }
                step++;
                lastTrickle = System.nanoTime();
            }
            long t0 = System.nanoTime();
            try {
                Api.Reply r = server.api().post("/v1/match", "{\"text\": \"POS PURCHASE WAL-MART #1120 TULSA OK\"}");
                count(tally, r);
                if (r.status() != 200) {
                    tally.broke("a normal match during the slow clients answered " + r.status());
                }
            } catch (Exception e) {
                failed(tally, e);
            }
            if (System.nanoTime() - t0 > 5_000_000_000L) {
                late++;
            }
            Thread.sleep(250);
        }
        if (late > 0) {
            tally.broke(late + " normal matches took over 5 s (or failed) during the slow clients");
        }
        tally.count("late-matches=" + late);
        for (int i = 0; i < slow.size(); i++) {
            RawHttp s = slow.get(i);
            String status = s.answered() ? s.status(1000) : s.status(10);
            tally.count((trickles.get(i).startsWith("{") ? "slow-body-" : "slow-head-") + status);
            if (!status.equals("408") && !status.equals("closed")) {
                tally.broke("a slow client " + seconds + " s in: " + status);
            }
            s.close();
        }
    }

    // --- 10: the data directory on a 4 MiB tmpfs: 507/503 when full, never 500; writes work again once freed ---

    private Result fullDisk(String name) throws Exception {
        Path mount = dir.resolve(name);
        Files.createDirectories(mount);
        Command m = Command.run(dir, Map.of(), java.time.Duration.ofSeconds(20),
                List.of("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString()));
        if (!m.ok()) {
            Tally tally = new Tally();
            tally.count("SKIPPED (needs root and tmpfs: " + m.output().trim().replace('\n', ' ') + ")");
            return new Result(name, true, tally, new HostileServer.Verdict(0, true, false), 0);
        }
        try {
            return run(name, mount, this::fillDisk);
        } finally {
            Command.run(dir, Map.of(), java.time.Duration.ofSeconds(20), List.of("umount", "-l", mount.toString()));
        }
    }

    private void fillDisk(HostileServer server, Tally tally) throws Exception {
        Path filler = dir.resolve("10-full-disk").resolve("filler");
        java.nio.file.FileStore store = Files.getFileStore(filler.getParent());
        long free = store.getUsableSpace();
        try (var out = Files.newOutputStream(filler)) {
            byte[] block = new byte[4096];
            for (long left = free - 96 * 1024; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        } catch (java.io.IOException full) {
            // full before we meant: fine, the enrolments below fail sooner
        }
        boolean failedOnce = false;
        for (int i = 0; i < 400 && !failedOnce; i++) {
            ObjectNode body = Api.JSON.createObjectNode().put("name", "fill " + i);
            ArrayNode examples = body.putArray("examples");
            for (int e = 0; e < 20; e++) {
                examples.add(uniqueText() + " " + "X".repeat(400));
            }
            Api.Reply r = server.record("fill " + i, server.api().post("/v1/merchants", body.toString()));
            boolean problem = r.contentType().startsWith("application/problem+json");
            if ((r.status() == 507 || r.status() == 503) && problem) {
                tally.count(r.status() + "-full"); // what a full disk should answer: not counted as a 5xx failure
            } else {
                count(tally, r);
            }
            if (r.status() != 201) {
                failedOnce = true;
                if (r.status() != 507 && r.status() != 503 || !problem) {
                    tally.broke("a write on a full disk answered " + r.status() + " " + r.contentType());
                }
            }
        }
        if (!failedOnce) {
            tally.broke("400 enrolments of ~8 KB fitted beside a filler on a 4 MiB disk");
        }
        Api.Reply degraded = server.api().get("/health/ready");
        tally.count("ready-when-full=" + degraded.status());
        if (degraded.status() == 200) {
            tally.broke("readiness stayed 200 with the disk full");
        } else if (degraded.status() != 503) {
            tally.status(degraded.status());
        }
        Files.delete(filler);
        for (int i = 0; i < 5; i++) {
            Api.Reply r = server.enrol("after " + i, uniqueText(), null);
            count(tally, r);
            if (r.status() != 201) {
                tally.broke("a write after freeing the disk answered " + r.status());
            }
        }
        Api.Reply ready = server.api().get("/health/ready");
        count(tally, ready);
        if (ready.status() != 200) {
            tally.broke("readiness did not come back after freeing the disk: " + ready.status());
        }
    }
}
