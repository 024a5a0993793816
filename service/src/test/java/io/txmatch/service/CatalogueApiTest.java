package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue as search-engine users expect it, over real HTTP: match rows with the merchant's fields, per-item
 * batch errors, external ids with upsert, idempotent POSTs, PATCH, example listing and removal, filters, negatives.
 */
class CatalogueApiTest {
    @TempDir
    Path data;

    static void assertProblem(HttpFixture.Reply r, int status, String detailPart) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("detail").asText()).contains(detailPart);
    }

    @Test
    void match_rows_carry_the_merchants_category_and_metadata_and_omit_them_when_unset() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            String outback = f.post("/v1/merchants", "{\"name\": \"Outback Steakhouse\", \"category\": \"food\","
                    + " \"metadata\": {\"region\": \"US\", \"mcc\": 5812}, \"examples\": [\"CHECKCARD 0615 OUTBACK 0310 TEMPE AZ\"]}")
                    .body().get("id").asText();
            f.enrol("Walmart", "WAL-MART #2447 PHOENIX AZ");
            JsonNode top = f.match("POS OUTBACK STEAKHOUSE TEMPE AZ").body().get("matches").get(0);
            assertThat(top.get("merchantId").asText()).isEqualTo(outback);
            assertThat(top.get("category").asText()).isEqualTo("food");
            assertThat(top.get("metadata")).isEqualTo(HttpFixture.JSON.readTree("{\"region\": \"US\", \"mcc\": 5812}"));
            JsonNode batch = f.post("/v1/match/batch", "{\"items\": [{\"text\": \"WM SUPERCENTER #2447 PHOENIX AZ\"},"
                    + " {\"text\": \"OUTBACK TEMPE\"}]}").body().get("results");
            JsonNode walmart = batch.get(0).get("matches").get(0);
            assertThat(walmart.get("name").asText()).isEqualTo("Walmart");
            assertThat(walmart.has("category")).isFalse();
            assertThat(walmart.has("metadata")).isFalse();
            assertThat(batch.get(1).get("matches").get(0).get("category").asText()).isEqualTo("food");
        }
    }

    @Test
    void a_bad_batch_item_gets_an_error_row_of_its_own_and_the_others_are_matched() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            String walmart = f.enrol("Walmart", "WAL-MART #2447 PHOENIX AZ").body().get("id").asText();
            HttpFixture.Reply r = f.post("/v1/match/batch", "{\"items\": [{\"id\": \"a\", \"text\": \"WM SUPERCENTER #2447\"},"
                    + " {\"id\": \"b\", \"text\": \"\"}, {\"id\": \"c\"}, \"just a string\", {\"id\": 7, \"text\": \"WALMART\"},"
                    + " {\"id\": \"f\", \"text\": \"WAL-MART PHOENIX\"}]}");
            assertThat(r.status()).isEqualTo(200);
            JsonNode results = r.body().get("results");
            assertThat(results).hasSize(6);
            for (int i : new int[] {0, 5}) {
                assertThat(results.get(i).get("matches").get(0).get("merchantId").asText()).isEqualTo(walmart);
                assertThat(results.get(i).has("error")).isFalse();
            }
            assertThat(results.get(5).get("id").asText()).isEqualTo("f");
            String[] details = {null, "'items[1].text' must not be empty", "'items[2].text' is required",
                    "'items[3]' must be a JSON object", "'items[4].id' must be a string"};
            for (int i = 1; i <= 4; i++) {
                JsonNode e = results.get(i);
                assertThat(e.has("matches")).as("item %d", i).isFalse();
                assertThat(e.has("confidence")).isFalse();
                assertThat(e.get("error").get("status").asInt()).isEqualTo(400);
                assertThat(e.get("error").get("title").asText()).isEqualTo("Bad Request");
                assertThat(e.get("error").get("detail").asText()).isEqualTo(details[i]);
            }
            assertThat(results.get(1).get("id").asText()).isEqualTo("b");
            assertThat(results.get(4).get("id").isNull()).isTrue();
            // A malformed body is still refused whole.
            assertProblem(f.post("/v1/match/batch", "{\"items\": []}"), 400, "'items'");
            assertProblem(f.post("/v1/match/batch", "{\"items\": {\"text\": \"A\"}}"), 400, "'items'");
            assertProblem(f.post("/v1/match/batch", "not json"), 400, "not valid JSON");
            // Every item bad: every row an error, nothing encoded.
            assertThat(f.post("/v1/match/batch", "{\"items\": [{\"text\": \" \"}]}").body().get("results").get(0)
                    .get("error").get("status").asInt()).isEqualTo(400);
        }
    }
}
