package io.txmatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-to-end scenario every deployment must pass, whatever runs it (container or local process):
 * enrol from one example, match, batch match, and a dedup job, all over HTTP.
 */
final class Scenario {
    private Scenario() {
    }

    static void run(Api api) throws Exception {
        assertThat(api.get("/health/ready").status()).isEqualTo(200);
        String outback = enrol(api, "Outback Steakhouse", "CHECKCARD 0615 OUTBACK STEAKHOUSE 0310 TEMPE AZ");
        String walmart = enrol(api, "Walmart", "POS PURCHASE WAL-MART #0931 DALLAS TX");
        String netflix = enrol(api, "Netflix", "RECURRING PAYMENT NETFLIX.COM CA");

        Api.Reply match = api.post("/v1/match", "{\"text\": \"CHECKCARD 0701 OUTBACK STEAKHOUSE 4471 PHOENIX AZ\"}");
        assertThat(match.status()).isEqualTo(200);
        assertThat(match.body().get("matches").get(0).get("merchantId").asText()).isEqualTo(outback);

        Api.Reply batch = api.post("/v1/match/batch", "{\"items\": [{\"id\": \"a\", \"text\": \"POS PURCHASE WAL-MART #1120 TULSA OK\"},"
                + " {\"id\": \"b\", \"text\": \"RECURRING PAYMENT NETFLIX.COM 866-579-7172 CA\"}]}");
        assertThat(batch.status()).isEqualTo(200);
        JsonNode results = batch.body().get("results");
        assertThat(results.get(0).get("id").asText()).isEqualTo("a");
        assertThat(results.get(0).get("matches").get(0).get("merchantId").asText()).isEqualTo(walmart);
        assertThat(results.get(1).get("matches").get(0).get("merchantId").asText()).isEqualTo(netflix);

        ObjectNode job = Api.JSON.createObjectNode();
        ArrayNode records = job.putArray("records");
        String[] texts = {"CHECKCARD 0615 OUTBACK STEAKHOUSE 0310 TEMPE AZ", "POS PURCHASE WAL-MART #0931 DALLAS TX",
            "CHECKCARD 0701 OUTBACK STEAKHOUSE 4471 PHOENIX AZ", "POS PURCHASE WAL-MART #1120 TULSA OK"};
        for (int i = 0; i < texts.length; i++) {
            records.addObject().put("id", "t" + i).put("text", texts[i]);
        }
        Api.Reply submitted = api.post("/v1/dedup/jobs", job.toString());
        assertThat(submitted.status()).isEqualTo(202);
        String jobId = submitted.body().get("jobId").asText();
        JsonNode done = null;
        for (int i = 0; i < 600 && done == null; i++) {
            JsonNode state = api.get("/v1/dedup/jobs/" + jobId).body();
            if (state.get("state").asText().equals("done")) {
                done = state;
            } else {
                assertThat(state.get("state").asText()).isIn("queued", "running");
                Thread.sleep(100);
            }
        }
        assertThat(done).as("dedup job finished within a minute").isNotNull();
        List<List<String>> clusters = new ArrayList<>();
        for (JsonNode c : done.get("clusters")) {
            List<String> members = new ArrayList<>();
            c.get("members").forEach(m -> members.add(m.asText()));
            clusters.add(members);
        }
        assertThat(clusters).containsExactlyInAnyOrder(List.of("t0", "t2"), List.of("t1", "t3"));

        Api.Reply bad = api.post("/v1/match", "{\"text\": 42}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
    }

    static String enrol(Api api, String name, String example) throws Exception {
        Api.Reply r = api.post("/v1/merchants", Api.JSON.createObjectNode().put("name", name)
                .<ObjectNode>set("examples", Api.JSON.createArrayNode().add(example)).toString());
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("id").asText();
    }
}
