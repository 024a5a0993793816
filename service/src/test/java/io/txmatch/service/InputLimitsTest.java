package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.txmatch.match.MetadataLimits;
import io.txmatch.match.TenantQuotas;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17: metadata limits, tenant quotas and texts that normalise to nothing, over real HTTP. */
class InputLimitsTest {
    @TempDir
    Path data;

    private static void assertProblem(HttpFixture.Reply r, int status, String detailPart) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("detail").asText()).contains(detailPart);
    }

    private static String enrolBody(String name, String metadata) {
        return "{\"name\": \"" + name + "\", \"examples\": [\"" + name.toUpperCase() + " 0042 LONDON\"], \"metadata\": "
                + metadata + "}";
    }

    private static HttpFixture withQuotas(Path dir, long merchants, long examples, long bytes) throws Exception {
        return new HttpFixture(new ServiceConfig("127.0.0.1", 0, dir, HttpFixture.MODEL, null,
                new TenantQuotas.Limits(merchants, examples, bytes)));
    }

    @Test
    void metadata_beyond_its_size_depth_or_key_limits_is_refused_and_nothing_is_stored() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            String big = "{\"note\": \"" + "x".repeat(MetadataLimits.MAX_BYTES) + "\"}";
            assertProblem(f.post("/v1/merchants", enrolBody("Big", big)), 400, "at most 4096");
            String deep = "{\"a\": " + "[".repeat(MetadataLimits.MAX_DEPTH) + "]".repeat(MetadataLimits.MAX_DEPTH) + "}";
            assertProblem(f.post("/v1/merchants", enrolBody("Deep", deep)), 400, "deeper than");
            // Far deeper than the limit: refused by the parser itself, before a tree is built.
            String deeper = "{\"a\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
            assertProblem(f.post("/v1/merchants", enrolBody("Deeper", deeper)), 400, "deeper than");
            StringBuilder keys = new StringBuilder("{");
            for (int i = 0; i <= MetadataLimits.MAX_KEYS; i++) {
                keys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": ").append(i);
            }
            assertProblem(f.post("/v1/merchants", enrolBody("Keys", keys.append("}").toString())), 400, "more than 64 keys");
            // Nested keys count too.
            assertProblem(f.post("/v1/merchants", enrolBody("Nested", "{\"a\": [" + keys.toString().replace("{", "{\"x\":1,")
                    + "]}")), 400, "keys");
            assertThat(f.get("/v1/merchants").body().get("merchants")).isEmpty();

            // At the limits: accepted, and kept exactly.
            String atDepth = "{\"a\": " + "[".repeat(MetadataLimits.MAX_DEPTH - 1) + "1.5" + "]".repeat(MetadataLimits.MAX_DEPTH - 1) + "}";
            HttpFixture.Reply ok = f.post("/v1/merchants", enrolBody("Deep Enough", atDepth));
            assertThat(ok.status()).isEqualTo(201);
            assertThat(ok.body().get("metadata").toString()).isEqualTo(atDepth.replace(" ", ""));
        }
    }

    @Test
    void metadata_survives_a_restart_digit_for_digit() throws Exception {
        String meta = "{\"amount\":12345678901234567.89,\"n\":[1,2.50,-3e5],\"s\":\"caf\\u00e9 \\\"q\\\"\",\"o\":{\"t\":true,\"z\":null}}";
        String id;
        String before;
        try (HttpFixture f = new HttpFixture(data)) {
            HttpFixture.Reply r = f.post("/v1/merchants", enrolBody("Exact", meta));
            assertThat(r.status()).isEqualTo(201);
            id = r.body().get("id").asText();
            before = f.get("/v1/merchants/" + id).body().get("metadata").toString();
        }
        try (HttpFixture f = new HttpFixture(data)) {
            assertThat(f.get("/v1/merchants/" + id).body().get("metadata").toString()).isEqualTo(before);
        }
    }

    @Test
    void quotas_refuse_with_403_naming_the_quota_free_on_delete_and_are_recounted_after_a_restart() throws Exception {
        String first;
        try (HttpFixture f = withQuotas(data, 2, 4, 1_000_000)) {
            first = f.enrol("Alpha", "ALPHA STORE 1").body().get("id").asText();
            assertThat(f.enrol("Beta", "BETA STORE 2").status()).isEqualTo(201);
            HttpFixture.Reply full = f.enrol("Gamma", "GAMMA STORE 3");
            assertProblem(full, 403, "at most 2 merchants");
            assertThat(full.body().get("type").asText()).isEqualTo("urn:txmatch:problem:quota-exceeded:merchants");
            assertThat(full.body().get("title").asText()).isEqualTo("Quota exceeded: merchants");
            assertThat(f.get("/v1/merchants").body().get("merchants")).hasSize(2);

            HttpFixture.Reply tooMany = f.post("/v1/merchants/" + first + "/examples",
                    "{\"texts\": [\"ALPHA 2\", \"ALPHA 3\", \"ALPHA 4\"]}");
            assertProblem(tooMany, 403, "at most 4 examples");
            assertThat(tooMany.body().get("type").asText()).endsWith(":examples");
            assertThat(f.post("/v1/merchants/" + first + "/examples", "{\"texts\": [\"ALPHA 2\", \"ALPHA 3\"]}").status())
                    .isEqualTo(200);

            assertThat(f.delete("/v1/merchants/" + first).status()).isEqualTo(204);
            assertThat(f.enrol("Gamma", "GAMMA STORE 3").status()).as("the delete freed a merchant and 3 examples").isEqualTo(201);
            assertProblem(f.enrol("Delta", "DELTA STORE 4"), 403, "merchants");
        }
        // Restart: usage is counted again from the log (Beta and Gamma: 2 merchants, 2 examples).
        try (HttpFixture f = withQuotas(data, 2, 4, 1_000_000)) {
            assertProblem(f.enrol("Delta", "DELTA STORE 4"), 403, "it holds 2");
        }
        try (HttpFixture f = withQuotas(data, 3, 3, 1_000_000)) {
            assertProblem(f.post("/v1/merchants", "{\"name\": \"Delta\", \"examples\": [\"DELTA 1\", \"DELTA 2\"]}"), 403,
                    "examples; it holds 2");
            assertThat(f.enrol("Delta", "DELTA STORE 4").status()).isEqualTo(201);
        }
    }

    @Test
    void the_bytes_quota_counts_names_metadata_and_examples() throws Exception {
        try (HttpFixture f = withQuotas(data, 100, 100, 200)) {
            HttpFixture.Reply r = f.post("/v1/merchants", enrolBody("Alpha", "{\"note\": \"" + "n".repeat(150) + "\"}"));
            assertThat(r.status()).isEqualTo(201);
            HttpFixture.Reply over = f.enrol("Beta", "B".repeat(40));
            assertProblem(over, 403, "bytes");
            assertThat(over.body().get("type").asText()).isEqualTo("urn:txmatch:problem:quota-exceeded:bytes");
            assertThat(f.delete("/v1/merchants/" + r.body().get("id").asText()).status()).isEqualTo(204);
            assertThat(f.enrol("Beta", "B".repeat(40)).status()).isEqualTo(201);
        }
    }

    @Test
    void a_text_that_normalises_to_nothing_is_refused_at_enrolment_and_matches_nothing() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            assertProblem(f.enrol("Bangs", "!!!!"), 400, "no letter or digit");
            assertProblem(f.enrol("Emoji", "GOOD TEXT", "😀🎉"), 400, "example 1");
            assertThat(f.get("/v1/merchants").body().get("merchants")).isEmpty();
            String id = f.enrol("Walmart", "WAL-MART #0931 DALLAS TX").body().get("id").asText();
            assertProblem(f.post("/v1/merchants/" + id + "/examples", "{\"texts\": [\"\\u200B\\u200B\"]}"), 400, "no letter");

            for (String blank : new String[] {"!!!!", "😀🎉", "\u200B\u200B", "\u0301\u0308"}) {
                HttpFixture.Reply m = f.match(blank);
                assertThat(m.status()).isEqualTo(200);
                assertThat(m.body().get("confidence").asText()).as(blank).isEqualTo("unknown");
                assertThat(m.body().get("matches")).as(blank).isEmpty();
                assertThat(m.body().get("diagnostics").get("normalised").asText()).isEmpty();
            }
            JsonNode batch = f.post("/v1/match/batch",
                    "{\"items\": [{\"id\": \"a\", \"text\": \"!!!!\"}, {\"id\": \"b\", \"text\": \"WAL-MART #1120 TULSA OK\"}]}").body();
            assertThat(batch.get("results").get(0).get("confidence").asText()).isEqualTo("unknown");
            assertThat(batch.get("results").get(0).get("matches")).isEmpty();
            assertThat(batch.get("results").get(1).get("matches").get(0).get("merchantId").asText()).isEqualTo(id);
        }
    }

    @Test
    void cyrillic_and_chinese_merchants_are_matched_by_their_own_texts() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            String magnit = f.enrol("Магнит", "МАГНИТ МОСКВА").body().get("id").asText();
            String pyat = f.enrol("Пятёрочка", "ПЯТЁРОЧКА САНКТ-ПЕТЕРБУРГ").body().get("id").asText();
            String boc = f.enrol("Bank of China", "中国银行 北京").body().get("id").asText();
            f.enrol("Walmart", "WAL-MART #0931 DALLAS TX");
            for (String[] q : new String[][] {{"МАГНИТ МОСКВА", magnit}, {"магнит москва", magnit},
                {"ПЯТЁРОЧКА САНКТ-ПЕТЕРБУРГ", pyat}, {"Пятерочка санкт-петербург", pyat}, {"中国银行 北京", boc}}) {
                JsonNode m = f.match(q[0]).body();
                assertThat(m.get("matches").get(0).get("merchantId").asText()).as(q[0]).isEqualTo(q[1]);
                assertThat(m.get("matches").get(0).get("lexical").asDouble()).as(q[0]).isGreaterThan(0.99);
                // The others share no letters with it: far below.
                assertThat(m.get("matches").get(1).get("score").asDouble()).as(q[0])
                        .isLessThan(m.get("matches").get(0).get("score").asDouble() - 0.2);
            }
        }
    }
}
