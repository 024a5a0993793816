package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dedup jobs over real HTTP: submit, poll, clusters, validation, cancellation, tenant isolation. */
class DedupJobsTest {
    @TempDir
    Path dir;

    private static final String[] TEXTS = {
        "CHECKCARD 0615 OUTBACK STEAKHOUSE 0310 TEMPE AZ", "POS PURCHASE WAL-MART #0931 DALLAS TX",
        "CHECKCARD 0701 OUTBACK STEAKHOUSE 4471 PHOENIX AZ", "POS PURCHASE WAL-MART #1120 TULSA OK",
        "POS PURCHASE OUTBACK STEAKHOUSE 4471 PHOENIX AZ", "RECURRING PAYMENT NETFLIX.COM CA"};

    private static String body(String... texts) {
        ObjectNode root = HttpFixture.JSON.createObjectNode();
        ArrayNode records = root.putArray("records");
        for (int i = 0; i < texts.length; i++) {
            records.addObject().put("id", "tx" + i).put("text", texts[i]);
        }
        return root.toString();
    }

    static JsonNode await(HttpFixture f, String jobId) throws Exception {
        for (int i = 0; i < 600; i++) {
            HttpFixture.Reply r = f.get("/v1/dedup/jobs/" + jobId);
            assertThat(r.status()).isEqualTo(200);
            String state = r.body().get("state").asText();
            assertThat(state).isIn("queued", "running", "done");
            assertThat(r.body().get("progress").asDouble()).isBetween(0.0, 1.0);
            if (state.equals("done")) {
                return r.body();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " did not finish in 30 s");
    }

    @Test
    void a_job_groups_records_of_one_merchant_and_reports_its_clusters() throws Exception {
        try (HttpFixture f = new HttpFixture(dir)) {
            HttpFixture.Reply submitted = f.post("/v1/dedup/jobs", body(TEXTS));
            assertThat(submitted.status()).isEqualTo(202);
            String jobId = submitted.body().get("jobId").asText();
            assertThat(submitted.body().get("state").asText()).isIn("queued", "running", "done");
            JsonNode done = await(f, jobId);
            assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
            assertThat(done.get("records").asInt()).isEqualTo(6);
            List<List<String>> clusters = new ArrayList<>();
            for (JsonNode c : done.get("clusters")) {
                List<String> members = new ArrayList<>();
                c.get("members").forEach(m -> members.add(m.asText()));
                assertThat(members).contains(c.get("representative").asText());
                assertThat(c.get("id").asText()).isEqualTo(c.get("representative").asText());
                assertThat(c.get("scores")).hasSize(members.size());
                clusters.add(members);
            }
            assertThat(clusters).containsExactlyInAnyOrder(List.of("tx0", "tx2", "tx4"), List.of("tx1", "tx3"), List.of("tx5"));
            assertThat(done.get("stats").get("clusters").asInt()).isEqualTo(3);
        }
    }

    @Test
    void bad_jobs_get_a_problem_and_unknown_ids_404() throws Exception {
        try (HttpFixture f = new HttpFixture(dir)) {
            String dupIds = "{\"records\": [{\"id\": \"a\", \"text\": \"SHELL OIL\"}, {\"id\": \"a\", \"text\": \"NETFLIX\"}]}";
            String[][] cases = {
                {"{}", "'records' is required"},
                {"{\"records\": []}", "non-empty array"},
                {"{\"records\": [{\"text\": \"SHELL\"}]}", "'records[0].id' is required"},
                {"{\"records\": [{\"id\": \"a\", \"text\": \"\"}]}", "must not be empty"},
                {"{\"records\": [{\"id\": \"a\", \"text\": \"" + "X".repeat(513) + "\"}]}", "longer than 512"},
                {dupIds, "repeats the id 'a'"},
                {"{\"records\": [{\"id\": \"a\", \"text\": \"SHELL\", \"amount\": \"ten\"}]}", "must be a number"},
                {"{\"records\": [{\"id\": \"a\", \"text\": \"SHELL\"}], \"threshold\": 1e309}", "'threshold' must be a number"},
                {"{\"records\": [{\"id\": \"a\", \"text\": \"SHELL\", \"date\": \"15/06/2026\"}]}", "YYYY-MM-DD"},
                {"{\"records\": [{\"id\": \"a\", \"text\": \"SHELL\"}], \"threshold\": 2}", "'threshold' must be a number"},
                {"{\"records\": [{\"id\": \"a\", \"text\": \"SHELL\"}], \"maxDateGapDays\": 3}", "'records[0].date' is required"},
                {"{\"records\": [{\"id\": \"a\", \"text\": \"SHELL\"}], \"sameAmount\": \"yes\"}", "true or false"},
                {"[1, 2]", "JSON object"},
            };
            for (String[] c : cases) {
                HttpFixture.Reply r = f.post("/v1/dedup/jobs", c[0]);
                assertThat(r.status()).as(c[0]).isEqualTo(400);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.body().get("detail").asText()).as(c[0]).contains(c[1]);
            }
            StringBuilder many = new StringBuilder("{\"records\": [");
            for (int i = 0; i <= DedupJobs.MAX_RECORDS; i++) {
                many.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"text\":\"A\"}");
            }
            assertThat(f.post("/v1/dedup/jobs", many.append("]}").toString()).body().get("detail").asText())
                    .contains("more than " + DedupJobs.MAX_RECORDS);
            assertThat(f.post("/v1/dedup/jobs", body(TEXTS), "text/plain").status()).isEqualTo(415);
            assertThat(f.get("/v1/dedup/jobs/job_nope").status()).isEqualTo(404);
            assertThat(f.delete("/v1/dedup/jobs/job_nope").status()).isEqualTo(404);
        }
    }

    @Test
    void a_cancelled_job_is_forgotten_and_other_tenants_never_see_a_job() throws Exception {
        Path keys = dir.resolve("keys.txt");
        Files.writeString(keys, "key-for-tenant-a-0001 acme\nkey-for-tenant-b-0002 globex\n");
        try (HttpFixture f = new HttpFixture(new ServiceConfig("127.0.0.1", 0, dir.resolve("data"), HttpFixture.MODEL, keys))) {
            String jobId = f.as("key-for-tenant-a-0001").post("/v1/dedup/jobs", body(TEXTS)).body().get("jobId").asText();
            f.as("key-for-tenant-b-0002");
            assertThat(f.get("/v1/dedup/jobs/" + jobId).status()).isEqualTo(404);
            assertThat(f.delete("/v1/dedup/jobs/" + jobId).status()).isEqualTo(404);
            f.as("key-for-tenant-a-0001");
            await(f, jobId);
            assertThat(f.delete("/v1/dedup/jobs/" + jobId).status()).isEqualTo(204);
            assertThat(f.get("/v1/dedup/jobs/" + jobId).status()).isEqualTo(404);
            f.key = null;
            assertThat(f.post("/v1/dedup/jobs", body(TEXTS)).status()).isEqualTo(401);
        }
    }

    @Test
    void a_tenant_may_queue_only_a_few_jobs_and_cancelling_frees_a_slot() throws Exception {
        // The engine is held back until the latch opens, so jobs stay waiting or running for as long as the test needs.
        java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);
        io.txmatch.dedup.DedupEngine engine = new io.txmatch.dedup.DedupEngine(io.txmatch.model.Encoder.load(HttpFixture.MODEL));
        try (DedupJobs jobs = new DedupJobs(() -> {
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return engine;
        })) {
            List<io.txmatch.dedup.DedupRecord> records = List.of(io.txmatch.dedup.DedupRecord.of("a", TEXTS[0]),
                    io.txmatch.dedup.DedupRecord.of("b", TEXTS[2]));
            io.txmatch.dedup.DedupOptions o = io.txmatch.dedup.DedupOptions.defaults();
            List<DedupJobs.Job> accepted = new ArrayList<>();
            for (int i = 0; i < DedupJobs.MAX_ACTIVE; i++) {
                accepted.add(jobs.submit("acme", records, o));
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> jobs.submit("acme", records, o))
                    .isInstanceOf(DedupJobs.Refused.class).hasMessageContaining("at most " + DedupJobs.MAX_ACTIVE + " dedup jobs");
            DedupJobs.Job other = jobs.submit("globex", records, o); // another tenant's slots are its own
            DedupJobs.Job last = accepted.get(DedupJobs.MAX_ACTIVE - 1);
            assertThat(last.state).isEqualTo(DedupJobs.State.QUEUED);
            assertThat(jobs.cancel("acme", last.id)).isTrue();
            assertThat(last.state).isEqualTo(DedupJobs.State.CANCELLED);
            assertThat(jobs.get("acme", last.id)).contains(last); // visible as cancelled, its records freed
            assertThat(last.records).isNull();
            DedupJobs.Job replacement = jobs.submit("acme", records, o);
            // The first job is running (its engine held back): cancelling it stops it once it gets going.
            DedupJobs.Job running = accepted.get(0);
            for (int i = 0; i < 100 && running.state != DedupJobs.State.RUNNING; i++) {
                Thread.sleep(20);
            }
            assertThat(running.state).isEqualTo(DedupJobs.State.RUNNING);
            assertThat(jobs.cancel("acme", running.id)).isTrue();
            open.countDown();
            replacement.future.get();
            running.future.get();
            assertThat(running.state).isEqualTo(DedupJobs.State.CANCELLED);
            assertThat(running.result).isNull();
            assertThat(replacement.state).isEqualTo(DedupJobs.State.DONE);
            assertThat(accepted.get(1).state).isEqualTo(DedupJobs.State.DONE);
            assertThat(other.result.clusterId().get(0)).isEqualTo(other.result.clusterId().get(1));
            assertThat(DedupJobs.view(replacement).progress()).isEqualTo(1.0);
        }
    }
}
