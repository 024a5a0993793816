package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndToEndTest {
    @TempDir
    Path data;

    @Test
    void enrolled_merchant_matches_first_in_the_very_next_request() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            assertThat(f.get("/health/live").status()).isEqualTo(200);
            assertThat(f.get("/health/ready").status()).isEqualTo(200);
            f.enrol("Walmart", "WAL-MART #2447 PHOENIX AZ");
            f.enrol("Starbucks", "STARBUCKS STORE 10432 SEATTLE WA");
            HttpFixture.Reply enrolled = f.enrol("Outback Steakhouse", "CHECKCARD 0615 OUTBACK 0310 TEMPE AZ");
            assertThat(enrolled.status()).isEqualTo(201);
            assertThat(enrolled.body().get("examples").asInt()).isEqualTo(1);
            String id = enrolled.body().get("id").asText();

            HttpFixture.Reply m = f.match("POS PURCHASE OUTBACK STEAKHOUSE 0310 TEMPE AZ");
            assertThat(m.status()).isEqualTo(200);
            assertThat(m.body().get("matches").get(0).get("merchantId").asText()).isEqualTo(id);
            assertThat(m.body().get("matches").get(0).get("name").asText()).isEqualTo("Outback Steakhouse");
            assertThat(m.body().get("code").asText()).hasSize(16).matches("[0-9a-f]+");
            double score = m.body().get("matches").get(0).get("score").asDouble();
            assertThat(score).isBetween(0.0, 1.0);
            // Every channel's score, and the fused score made from them with the served weights (4-digit rounding).
            double semantic = m.body().get("matches").get(0).get("semantic").asDouble();
            double lexical = m.body().get("matches").get(0).get("lexical").asDouble();
            double word = m.body().get("matches").get(0).get("word").asDouble();
            assertThat(score).isCloseTo(io.txmatch.match.MatchSettings.DEFAULT.fusion().score(semantic, lexical, word),
                    org.assertj.core.api.Assertions.within(3e-4));
            assertThat(lexical).isPositive();
            assertThat(word).isPositive();
            assertThat(m.body().get("diagnostics").get("lexicalHits").asInt()).isPositive();
            assertThat(m.body().get("diagnostics").get("wordHits").asInt()).isPositive();
            assertThat(m.body().get("diagnostics").get("normalised").asText()).isEqualTo("POS PURCHASE OUTBACK STEAKHOUSE 0 TEMPE AZ");
            assertThat(m.body().get("confidence").asText()).isIn("high", "medium", "low", "unknown");
            assertThat(f.get("/v1/merchants/" + id).body().get("name").asText()).isEqualTo("Outback Steakhouse");
        }
    }

    @Test
    void one_example_enrols_merchants_the_model_never_saw() throws Exception {
        // Invented names: in neither the generator's word lists nor its chains.
        List<String[]> merchants = List.of(
                new String[] {"Zyloquest Gaming", "SQ *ZYLOQUEST GAMING AUSTIN TX", "CHECKCARD 0412 ZYLOQUEST GAMING AUSTIN TX"},
                new String[] {"Bramblewick Tea Room", "BRAMBLEWICK TEA ROOM PORTLAND OR", "POS PURCHASE BRAMBLEWICK TEA RO PORTLAND OR"},
                new String[] {"Quorax Dental Lab", "QUORAX DENTAL LAB 555-201-7788 NJ", "DEBIT CARD PURCHASE - QUORAX DENTAL LAB NEWARK NJ"},
                new String[] {"Fenworth Cycles", "TST* FENWORTH CYCLES", "PURCHASE AUTHORIZED ON 03/11 FENWORTH CYCLES DENVER CO S384"},
                new String[] {"Moxibell Bakery", "MOXIBELL BAKERY #12 BOSTON MA", "Moxibell Bakery Boston MA"},
                new String[] {"Halcyon Pet Grooming", "HALCYON PET GROOMING LLC", "PAYPAL *HALCYONPETGROO"},
                new String[] {"Torvald Hardware", "TORVALD HARDWARE STORE 4411 FARGO ND", "CHECKCARD 1102 TORVALD HDWE FARGO ND"},
                new String[] {"Pellucid Optics", "PELLUCID OPTICS INC TUCSON AZ", "POS DEBIT 0822 PELLUCID OPTICS TUCSONAZ"});
        try (HttpFixture f = new HttpFixture(data)) {
            List<String> ids = new java.util.ArrayList<>();
            for (String[] m : merchants) {
                ids.add(f.enrol(m[0], m[1]).body().get("id").asText());
            }
            int correct = 0;
            for (int i = 0; i < merchants.size(); i++) {
                HttpFixture.Reply r = f.match(merchants.get(i)[2]);
                correct += r.body().get("matches").get(0).get("merchantId").asText().equals(ids.get(i)) ? 1 : 0;
            }
            assertThat(correct).as("unseen merchants matched first from one example").isGreaterThanOrEqualTo(7);
        }
    }

    @Test
    void acknowledged_enrolments_survive_a_restart() throws Exception {
        String id;
        try (HttpFixture f = new HttpFixture(data)) {
            f.enrol("Starbucks", "STARBUCKS STORE 10432 SEATTLE WA");
            id = f.enrol("Moxibell Bakery", "MOXIBELL BAKERY #12 BOSTON MA").body().get("id").asText();
        }
        try (HttpFixture f = new HttpFixture(data)) {
            assertThat(f.get("/health/ready").body().get("merchants").asInt()).isEqualTo(2);
            assertThat(f.get("/v1/merchants/" + id).status()).isEqualTo(200);
            assertThat(f.match("MOXIBELL BAKERY BOSTON MA").body().get("matches").get(0).get("merchantId").asText()).isEqualTo(id);
        }
    }

    @Test
    void bad_requests_get_a_problem_body_and_change_nothing() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            f.enrol("Walmart", "WAL-MART #2447 PHOENIX AZ");
            String big = "A".repeat((int) TxmatchServer.MAX_BODY + 10);
            List<Object[]> cases = List.of(
                    new Object[] {"/v1/match", "{not json", "application/json", 400},
                    new Object[] {"/v1/match", "[1,2]", "application/json", 400},
                    new Object[] {"/v1/match", "{\"text\": \"\"}", "application/json", 400},
                    new Object[] {"/v1/match", "{\"text\": 12}", "application/json", 400},
                    new Object[] {"/v1/match", "{\"text\": \"" + "x".repeat(io.txmatch.model.TextNormaliser.MAX_TEXT + 1) + "\"}", "application/json", 400},
                    new Object[] {"/v1/match", "{\"text\": \"WALMART\", \"k\": 0}", "application/json", 400},
                    new Object[] {"/v1/match", "{\"text\": \"WALMART\", \"k\": 1.5}", "application/json", 400},
                    new Object[] {"/v1/match", "{\"text\": \"WALMART\", \"maxDistance\": 65}", "application/json", 400},
                    new Object[] {"/v1/match", "text=WALMART", "text/plain", 415},
                    new Object[] {"/v1/match", "{\"text\": \"" + big + "\"}", "application/json", 413},
                    new Object[] {"/v1/merchants", "{\"name\": \"X\"}", "application/json", 400},
                    new Object[] {"/v1/merchants", "{\"name\": \"X\", \"examples\": []}", "application/json", 400},
                    new Object[] {"/v1/merchants", "{\"name\": \"X\", \"examples\": [\"ok\", 3]}", "application/json", 400},
                    new Object[] {"/v1/merchants", "{\"name\": \"X\", \"examples\": [\"ok\"], \"metadata\": 3}", "application/json", 400},
                    new Object[] {"/v1/nothing-here", "{}", "application/json", 404});
            for (Object[] c : cases) {
                HttpFixture.Reply r = f.post((String) c[0], (String) c[1], (String) c[2]);
                String what = c[0] + " " + ((String) c[1]).substring(0, Math.min(40, ((String) c[1]).length()));
                assertThat(r.status()).as(what).isEqualTo(c[3]);
                assertThat(r.contentType()).as(what).startsWith("application/problem+json");
                assertThat(r.body().get("status").asInt()).as(what).isEqualTo(c[3]);
                assertThat(r.body().get("title").asText()).as(what).isNotBlank();
                assertThat(r.body().get("detail").asText()).as(what).isNotBlank().doesNotContain("Exception");
            }
            assertThat(f.get("/v1/merchants/m_doesnotexist").status()).isEqualTo(404);
            assertThat(f.get("/health/ready").body().get("merchants").asInt()).isEqualTo(1);
        }
    }
}
