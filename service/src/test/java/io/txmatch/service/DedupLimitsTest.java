package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What dedup jobs hold, over real HTTP: cancelled jobs free their records at once and stay visible, the queue and
 * the records held are bounded (429 with {@code Retry-After}), and amounts that cannot be written out are refused.
 */
class DedupLimitsTest {
    private static final int TENANTS = 6;

    @TempDir
    Path dir;

    private static String key(int tenant) {
        return "key-for-tenant-" + tenant + "-00000" + tenant;
    }

    private HttpFixture server() throws Exception {
        StringBuilder keys = new StringBuilder();
        for (int t = 0; t < TENANTS; t++) {
            keys.append(key(t)).append(" tenant").append(t).append('\n');
        }
        Path file = Files.writeString(dir.resolve("keys.txt"), keys);
        return new HttpFixture(new ServiceConfig("127.0.0.1", 0, dir.resolve("data"), HttpFixture.MODEL, file));
    }

    private static String body(int records) {
        ObjectNode root = HttpFixture.JSON.createObjectNode();
        ArrayNode array = root.putArray("records");
        for (int i = 0; i < records; i++) {
            array.addObject().put("id", "r" + i).put("text", "POS PURCHASE WAL-MART #" + i + " DALLAS TX");
        }
        return root.toString();
    }

    private static String submit(HttpFixture f, int tenant, int records) throws Exception {
        HttpFixture.Reply r = f.as(key(tenant)).post("/v1/dedup/jobs", body(records));
        assertThat(r.status()).as("tenant %d", tenant).isEqualTo(202);
        return r.body().get("jobId").asText();
    }

    /** A submission that must be refused: 429, problem+json, Retry-After; returns the detail. */
    private static String refused(HttpFixture f, int tenant, int records) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + f.server.port() + "/v1/dedup/jobs"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key(tenant))
                .POST(HttpRequest.BodyPublishers.ofString(body(records))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.headers().firstValue("Retry-After")).contains(Integer.toString(DedupJobs.RETRY_AFTER_SECONDS));
        JsonNode problem = HttpFixture.JSON.readTree(r.body());
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        return problem.get("detail").asText();
    }

    private static void cancel(HttpFixture f, int tenant, String jobId) throws Exception {
        assertThat(f.as(key(tenant)).delete("/v1/dedup/jobs/" + jobId).status()).isEqualTo(204);
    }

    @Test
    void cancelled_jobs_free_their_records_at_once_and_stay_visible_as_cancelled() throws Exception {
        try (HttpFixture f = server()) {
            DedupJobs jobs = f.server.dedupJobs();
            String first;
            try (AutoCloseable held = jobs.hold()) {
                first = submit(f, 0, 5); // waits for as long as the runner is held: every later job queues behind it
                for (int cycle = 0; cycle < 200; cycle++) {
                    String id = submit(f, 0, 50);
                    cancel(f, 0, id);
                    HttpFixture.Reply cancelled = f.get("/v1/dedup/jobs/" + id);
                    assertThat(cancelled.status()).isEqualTo(200);
                    assertThat(cancelled.body().get("state").asText()).isEqualTo("cancelled");
                    assertThat(cancelled.body().get("records").asInt()).isEqualTo(50);
                }
                // 200 cancelled jobs of 50 records each: none of their records is held, nor is any in the queue.
                assertThat(jobs.heldRecords()).isEqualTo(5);
                assertThat(jobs.queued()).isEqualTo(1);
                assertThat(f.get("/v1/dedup/jobs/" + first).body().get("state").asText()).isEqualTo("queued");
            }
            JsonNode done = DedupJobsTest.await(f, first);
            assertThat(done.get("clusters")).isNotEmpty();
            // A finished job keeps its result, not its input.
            assertThat(jobs.get("tenant0", first)).hasValueSatisfying(j -> assertThat(j.records).isNull());
            assertThat(jobs.heldRecords()).isZero();
            // Deleting a finished job forgets it.
            cancel(f, 0, first);
            assertThat(f.get("/v1/dedup/jobs/" + first).status()).isEqualTo(404);
        }
    }

    @Test
    void the_queue_and_the_records_held_are_bounded_per_tenant_and_overall() throws Exception {
        try (HttpFixture f = server(); AutoCloseable held = f.server.dedupJobs().hold()) {
            DedupJobs jobs = f.server.dedupJobs();
            List<String[]> accepted = new ArrayList<>();
            // Jobs per tenant.
            for (int i = 0; i < DedupJobs.MAX_ACTIVE; i++) {
                accepted.add(new String[] {"0", submit(f, 0, 3)});
            }
            assertThat(refused(f, 0, 3)).contains("at most " + DedupJobs.MAX_ACTIVE + " dedup jobs");
            // Jobs waiting overall: the other tenants fill the queue.
            for (int t = 1; accepted.size() < DedupJobs.MAX_QUEUED; t++) {
                for (int i = 0; i < DedupJobs.MAX_ACTIVE && accepted.size() < DedupJobs.MAX_QUEUED; i++) {
                    accepted.add(new String[] {Integer.toString(t), submit(f, t, 3)});
                }
            }
            assertThat(jobs.queued()).isEqualTo(DedupJobs.MAX_QUEUED);
            assertThat(refused(f, TENANTS - 1, 3)).contains("queue is full");
            for (String[] a : accepted) {
                cancel(f, Integer.parseInt(a[0]), a[1]);
            }
            assertThat(jobs.heldRecords()).isZero();
            accepted.clear();

            // Records per tenant, then overall: full jobs until the service holds its most.
            int perTenant = DedupJobs.MAX_TENANT_RECORDS / DedupJobs.MAX_RECORDS;
            for (int i = 0; i < perTenant; i++) {
                accepted.add(new String[] {"0", submit(f, 0, DedupJobs.MAX_RECORDS)});
            }
            assertThat(refused(f, 0, 1)).contains("at most " + DedupJobs.MAX_TENANT_RECORDS + " records");
            for (int t = 1; jobs.heldRecords() < DedupJobs.MAX_HELD_RECORDS; t++) {
                for (int i = 0; i < perTenant && jobs.heldRecords() < DedupJobs.MAX_HELD_RECORDS; i++) {
                    accepted.add(new String[] {Integer.toString(t), submit(f, t, DedupJobs.MAX_RECORDS)});
                }
            }
            assertThat(jobs.heldRecords()).isEqualTo(DedupJobs.MAX_HELD_RECORDS);
            assertThat(refused(f, TENANTS - 1, 1)).contains("at most " + DedupJobs.MAX_HELD_RECORDS);
            for (String[] a : accepted) {
                cancel(f, Integer.parseInt(a[0]), a[1]);
            }
            assertThat(jobs.heldRecords()).isZero();
            // Room again.
            cancel(f, TENANTS - 1, submit(f, TENANTS - 1, 1));
        }
    }

    @Test
    void an_amount_that_cannot_be_written_out_is_a_bad_request() throws Exception {
        try (HttpFixture f = server()) {
            f.as(key(0));
            for (String amount : List.of("1e500000000", "-1e500000000", "1e-500000000", "1e31")) {
                String body = "{\"records\": [{\"id\": \"t1\", \"text\": \"SHELL OIL 0042\", \"amount\": " + amount + "},"
                        + " {\"id\": \"t2\", \"text\": \"SHELL OIL 0043\", \"amount\": 12.5}], \"sameAmount\": true}";
                assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThan(230);
                HttpFixture.Reply r = f.post("/v1/dedup/jobs", body);
                assertThat(r.status()).as(amount).isEqualTo(400);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.body().get("detail").asText()).startsWith("'records[0].amount': amount must have at most 30 digits");
            }
            assertThat(f.server.dedupJobs().heldRecords()).isZero();
            HttpFixture.Reply ok = f.post("/v1/dedup/jobs", "{\"records\": [{\"id\": \"t1\", \"text\": \"SHELL OIL\","
                    + " \"amount\": 1.2345E+3}], \"sameAmount\": true}");
            assertThat(ok.status()).isEqualTo(202);
            assertThat(DedupJobsTest.await(f, ok.body().get("jobId").asText()).get("clusters")).hasSize(1);
        }
    }
}
