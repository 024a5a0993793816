package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.txmatch.model.Encoder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedTest {
    @TempDir
    Path data;

    @Test
    void embed_answers_the_code_match_reports_and_unit_embeddings_of_the_bundles_dimension() throws Exception {
        int dim = Encoder.load(HttpFixture.MODEL).spec().embeddingDim();
        try (HttpFixture f = new HttpFixture(data)) {
            f.enrol("Starbucks", "STARBUCKS #1234 SEATTLE WA");
            String[] texts = {"SQ *STARBUCKS 0042", "AMZN Mktp US*2K4", "starbucks seattle"};
            HttpFixture.Reply r = f.post("/v1/embed", HttpFixture.JSON.createObjectNode()
                    .set("texts", HttpFixture.JSON.valueToTree(texts)).toString());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().get("bundle").asText()).matches("sha256:[0-9a-f]{64}");
            int bits = r.body().get("bits").asInt();
            JsonNode results = r.body().get("results");
            assertThat(results).hasSize(texts.length);
            for (int i = 0; i < texts.length; i++) {
                JsonNode m = f.match(texts[i]).body();
                JsonNode e = results.get(i);
                assertThat(e.get("code").asText()).as(texts[i]).isEqualTo(m.get("code").asText()).hasSize(bits / 4);
                assertThat(e.get("normalised").asText()).as(texts[i]).isEqualTo(m.get("diagnostics").get("normalised").asText());
                assertThat(e.get("embedding")).hasSize(dim);
                double norm = 0;
                for (JsonNode x : e.get("embedding")) {
                    norm += x.asDouble() * x.asDouble();
                }
                assertThat(Math.sqrt(norm)).as(texts[i]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void embed_refuses_empty_too_many_and_too_long_texts_and_needs_a_key_when_keys_are_set() throws Exception {
        Path keys = data.resolve("keys.txt");
        java.nio.file.Files.writeString(keys, "embed-test-key-000000000001 acme\n");
        try (HttpFixture f = new HttpFixture(new ServiceConfig("127.0.0.1", 0, data.resolve("data"), HttpFixture.MODEL, keys))) {
            assertThat(f.post("/v1/embed", "{\"texts\":[\"x\"]}").status()).isEqualTo(401);
            f.as("embed-test-key-000000000001");
            assertThat(f.post("/v1/embed", "{\"texts\":[\"x\"]}").status()).isEqualTo(200);
            assertThat(f.post("/v1/embed", "{\"texts\":[]}").status()).isEqualTo(400);
            assertThat(f.post("/v1/embed", "{}").status()).isEqualTo(400);
            String many = HttpFixture.JSON.valueToTree(java.util.Collections.nCopies(EmbedRoutes.MAX_TEXTS + 1, "x")).toString();
            assertThat(f.post("/v1/embed", "{\"texts\":" + many + "}").status()).isEqualTo(400);
            String longText = "x".repeat(io.txmatch.model.TextNormaliser.MAX_TEXT + 1);
            assertThat(f.post("/v1/embed", "{\"texts\":[\"" + longText + "\"]}").status()).isEqualTo(400);
        }
    }
}
