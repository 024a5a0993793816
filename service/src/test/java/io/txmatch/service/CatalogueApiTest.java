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

    private static final String KEY_A = "key-for-tenant-a-0001";
    private static final String KEY_B = "key-for-tenant-b-0002";

    private ServiceConfig twoTenants() throws Exception {
        Path keys = data.resolve("keys.txt");
        java.nio.file.Files.createDirectories(data);
        java.nio.file.Files.writeString(keys, KEY_A + " acme\n" + KEY_B + " globex\n");
        return new ServiceConfig("127.0.0.1", 0, data.resolve("catalogue"), HttpFixture.MODEL, keys);
    }

    private static int exemplars(HttpFixture f) throws Exception {
        return f.get("/health/ready").body().get("exemplars").asInt();
    }

    @Test
    void put_by_external_id_creates_then_replaces_idempotently_and_either_id_reads_and_deletes() throws Exception {
        String body = "{\"name\": \"Outback Steakhouse\", \"category\": \"food\", \"examples\": [\"CHECKCARD 0615 OUTBACK 0310 TEMPE AZ\"]}";
        String id;
        try (HttpFixture f = new HttpFixture(data)) {
            HttpFixture.Reply created = f.put("/v1/merchants/crm:4711", body);
            assertThat(f.put("/v1/merchants/A-z_0.9:x", body).status()).as("every character allowed").isEqualTo(201);
            assertThat(f.delete("/v1/merchants/A-z_0.9:x").status()).isEqualTo(204);
            assertThat(created.status()).isEqualTo(201);
            id = created.body().get("id").asText();
            assertThat(id).startsWith("m_");
            assertThat(created.header("Location")).isEqualTo("/v1/merchants/" + id);
            assertThat(created.body().get("externalId").asText()).isEqualTo("crm:4711");
            HttpFixture.Reply again = f.put("/v1/merchants/crm:4711", body);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(created.body());
            assertThat(exemplars(f)).isEqualTo(1);
            assertThat(f.get("/v1/merchants/crm:4711").body()).isEqualTo(f.get("/v1/merchants/" + id).body());

            HttpFixture.Reply replaced = f.put("/v1/merchants/crm:4711", "{\"name\": \"Outback\", \"examples\":"
                    + " [\"OUTBACK STEAKHOUSE 0310 TEMPE\", \"OUTBACK #310 TEMPE AZ\"]}");
            assertThat(replaced.status()).isEqualTo(200);
            assertThat(replaced.body().get("id").asText()).isEqualTo(id);
            assertThat(replaced.body().get("name").asText()).isEqualTo("Outback");
            assertThat(replaced.body().has("category")).as("a put replaces: an absent category is unset").isFalse();
            assertThat(replaced.body().get("createdAt")).isEqualTo(created.body().get("createdAt"));
            assertThat(exemplars(f)).isEqualTo(2);
            assertThat(f.match("OUTBACK #310 TEMPE AZ").body().get("matches").get(0).get("exemplar").asText())
                    .isEqualTo("OUTBACK #310 TEMPE AZ");

            assertProblem(f.put("/v1/merchants/m_0123456789abcdef", body), 400, "external id");
            assertProblem(f.put("/v1/merchants/" + "x".repeat(129), body), 400, "external id");
            assertProblem(f.put("/v1/merchants/a%20b", body), 400, "external id");
            assertProblem(f.put("/v1/merchants/ok-id", "{\"name\": \"X\", \"examples\": [\"X 1\"], \"colour\": 1}"), 400,
                    "unknown field 'colour'");
            assertThat(f.get("/v1/merchants/ok-id").status()).isEqualTo(404);

            String other = f.put("/v1/merchants/gone.1", "{\"name\": \"Moxibell\", \"examples\": [\"MOXIBELL BAKERY\"]}")
                    .body().get("id").asText();
            assertThat(f.delete("/v1/merchants/gone.1").status()).isEqualTo(204);
            assertThat(f.get("/v1/merchants/" + other).status()).isEqualTo(404);
            HttpFixture.Reply reborn = f.put("/v1/merchants/gone.1", "{\"name\": \"Moxibell\", \"examples\": [\"MOXIBELL BAKERY\"]}");
            assertThat(reborn.status()).isEqualTo(201);
            assertThat(reborn.body().get("id").asText()).isNotEqualTo(other);
        }
        try (HttpFixture f = new HttpFixture(data)) {
            JsonNode m = f.get("/v1/merchants/crm:4711").body();
            assertThat(m.get("id").asText()).isEqualTo(id);
            assertThat(m.get("name").asText()).isEqualTo("Outback");
            assertThat(m.get("examples").asInt()).isEqualTo(2);
            assertThat(f.get("/v1/merchants/gone.1").status()).isEqualTo(200);
            assertThat(exemplars(f)).isEqualTo(3);
            assertThat(f.put("/v1/merchants/crm:4711", "{\"name\": \"Outback\", \"examples\":"
                    + " [\"OUTBACK STEAKHOUSE 0310 TEMPE\", \"OUTBACK #310 TEMPE AZ\"]}").status()).isEqualTo(200);
        }
    }

    @Test
    void external_ids_and_every_new_write_belong_to_one_tenant() throws Exception {
        String body = "{\"name\": \"Outback\", \"examples\": [\"CHECKCARD 0615 OUTBACK 0310 TEMPE AZ\"]}";
        try (HttpFixture f = new HttpFixture(twoTenants())) {
            String a = f.as(KEY_A).put("/v1/merchants/shop-1", body).body().get("id").asText();
            HttpFixture.Reply b = f.as(KEY_B).put("/v1/merchants/shop-1", body);
            assertThat(b.status()).as("the same external id in another tenant is another merchant").isEqualTo(201);
            assertThat(b.body().get("id").asText()).isNotEqualTo(a);
            assertThat(f.get("/v1/merchants/" + a).status()).isEqualTo(404);
            assertThat(f.delete("/v1/merchants/" + a).status()).isEqualTo(404);
            // Nor may another tenant patch it, list or remove its examples, or add negatives to it.
            assertThat(f.patch("/v1/merchants/" + a, "{\"name\": \"Taken\"}").status()).isEqualTo(404);
            assertThat(f.get("/v1/merchants/" + a + "/examples").status()).isEqualTo(404);
            assertThat(f.delete("/v1/merchants/" + a + "/examples/0").status()).isEqualTo(404);
            assertThat(f.post("/v1/merchants/" + a + "/negatives", "{\"texts\": [\"OUTBACK\"]}").status()).isEqualTo(404);
            assertThat(f.delete("/v1/merchants/shop-1").status()).isEqualTo(204);
            JsonNode mine = f.as(KEY_A).get("/v1/merchants/shop-1").body();
            assertThat(mine.get("id").asText()).isEqualTo(a);
            assertThat(mine.get("name").asText()).isEqualTo("Outback");
            assertThat(mine.has("negatives")).isFalse();
        }
    }

    @Test
    void an_idempotency_key_replays_the_first_answer_and_refuses_another_body() throws Exception {
        String body = "{\"name\": \"Walmart\", \"examples\": [\"WAL-MART #2447 PHOENIX AZ\"]}";
        try (HttpFixture f = new HttpFixture(data)) {
            HttpFixture.Reply first = f.send("POST", "/v1/merchants", body, "application/json", "Idempotency-Key", "k-1");
            assertThat(first.status()).isEqualTo(201);
            HttpFixture.Reply retry = f.send("POST", "/v1/merchants", body, "application/json", "Idempotency-Key", "k-1");
            assertThat(retry.status()).isEqualTo(201);
            assertThat(retry.body()).isEqualTo(first.body());
            assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
            assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(first.header("Idempotent-Replayed")).isNull();
            assertThat(f.get("/v1/merchants").body().get("merchants")).hasSize(1);
            assertProblem(f.send("POST", "/v1/merchants", body.replace("Walmart", "Costco"), "application/json",
                    "Idempotency-Key", "k-1"), 422, "another request");

            String id = first.body().get("id").asText();
            String add = "{\"texts\": [\"WM SUPERCENTER #2447\"]}";
            for (int i = 0; i < 2; i++) {
                HttpFixture.Reply r = f.send("POST", "/v1/merchants/" + id + "/examples", add, "application/json",
                        "Idempotency-Key", "k-2");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body().get("examples").asInt()).isEqualTo(2);
            }
            assertThat(exemplars(f)).isEqualTo(2);
            // The same key on another path is another request.
            assertProblem(f.send("POST", "/v1/merchants", add, "application/json", "Idempotency-Key", "k-2"), 422, "another");
            // A refused request keeps nothing: the key is free for the corrected one.
            assertProblem(f.send("POST", "/v1/merchants", "{\"name\": \"Costco\", \"examples\": []}", "application/json",
                    "Idempotency-Key", "k-3"), 400, "'examples'");
            assertThat(f.send("POST", "/v1/merchants", "{\"name\": \"Costco\", \"examples\": [\"COSTCO WHSE #1\"]}",
                    "application/json", "Idempotency-Key", "k-3").status()).isEqualTo(201);
            assertProblem(f.send("POST", "/v1/merchants", body, "application/json", "Idempotency-Key", ""), 400, "Idempotency-Key");
            // Without a key every POST enrols.
            f.post("/v1/merchants", body);
            assertThat(f.get("/v1/merchants").body().get("merchants")).hasSize(3);
        }
    }

    @Test
    void patch_changes_name_category_and_metadata_by_merge_patch_and_survives_a_restart() throws Exception {
        String id;
        try (HttpFixture f = new HttpFixture(data)) {
            id = f.post("/v1/merchants", "{\"name\": \"Outback\", \"category\": \"food\", \"metadata\": {\"region\": \"US\","
                    + " \"tags\": {\"a\": 1, \"b\": 2}}, \"examples\": [\"OUTBACK 0310 TEMPE AZ\"]}").body().get("id").asText();
            HttpFixture.Reply r = f.patch("/v1/merchants/" + id, "{\"name\": \"Outback Steakhouse\","
                    + " \"metadata\": {\"region\": \"EU\", \"tags\": {\"a\": null, \"c\": 3}, \"new\": true}}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().get("name").asText()).isEqualTo("Outback Steakhouse");
            assertThat(r.body().get("category").asText()).as("not named: kept").isEqualTo("food");
            assertThat(r.body().get("metadata")).isEqualTo(HttpFixture.JSON.readTree(
                    "{\"region\": \"EU\", \"tags\": {\"b\": 2, \"c\": 3}, \"new\": true}"));
            HttpFixture.Reply removed = f.send("PATCH", "/v1/merchants/" + id, "{\"category\": null, \"metadata\": null}",
                    "application/json");
            assertThat(removed.status()).isEqualTo(200);
            assertThat(removed.body().has("category")).isFalse();
            assertThat(removed.body().has("metadata")).isFalse();
            assertThat(f.patch("/v1/merchants/" + id, "{\"category\": \"restaurants\"}").body().get("category").asText())
                    .isEqualTo("restaurants");
            assertThat(f.patch("/v1/merchants/" + id, "{}").body().get("name").asText()).isEqualTo("Outback Steakhouse");
            assertThat(f.match("OUTBACK TEMPE AZ").body().get("matches").get(0).get("name").asText()).isEqualTo("Outback Steakhouse");
            assertProblem(f.patch("/v1/merchants/" + id, "{\"name\": null}"), 400, "'name' cannot be removed");
            assertProblem(f.patch("/v1/merchants/" + id, "{\"examples\": [\"X\"]}"), 400, "unknown field 'examples'");
            assertProblem(f.patch("/v1/merchants/" + id, "{\"metadata\": [1]}"), 400, "'metadata'");
            assertProblem(f.patch("/v1/merchants/m_nobody", "{\"name\": \"X\"}"), 404, "m_nobody");
            assertThat(f.send("PATCH", "/v1/merchants/" + id, "{}", "text/plain").status()).isEqualTo(415);
        }
        try (HttpFixture f = new HttpFixture(data)) {
            JsonNode m = f.get("/v1/merchants/" + id).body();
            assertThat(m.get("name").asText()).isEqualTo("Outback Steakhouse");
            assertThat(m.get("category").asText()).isEqualTo("restaurants");
            assertThat(m.has("metadata")).isFalse();
        }
    }

    @Test
    void examples_are_listed_with_their_index_and_removed_one_by_one_but_never_the_last() throws Exception {
        String id;
        try (HttpFixture f = new HttpFixture(data)) {
            id = f.enrol("Fenworth Cycles", "TST* FENWORTH CYCLES", "FENWORTH CYC DENVER CO", "SQ *FENWORTH BIKES").body()
                    .get("id").asText();
            JsonNode list = f.get("/v1/merchants/" + id + "/examples").body();
            assertThat(list.get("merchantId").asText()).isEqualTo(id);
            assertThat(list.get("examples").get(1).get("index").asInt()).isEqualTo(1);
            assertThat(list.get("examples").get(1).get("text").asText()).isEqualTo("FENWORTH CYC DENVER CO");
            assertThat(f.delete("/v1/merchants/" + id + "/examples/1").status()).isEqualTo(204);
            JsonNode after = f.get("/v1/merchants/" + id + "/examples").body().get("examples");
            assertThat(after).hasSize(2);
            assertThat(after.get(1).get("text").asText()).as("later ones move up").isEqualTo("SQ *FENWORTH BIKES");
            assertThat(exemplars(f)).isEqualTo(2);
            f.match("FENWORTH CYC DENVER CO").body().get("matches")
                    .forEach(m -> assertThat(m.get("exemplar").asText()).isNotEqualTo("FENWORTH CYC DENVER CO"));
            assertProblem(f.delete("/v1/merchants/" + id + "/examples/2"), 404, "no 2");
            assertProblem(f.delete("/v1/merchants/" + id + "/examples/one"), 400, "'one'");
            assertThat(f.delete("/v1/merchants/" + id + "/examples/0").status()).isEqualTo(204);
            assertProblem(f.delete("/v1/merchants/" + id + "/examples/0"), 409, "only example");
            assertThat(f.get("/v1/merchants/" + id).body().get("examples").asInt()).isEqualTo(1);
            assertProblem(f.get("/v1/merchants/m_nobody/examples"), 404, "m_nobody");
        }
        try (HttpFixture f = new HttpFixture(data)) {
            JsonNode examples = f.get("/v1/merchants/" + id + "/examples").body().get("examples");
            assertThat(examples).hasSize(1);
            assertThat(examples.get(0).get("text").asText()).isEqualTo("SQ *FENWORTH BIKES");
            assertThat(exemplars(f)).isEqualTo(1);
        }
    }

    @Test
    void a_filter_limits_matches_to_categories_and_metadata_values_and_unknown_fields_are_refused() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            String shellEu = f.post("/v1/merchants", "{\"name\": \"Shell EU\", \"category\": \"fuel\", \"metadata\":"
                    + " {\"region\": \"EU\", \"tier\": 1}, \"examples\": [\"SHELL OIL 5744 AMSTERDAM\"]}").body().get("id").asText();
            String shellUs = f.post("/v1/merchants", "{\"name\": \"Shell US\", \"category\": \"fuel\", \"metadata\":"
                    + " {\"region\": \"US\"}, \"examples\": [\"SHELL OIL 5744 HOUSTON\"]}").body().get("id").asText();
            String cafe = f.post("/v1/merchants", "{\"name\": \"Shell Cafe\", \"category\": \"food\", \"metadata\":"
                    + " {\"region\": \"EU\"}, \"examples\": [\"SHELL CAFE AMSTERDAM\"]}").body().get("id").asText();
            String bare = f.enrol("Shell Station", "SHELL STATION 5744").body().get("id").asText();
            java.util.function.Function<String, java.util.Set<String>> ids = filter -> {
                try {
                    HttpFixture.Reply r = f.post("/v1/match", "{\"text\": \"SHELL OIL 5744\", \"k\": 10, \"filter\": " + filter + "}");
                    assertThat(r.status()).as(filter).isEqualTo(200);
                    java.util.Set<String> out = new java.util.HashSet<>();
                    r.body().get("matches").forEach(m -> out.add(m.get("merchantId").asText()));
                    return out;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            assertThat(ids.apply("{}")).containsExactlyInAnyOrder(shellEu, shellUs, cafe, bare);
            assertThat(ids.apply("{\"category\": [\"fuel\"]}")).containsExactlyInAnyOrder(shellEu, shellUs);
            assertThat(ids.apply("{\"category\": \"food\"}")).containsExactly(cafe);
            assertThat(ids.apply("{\"category\": [\"food\", \"fuel\"], \"metadata\": {\"region\": \"EU\"}}"))
                    .containsExactlyInAnyOrder(shellEu, cafe);
            assertThat(ids.apply("{\"metadata\": {\"region\": [\"US\", \"EU\"], \"tier\": 1}}")).containsExactly(shellEu);
            assertThat(ids.apply("{\"metadata\": {\"tier\": \"1\"}}")).as("exact: a string is not a number").isEmpty();
            assertThat(ids.apply("{\"category\": \"none\"}")).isEmpty();
            JsonNode batch = f.post("/v1/match/batch", "{\"items\": [{\"text\": \"SHELL OIL 5744\"}], \"k\": 10,"
                    + " \"filter\": {\"metadata\": {\"region\": \"US\"}}}").body().get("results").get(0).get("matches");
            assertThat(batch).hasSize(1);
            assertThat(batch.get(0).get("merchantId").asText()).isEqualTo(shellUs);

            assertProblem(f.post("/v1/match", "{\"text\": \"SHELL\", \"filter\": {\"categories\": [\"fuel\"]}}"), 400,
                    "unknown field 'filter.categories'");
            assertProblem(f.post("/v1/match", "{\"text\": \"SHELL\", \"filter\": {\"category\": []}}"), 400, "'filter.category'");
            assertProblem(f.post("/v1/match", "{\"text\": \"SHELL\", \"filter\": {\"metadata\": {\"a\": {\"b\": 1}}}}"), 400,
                    "'filter.metadata.a'");
            assertProblem(f.post("/v1/match", "{\"text\": \"SHELL\", \"filter\": \"fuel\"}"), 400, "'filter'");
            assertProblem(f.post("/v1/match", "{\"text\": \"SHELL\", \"limit\": 3}"), 400, "unknown field 'limit'");
            assertProblem(f.post("/v1/match/batch", "{\"items\": [{\"text\": \"SHELL\"}], \"top\": 3}"), 400, "unknown field 'top'");
            assertThat(f.post("/v1/match/batch", "{\"items\": [{\"text\": \"SHELL\", \"amount\": 3}]}").body().get("results")
                    .get(0).get("error").get("detail").asText()).contains("unknown field 'items[0].amount'");
        }
    }

    @Test
    void a_negative_keeps_a_merchant_out_of_that_texts_matches_durably() throws Exception {
        String text = "AMZN MKTP US*2K4 SEATTLE";
        String amazon;
        String other;
        try (HttpFixture f = new HttpFixture(data)) {
            amazon = f.enrol("Amazon", "AMZN MKTP US*2K4 SEATTLE WA", "AMAZON.COM SEATTLE").body().get("id").asText();
            other = f.enrol("Amazon Web Services", "AWS EMEA SEATTLE").body().get("id").asText();
            assertThat(f.match(text).body().get("matches").get(0).get("merchantId").asText()).isEqualTo(amazon);
            HttpFixture.Reply r = f.post("/v1/merchants/" + amazon + "/negatives", "{\"texts\": [\"amzn mktp us*2k4  seattle\"]}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().get("negatives").asInt()).isEqualTo(1);
            assertThat(f.get("/v1/merchants/" + other).body().has("negatives")).isFalse();
            assertNotAmong(f.match(text).body().get("matches"), amazon, other);
            assertNotAmong(f.post("/v1/match/batch", "{\"items\": [{\"text\": \"" + text + "\"}]}").body().get("results").get(0)
                    .get("matches"), amazon, other);
            assertThat(f.match("AMAZON.COM SEATTLE").body().get("matches").get(0).get("merchantId").asText())
                    .as("other texts still match it").isEqualTo(amazon);
            assertProblem(f.post("/v1/merchants/" + amazon + "/negatives", "{\"texts\": [\"!!!\"]}"), 400, "no letter or digit");
            assertProblem(f.post("/v1/merchants/m_nobody/negatives", "{\"texts\": [\"X\"]}"), 404, "m_nobody");
            assertProblem(f.post("/v1/merchants/" + amazon + "/negatives", "{\"texts\": []}"), 400, "'texts'");
        }
        try (HttpFixture f = new HttpFixture(data)) {
            assertThat(f.get("/v1/merchants/" + amazon).body().get("negatives").asInt()).isEqualTo(1);
            assertNotAmong(f.match(text).body().get("matches"), amazon, other);
        }
    }

    private static void assertNotAmong(JsonNode matches, String excluded, String first) {
        assertThat(matches).isNotEmpty();
        assertThat(matches.get(0).get("merchantId").asText()).isEqualTo(first);
        matches.forEach(m -> assertThat(m.get("merchantId").asText()).isNotEqualTo(excluded));
    }
}
