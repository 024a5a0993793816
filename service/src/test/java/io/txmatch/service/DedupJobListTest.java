package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dedup job API as the README describes it: 202 queued, the job list, cancelled jobs visible, strict bodies. */
class DedupJobListTest {
    private static final String BODY = "{\"records\": [{\"id\": \"a\", \"text\": \"POS PURCHASE WAL-MART #0931 DALLAS TX\"},"
            + " {\"id\": \"b\", \"text\": \"POS PURCHASE WAL-MART #1120 TULSA OK\"}]}";

    @TempDir
    Path dir;

    @Test
    void the_202_says_queued_every_time_since_the_job_has_not_started_when_it_is_accepted() throws Exception {
        try (HttpFixture f = new HttpFixture(dir)) {
            for (int i = 0; i < 20; i++) {
                HttpFixture.Reply r = f.post("/v1/dedup/jobs", BODY);
                assertThat(r.status()).isEqualTo(202);
                assertThat(r.body().get("state").asText()).as("submission " + i).isEqualTo("queued");
                assertThat(r.body().get("progress").asDouble()).isZero();
                assertThat(r.body().has("startedAt")).isFalse();
                DedupJobsTest.await(f, r.body().get("jobId").asText());
            }
        }
    }

    @Test
    void the_list_shows_the_tenants_jobs_newest_first_without_clusters_and_a_cancelled_one_as_cancelled() throws Exception {
        try (HttpFixture f = new HttpFixture(dir)) {
            String done = f.post("/v1/dedup/jobs", BODY).body().get("jobId").asText();
            assertThat(DedupJobsTest.await(f, done).get("clusters")).isNotEmpty();
            List<String> waiting = new ArrayList<>();
            try (AutoCloseable hold = f.server.dedupJobs().hold()) {
                waiting.add(f.post("/v1/dedup/jobs", BODY).body().get("jobId").asText());
                waiting.add(f.post("/v1/dedup/jobs", BODY).body().get("jobId").asText());
                assertThat(f.delete("/v1/dedup/jobs/" + waiting.get(0)).status()).isEqualTo(204);
                JsonNode cancelled = f.get("/v1/dedup/jobs/" + waiting.get(0)).body();
                assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");

                HttpFixture.Reply list = f.get("/v1/dedup/jobs");
                assertThat(list.status()).isEqualTo(200);
                JsonNode jobs = list.body().get("jobs");
                List<String> ids = new ArrayList<>();
                List<String> states = new ArrayList<>();
                jobs.forEach(j -> {
                    ids.add(j.get("jobId").asText());
                    states.add(j.get("state").asText());
                    assertThat(j.has("clusters")).isFalse();
                });
                assertThat(ids).containsExactly(waiting.get(1), waiting.get(0), done);
                assertThat(states).containsExactly("queued", "cancelled", "done");
                assertThat(jobs.get(2).get("stats").get("clusters").asInt()).isPositive();
            }
        }
    }

    @Test
    void an_unknown_field_in_the_submit_body_is_a_400_naming_it() throws Exception {
        try (HttpFixture f = new HttpFixture(dir)) {
            HttpFixture.Reply r = f.post("/v1/dedup/jobs", BODY.replace("{\"records\"", "{\"callbackUrl\": \"https://example.com/hook\", \"records\""));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body().get("detail").asText()).contains("callbackUrl");
            assertThat(f.get("/v1/dedup/jobs").body().get("jobs")).isEmpty();
        }
    }
}
