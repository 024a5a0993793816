package io.txmatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml for real: brings up txmatch and Prometheus under a project name of its own, with its own key
 * files and free loopback ports, sends traffic, and checks that Prometheus reports the txmatch target up and holds
 * {@code txmatch_http_requests_seconds_count} for that traffic; then takes the stack down with its volumes. Uses
 * {@code docker compose} or Debian's {@code docker-compose}, whichever answers. Reliability profile.
 */
@Tag("reliability")
@ExtendWith(DockerEngine.class)
@Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ComposeStackTest {
    static final Duration UP_DEADLINE = Duration.ofMinutes(10);
    static final Duration DOWN_DEADLINE = Duration.ofMinutes(2);
    static final long READY_DEADLINE_MS = 120_000;
    static final long SCRAPE_DEADLINE_MS = 120_000;
    static final int MATCHES = 25;
    static final String KEY = "compose-test-key-0123456789";

    @TempDir
    Path dir;

    @Test
    void prometheus_scrapes_txmatch_in_the_compose_stack() throws Exception {
        List<String> compose = composeCommand();
        String base = ContainerEndToEndTest.ensureBase(ContainerEndToEndTest.baseImage());
        assertThat(LocalTxmatch.STAGE.resolve("lib")).as("the image stage (mvn -pl deploy/image -am package)").isDirectory();
        int txmatchPort = freePort();
        int prometheusPort = freePort();
        Map<String, String> env = Map.of(
                "TXMATCH_KEYS", readable(dir.resolve("keys.txt"), KEY + " acme\n").toString(),
                "TXMATCH_METRICS_TOKEN", readable(dir.resolve("token.txt"), "compose-operator-key-0123456789\n").toString(),
                "TXMATCH_PORT", Integer.toString(txmatchPort),
                "PROMETHEUS_PORT", Integer.toString(prometheusPort),
                "BASE_IMAGE", base);
        List<String> project = new ArrayList<>(compose);
        project.addAll(List.of("-f", LocalTxmatch.ROOT.resolve("docker-compose.yml").toString(),
                "-p", "txmatch-check-" + UUID.randomUUID().toString().substring(0, 8)));
        long started = System.nanoTime();
        try {
            Command up = Command.run(LocalTxmatch.ROOT, env, UP_DEADLINE, plus(project, "up", "-d", "--build"));
            assertThat(up.ok()).as(up.describe()).isTrue();
            Api txmatch = new Api("http://127.0.0.1:" + txmatchPort, KEY);
            awaitReady(txmatch, project, env);
            double readyS = (System.nanoTime() - started) / 1e9;
            Scenario.enrol(txmatch, "Netflix", "RECURRING PAYMENT NETFLIX.COM CA");
            for (int i = 0; i < MATCHES; i++) {
                assertThat(txmatch.post("/v1/match", "{\"text\": \"NETFLIX.COM " + i + " CA\"}").status()).isEqualTo(200);
            }
            Api prometheus = new Api("http://127.0.0.1:" + prometheusPort, null);
            long deadline = System.currentTimeMillis() + SCRAPE_DEADLINE_MS;
            double up1 = -1;
            double matches = -1;
            while (System.currentTimeMillis() < deadline && (up1 != 1 || matches < MATCHES)) {
                Thread.sleep(2000);
                up1 = query(prometheus, "up{job=\"txmatch\"}");
                matches = query(prometheus, "sum(txmatch_http_requests_seconds_count{route=\"/v1/match\",status=\"200\"})");
            }
            assertThat(up1).as("Prometheus reports the txmatch target up within " + SCRAPE_DEADLINE_MS / 1000 + " s\n"
                    + logs(project, env)).isEqualTo(1.0);
            assertThat(matches).as("txmatch_http_requests_seconds_count for the matches sent, as Prometheus holds it")
                    .isGreaterThanOrEqualTo(MATCHES);
            System.out.printf("compose check: up{job=\"txmatch\"}=%.0f txmatch_http_requests_seconds_count{route=\"/v1/match\"}=%.0f"
                    + " (sent %d), txmatch ready %.1f s after compose up (build included), scraped %.1f s after%n",
                    up1, matches, MATCHES, readyS, (System.nanoTime() - started) / 1e9 - readyS);
        } finally {
            Command down = Command.run(LocalTxmatch.ROOT, env, DOWN_DEADLINE, plus(project, "down", "-v", "--remove-orphans"));
            if (!down.ok()) {
                System.out.println("[deploy] compose down failed: " + down.describe());
            }
        }
    }

    /** {@code docker compose} where the plugin answers, else {@code docker-compose}; skips saying so without either. */
    static List<String> composeCommand() {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            Command version = Command.run(LocalTxmatch.ROOT, Map.of(), Duration.ofSeconds(20), plus(candidate, "version"));
            if (version.ok()) {
                return candidate;
            }
        }
        String why = "neither `docker compose` nor `docker-compose` answers (apt-get install -y docker-compose)";
        System.out.println("[deploy] ComposeStackTest SKIPPED: " + why);
        org.junit.jupiter.api.Assumptions.abort(why);
        return List.of();
    }

    private static void awaitReady(Api txmatch, List<String> project, Map<String, String> env) throws InterruptedException {
        long deadline = System.currentTimeMillis() + READY_DEADLINE_MS;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (txmatch.get("/health/ready").status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        fail("txmatch in the compose stack was not ready within " + READY_DEADLINE_MS / 1000 + " s\n" + logs(project, env));
    }

    /** The single value of an instant PromQL query, or -1 when it has none (yet). */
    private static double query(Api prometheus, String promql) throws Exception {
        Api.Reply r = prometheus.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (r.status() != 200 || r.body() == null) {
            return -1;
        }
        JsonNode result = r.body().path("data").path("result");
        return result.isEmpty() ? -1 : Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private static String logs(List<String> project, Map<String, String> env) {
        return Command.run(LocalTxmatch.ROOT, env, Duration.ofSeconds(30), plus(project, "logs", "--tail", "40")).describe();
    }

    private static Path readable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        // Bind-mounted as secrets: the services' users (10001, nobody) must be able to read them.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<String> plus(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
