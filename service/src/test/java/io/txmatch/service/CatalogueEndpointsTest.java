package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing, deleting and adding examples to merchants, and batch match, over real HTTP. */
class CatalogueEndpointsTest {
    @TempDir
    Path data;

    private static void assertProblem(HttpFixture.Reply r, int status, String detailPart) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("detail").asText()).contains(detailPart);
    }

    @Test
    void the_merchant_list_pages_through_every_merchant_once_in_id_order() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            List<String> enrolled = new ArrayList<>();
            for (String name : new String[] {"Walmart", "Starbucks", "Netflix", "Costco", "Shell"}) {
                enrolled.add(f.enrol(name, name.toUpperCase() + " 1234").body().get("id").asText());
            }
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                HttpFixture.Reply r = f.get("/v1/merchants?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
                assertThat(r.status()).isEqualTo(200);
                r.body().get("merchants").forEach(m -> seen.add(m.get("id").asText()));
                cursor = r.body().get("nextCursor").isNull() ? null : r.body().get("nextCursor").asText();
                pages++;
            } while (cursor != null);
            assertThat(pages).isEqualTo(3);
            assertThat(seen).containsExactlyElementsOf(enrolled.stream().sorted().toList());
            assertThat(f.get("/v1/merchants").body().get("merchants")).hasSize(5);
            assertProblem(f.get("/v1/merchants?limit=0"), 400, "'limit'");
            assertProblem(f.get("/v1/merchants?limit=1001"), 400, "'limit'");
            assertProblem(f.get("/v1/merchants?limit=ten"), 400, "'limit'");
        }
    }

    @Test
    void a_cursor_that_is_not_a_merchant_id_is_a_400() throws Exception { // issue 18: a garbage cursor was a page
        try (HttpFixture f = new HttpFixture(data)) {
            String id = f.enrol("Walmart", "WAL-MART 1234").body().get("id").asText();
            for (String garbage : new String[] {"garbage", "m_", "m_zz", id.toUpperCase(), id + "0", "%20"}) {
                assertProblem(f.get("/v1/merchants?cursor=" + garbage), 400, "'cursor'");
            }
            assertThat(f.get("/v1/merchants?cursor=" + id).status()).as("a real id: the page after it").isEqualTo(200);
            assertThat(f.get("/v1/merchants?cursor=m_0000000000000000").body().get("merchants")).as("before every id")
                    .hasSize(1);
        }
    }

    @Test
    void added_examples_match_at_once_and_survive_a_restart() throws Exception {
        String id;
        try (HttpFixture f = new HttpFixture(data)) {
            id = f.enrol("Fenworth Cycles", "TST* FENWORTH CYCLES").body().get("id").asText();
            f.enrol("Torvald Hardware", "TORVALD HARDWARE STORE 4411 FARGO ND");
            HttpFixture.Reply added = f.post("/v1/merchants/" + id + "/examples",
                    "{\"texts\": [\"PURCHASE AUTHORIZED ON 03/11 FENWORTH CYC DENVER CO S384\"]}");
            assertThat(added.status()).isEqualTo(200);
            assertThat(added.body().get("examples").asInt()).isEqualTo(2);
            JsonNode top = f.match("PURCHASE AUTHORIZED ON 03/11 FENWORTH CYC DENVER CO S384").body().get("matches").get(0);
            assertThat(top.get("merchantId").asText()).isEqualTo(id);
            assertThat(top.get("exemplar").asText()).startsWith("PURCHASE AUTHORIZED");
            assertProblem(f.post("/v1/merchants/m_nobody/examples", "{\"texts\": [\"X\"]}"), 404, "m_nobody");
            assertProblem(f.post("/v1/merchants/" + id + "/examples", "{\"texts\": []}"), 400, "'texts'");
            assertProblem(f.post("/v1/merchants/" + id + "/examples", "{\"texts\": [\"ok\", \"\"]}"), 400, "'texts[1]'");
            assertThat(f.get("/v1/merchants/" + id).body().get("examples").asInt()).isEqualTo(2);
        }
        try (HttpFixture f = new HttpFixture(data)) {
            assertThat(f.get("/v1/merchants/" + id).body().get("examples").asInt()).isEqualTo(2);
            assertThat(f.get("/health/ready").body().get("exemplars").asInt()).isEqualTo(3);
        }
    }

    @Test
    void a_deleted_merchant_is_gone_from_reads_and_matches_and_stays_gone() throws Exception {
        String gone;
        String kept;
        try (HttpFixture f = new HttpFixture(data)) {
            gone = f.enrol("Moxibell Bakery", "MOXIBELL BAKERY #12 BOSTON MA").body().get("id").asText();
            kept = f.enrol("Starbucks", "STARBUCKS STORE 10432 SEATTLE WA").body().get("id").asText();
            assertThat(f.delete("/v1/merchants/" + gone).status()).isEqualTo(204);
            assertThat(f.get("/v1/merchants/" + gone).status()).isEqualTo(404);
            f.match("MOXIBELL BAKERY BOSTON MA").body().get("matches")
                    .forEach(m -> assertThat(m.get("merchantId").asText()).isNotEqualTo(gone));
            assertProblem(f.delete("/v1/merchants/" + gone), 404, gone);
        }
        try (HttpFixture f = new HttpFixture(data)) {
            assertThat(f.get("/v1/merchants/" + gone).status()).isEqualTo(404);
            assertThat(f.get("/v1/merchants/" + kept).status()).isEqualTo(200);
            assertThat(f.get("/health/ready").body().get("merchants").asInt()).isEqualTo(1);
            assertThat(f.get("/health/ready").body().get("exemplars").asInt()).isEqualTo(1);
        }
    }

    @Test
    void batch_match_answers_every_item_in_order_and_rejects_malformed_batches_whole() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            String outback = f.enrol("Outback Steakhouse", "CHECKCARD 0615 OUTBACK 0310 TEMPE AZ").body().get("id").asText();
            String walmart = f.enrol("Walmart", "WAL-MART #2447 PHOENIX AZ").body().get("id").asText();
            ObjectNode body = HttpFixture.JSON.createObjectNode();
            ArrayNode items = body.putArray("items");
            items.addObject().put("id", "t1").put("text", "POS PURCHASE OUTBACK STEAKHOUSE 0310 TEMPE AZ");
            items.addObject().put("text", "WM SUPERCENTER #2447 PHOENIX AZ");
            items.addObject().put("id", "t3").put("text", "CHECKCARD 0701 OUTBACK TEMPE AZ");
            body.put("k", 2);
            HttpFixture.Reply r = f.post("/v1/match/batch", body.toString());
            assertThat(r.status()).isEqualTo(200);
            JsonNode results = r.body().get("results");
            assertThat(results).hasSize(3);
            assertThat(results.get(0).get("id").asText()).isEqualTo("t1");
            assertThat(results.get(1).get("id").isNull()).isTrue();
            assertThat(results.get(2).get("id").asText()).isEqualTo("t3");
            assertThat(results.get(0).get("matches").get(0).get("merchantId").asText()).isEqualTo(outback);
            assertThat(results.get(1).get("matches").get(0).get("merchantId").asText()).isEqualTo(walmart);
            assertThat(results.get(2).get("matches").get(0).get("merchantId").asText()).isEqualTo(outback);
            assertThat(results.get(0).get("matches")).hasSizeLessThanOrEqualTo(2);
            assertThat(results.get(0).get("confidence").asText()).isIn("high", "medium", "low", "unknown");
            // The same text matched alone gives the same answer.
            assertThat(f.match("WM SUPERCENTER #2447 PHOENIX AZ").body().get("matches").get(0))
                    .isEqualTo(f.post("/v1/match/batch", "{\"items\": [{\"text\": \"WM SUPERCENTER #2447 PHOENIX AZ\"}]}")
                            .body().get("results").get(0).get("matches").get(0));

            StringBuilder tooMany = new StringBuilder("{\"items\": [");
            for (int i = 0; i <= MatchRoutes.MAX_BATCH; i++) {
                tooMany.append(i == 0 ? "" : ",").append("{\"text\": \"X\"}");
            }
            assertProblem(f.post("/v1/match/batch", tooMany.append("]}").toString()), 400, "more than 1000");
            assertProblem(f.post("/v1/match/batch", "{\"items\": []}"), 400, "'items'");
            assertProblem(f.post("/v1/match/batch", "{\"items\": [{\"text\": \"A\"}], \"k\": 0}"), 400, "'k'");
        }
    }
}
