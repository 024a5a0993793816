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
}
