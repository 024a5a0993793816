package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener against greedy, slow and unlucky clients, over a real server and raw sockets: body cap whatever the
 * transfer encoding, stalled and trickling bodies, the connection limit, the batch caps, the drain on close, and
 * Jetty's own errors, each answered as problem+json.
 */
@Timeout(90)
class HttpLimitsTest {
    private static final String PROBLEM = "application/problem+json";
    /** Long enough for any answer a test waits for; a test fails rather than hangs. */
    private static final int ANSWER_MS = 15_000;

    @TempDir
    Path dir;

    private HttpFixture server(ServiceConfig.HttpLimits limits) throws Exception {
        return new HttpFixture(new ServiceConfig("127.0.0.1", 0, dir.resolve("data"), HttpFixture.MODEL, null, null, null, limits));
    }

    private static ServiceConfig.HttpLimits limits(Duration idle, long minRate, int connections, int heavy) {
        return new ServiceConfig.HttpLimits(idle, minRate, connections, heavy);
    }

    @Test
    void a_chunked_body_over_the_limit_is_413_problem_json() throws Exception {
        try (HttpFixture f = new HttpFixture(dir.resolve("data"));
             RawHttp c = new RawHttp(f.server.port(), ANSWER_MS)) {
            c.send("POST /v1/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = "a".repeat(16 * 1024);
            try {
                for (long sent = 0; sent <= TxmatchServer.MAX_BODY + chunk.length(); sent += chunk.length()) {
                    c.send(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
                }
                c.send("0\r\n\r\n");
            } catch (IOException e) {
                // the server may answer and close before the last chunk; its answer is what counts
            }
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.header("Content-Type")).startsWith(PROBLEM);
            assertThat(r.json().get("detail").asText()).contains(Long.toString(TxmatchServer.MAX_BODY));
        }
    }

    @Test
    void a_stalled_body_is_408_problem_json_after_the_idle_timeout() throws Exception {
        try (HttpFixture f = server(limits(Duration.ofSeconds(1), 0, 200, 0));
             RawHttp c = new RawHttp(f.server.port(), ANSWER_MS)) {
            c.send("POST /v1/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                    + "{\"text\": \"WAL");
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.header("Content-Type")).startsWith(PROBLEM);
        }
    }

    @Test
    void a_body_trickling_below_the_minimum_data_rate_is_408_problem_json() throws Exception {
        try (HttpFixture f = server(limits(Duration.ofSeconds(30), 1000, 200, 0));
             RawHttp c = new RawHttp(f.server.port(), ANSWER_MS)) {
            c.send("POST /v1/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n");
            CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        c.send(" ");
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException e) {
                    // answered and closed
                }
            });
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.header("Content-Type")).startsWith(PROBLEM);
            assertThat(r.json().get("detail").asText()).contains("too slowly");
            trickle.cancel(true);
        }
    }

    private static ServiceConfig.HttpLimits headerTimeout(Duration head) {
        return new ServiceConfig.HttpLimits(Duration.ofSeconds(30), 1024, 200, 0, head);
    }

    @Test
    void a_head_trickled_past_the_header_timeout_is_408_problem_json_while_others_are_served() throws Exception {
        try (HttpFixture f = server(headerTimeout(Duration.ofSeconds(1)));
             RawHttp slow = new RawHttp(f.server.port(), ANSWER_MS)) {
            // a byte every 300 ms: the 30 s idle timeout never fires, and the head would take a minute
            slow.send("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        Thread.sleep(300);
                        slow.send("a");
                    }
                } catch (IOException | InterruptedException e) {
                    // answered and closed
                }
            });
            try (RawHttp normal = new RawHttp(f.server.port(), ANSWER_MS)) {
                assertThat(normal.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            }
            RawHttp.Response r = slow.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.header("Content-Type")).startsWith(PROBLEM);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(r.json().get("detail").asText()).contains("request line and headers");
            trickle.cancel(true);
        }
    }

    @Test
    void a_connection_that_sends_nothing_is_408_after_the_header_timeout() throws Exception {
        try (HttpFixture f = server(headerTimeout(Duration.ofSeconds(1)));
             RawHttp silent = new RawHttp(f.server.port(), ANSWER_MS)) {
            RawHttp.Response r = silent.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.header("Content-Type")).startsWith(PROBLEM);
        }
    }

    @Test
    void a_keep_alive_connection_idle_between_requests_outlives_the_header_timeout() throws Exception {
        try (HttpFixture f = server(headerTimeout(Duration.ofMillis(500)));
             RawHttp c = new RawHttp(f.server.port(), ANSWER_MS)) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
                Thread.sleep(1_500);
            }
            assertThat(c.post("/v1/match", "{\"text\": \"WALMART\"}").read().status()).isEqualTo(200);
        }
    }

    @Test
    void connections_beyond_the_limit_wait_until_one_closes() throws Exception {
        try (HttpFixture f = server(limits(Duration.ofSeconds(30), 1024, 2, 0))) {
            RawHttp first = new RawHttp(f.server.port(), ANSWER_MS);
            RawHttp second = new RawHttp(f.server.port(), ANSWER_MS);
            assertThat(first.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            assertThat(second.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            try (RawHttp third = new RawHttp(f.server.port(), 1_000)) {
                third.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThatThrownBy(third::read).isInstanceOf(SocketTimeoutException.class);
                first.close();
                third.socket.setSoTimeout(ANSWER_MS);
                assertThat(third.read().status()).isEqualTo(200);
            } finally {
                second.close();
            }
        }
    }

    @Test
    void a_batch_over_the_items_times_k_cap_is_400_naming_the_cap() throws Exception {
        try (HttpFixture f = new HttpFixture(dir.resolve("data"))) {
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < 101; i++) {
                items.append(i == 0 ? "" : ",").append("{\"text\": \"WALMART ").append(i).append("\"}");
            }
            HttpFixture.Reply r = f.post("/v1/match/batch", "{\"k\": 100, \"items\": [" + items + "]}");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.contentType()).startsWith(PROBLEM);
            assertThat(r.body().get("detail").asText()).contains(Integer.toString(MatchRoutes.MAX_BATCH_ROWS));
            assertThat(f.post("/v1/match/batch", "{\"k\": 99, \"items\": [" + items + "]}").status()).isEqualTo(200);
        }
    }

    @Test
    void batch_matches_beyond_the_permits_are_503_with_retry_after() throws Exception {
        try (HttpFixture f = server(limits(Duration.ofSeconds(30), 0, 200, 1));
             Held held = holdBatch(f)) {
            RawHttp.Response busy = awaitStatus(f, "POST", RequestGate.HEAVY, 503);
            assertThat(busy.header("Content-Type")).startsWith(PROBLEM);
            assertThat(busy.header("Retry-After")).isEqualTo(Integer.toString(RequestGate.RETRY_AFTER_S));
            assertThat(f.match("WALMART").status()).isEqualTo(200);
            assertThat(finishBatch(held).status()).isEqualTo(200);
            assertThat(f.post(RequestGate.HEAVY, BATCH).status()).isEqualTo(200);
        }
    }

    @Test
    void a_request_during_close_is_503_problem_json_with_connection_close_and_one_in_flight_finishes() throws Exception {
        HttpFixture f = server(ServiceConfig.HttpLimits.DEFAULT);
        CompletableFuture<Void> closing;
        try (Held held = holdBatch(f)) {
            closing = CompletableFuture.runAsync(f::close);
            RawHttp.Response r = awaitStatus(f, "GET", "/health/live", 503);
            assertThat(r.header("Content-Type")).startsWith(PROBLEM);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(r.header("Retry-After")).isEqualTo(Integer.toString(RequestGate.RETRY_AFTER_S));
            assertThat(closing).isNotDone();
            assertThat(finishBatch(held).status()).isEqualTo(200);
        }
        closing.get();
    }

    @Test
    void jetty_s_own_errors_are_problem_json() throws Exception {
        try (HttpFixture f = new HttpFixture(dir.resolve("data"))) {
            try (RawHttp c = new RawHttp(f.server.port(), ANSWER_MS)) {
                RawHttp.Response r = c.send("NOT A REQUEST LINE\r\n\r\n").read();
                assertThat(r.status()).isEqualTo(400);
                assertThat(r.header("Content-Type")).startsWith(PROBLEM);
                assertThat(r.json().get("status").asInt()).isEqualTo(400);
            }
            try (RawHttp c = new RawHttp(f.server.port(), ANSWER_MS)) {
                RawHttp.Response r = c.send("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000)
                        + "\r\n\r\n").read();
                assertThat(r.status()).isEqualTo(431);
                assertThat(r.header("Content-Type")).startsWith(PROBLEM);
            }
        }
    }

    private static final String BATCH = "{\"items\": [{\"text\": \"WALMART PHOENIX AZ\"}]}";
    private static final int HELD_K = 10;

    /** A batch match being answered and holding its heavy permit, its head read; {@link #finishBatch} reads the rest. */
    private record Held(RawHttp socket, RawHttp.Response head) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * A batch match whose answer (10,000 rows of long names, about 10 MB) is left unread, past its head, on a socket
     * with a small receive buffer: the server blocks writing it, so it holds its heavy permit until
     * {@link #finishBatch}.
     */
    private static Held holdBatch(HttpFixture f) throws IOException, InterruptedException {
        String tail = " " + "LONDON HIGH STREET BRANCH ".repeat(16);
        for (int i = 0; i < HELD_K + 2; i++) {
            assertThat(f.enrol("COFFEE SHOP " + i + tail, "COFFEE SHOP " + i + tail).status()).isEqualTo(201);
        }
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < MatchRoutes.MAX_BATCH_ROWS / HELD_K; i++) {
            items.append(i == 0 ? "" : ",").append("{\"text\": \"COFFEE SHOP ").append(i % 7).append(" LONDON\"}");
        }
        RawHttp c = new RawHttp(f.server.port(), ANSWER_MS, 1024);
        c.post(RequestGate.HEAVY, "{\"k\": " + HELD_K + ", \"items\": [" + items + "]}");
        RawHttp.Response head = c.readHead();
        assertThat(head.status()).isEqualTo(200);
        return new Held(c, head);
    }

    private static RawHttp.Response finishBatch(Held held) throws IOException {
        RawHttp.Response r = held.socket().readBody(held.head());
        assertThat(r.body().length()).as("the held answer outgrows the socket buffers").isGreaterThan(8 << 20);
        return r;
    }

    /** Sends the request on fresh connections until it is answered {@code status}; fails after 10 s. */
    private static RawHttp.Response awaitStatus(HttpFixture f, String method, String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (RawHttp c = new RawHttp(f.server.port(), ANSWER_MS)) {
                RawHttp.Response r = method.equals("GET") ? c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read()
                        : c.post(path, BATCH).read();
                if (r.status() == status || System.nanoTime() > deadline) {
                    assertThat(r.status()).as("%s %s", method, path).isEqualTo(status);
                    return r;
                }
            }
            Thread.sleep(50);
        }
    }
}
