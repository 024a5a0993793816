package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API keys and tenant isolation over real HTTP: another tenant's merchants do not exist for you. */
class TenantTest {
    private static final String KEY_A = "key-for-tenant-a-0001";
    private static final String KEY_B = "key-for-tenant-b-0002";

    @TempDir
    Path dir;

    private ServiceConfig config() throws Exception {
        Path keys = dir.resolve("keys.txt");
        Files.writeString(keys, "# key tenant\n" + KEY_A + " acme\n\n" + KEY_B + " globex\n");
        return new ServiceConfig("127.0.0.1", 0, dir.resolve("data"), HttpFixture.MODEL, keys);
    }

    @Test
    void a_tenant_sees_reads_matches_and_changes_only_its_own_merchants() throws Exception {
        try (HttpFixture f = new HttpFixture(config())) {
            String outback = f.as(KEY_A).enrol("Outback Steakhouse", "CHECKCARD 0615 OUTBACK 0310 TEMPE AZ").body().get("id").asText();
            String walmart = f.as(KEY_B).enrol("Walmart", "WAL-MART #2447 PHOENIX AZ").body().get("id").asText();

            f.as(KEY_B);
            assertThat(f.get("/v1/merchants/" + outback).status()).isEqualTo(404);
            assertThat(f.get("/v1/merchants").body().get("merchants")).hasSize(1);
            assertThat(f.get("/v1/merchants").body().get("merchants").get(0).get("id").asText()).isEqualTo(walmart);
            f.match("POS PURCHASE OUTBACK STEAKHOUSE 0310 TEMPE AZ").body().get("matches")
                    .forEach(m -> assertThat(m.get("merchantId").asText()).isEqualTo(walmart));
            var batchMatches = f.post("/v1/match/batch", "{\"items\": [{\"text\": \"OUTBACK STEAKHOUSE TEMPE\"}]}").body()
                    .get("results").get(0).get("matches");
            assertThat(batchMatches).isNotEmpty();
            batchMatches.forEach(m -> assertThat(m.get("merchantId").asText()).isEqualTo(walmart));
            assertThat(f.delete("/v1/merchants/" + outback).status()).isEqualTo(404);
            assertThat(f.post("/v1/merchants/" + outback + "/examples", "{\"texts\": [\"OUTBACK\"]}").status()).isEqualTo(404);

            f.as(KEY_A);
            assertThat(f.get("/v1/merchants/" + outback).status()).isEqualTo(200);
            assertThat(f.match("POS PURCHASE OUTBACK STEAKHOUSE 0310 TEMPE AZ").body().get("matches").get(0)
                    .get("merchantId").asText()).isEqualTo(outback);
            assertThat(f.get("/v1/merchants/" + walmart).status()).isEqualTo(404);
        }
        // Ownership survives a restart.
        try (HttpFixture f = new HttpFixture(config())) {
            assertThat(f.as(KEY_B).get("/v1/merchants").body().get("merchants")).hasSize(1);
            assertThat(f.as(KEY_A).get("/v1/merchants").body().get("merchants")).hasSize(1);
        }
    }

    @Test
    void v1_needs_a_valid_key_and_health_does_not() throws Exception {
        try (HttpFixture f = new HttpFixture(config())) {
            HttpFixture.Reply none = f.get("/v1/merchants");
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.contentType()).startsWith("application/problem+json");
            assertThat(none.body().get("detail").asText()).contains("Bearer");
            assertThat(f.as("not-a-key-of-anyone-xx").match("WALMART").status()).isEqualTo(401);
            assertThat(f.as(KEY_A).get("/v1/merchants").status()).isEqualTo(200);
            assertThat(f.get("/metrics").status()).isEqualTo(403); // a tenant's key reads no one's counts
            f.as(null);
            assertThat(f.get("/metrics").status()).isEqualTo(401);
            assertThat(f.get("/health/ready").status()).isEqualTo(200);
            assertThat(f.get("/health/live").status()).isEqualTo(200);
        }
    }

    private static final String OPERATOR = "operator-key-for-metrics-0003";

    @Test
    void metrics_and_health_counts_need_the_operator_key_not_a_tenant_s() throws Exception {
        Path operator = dir.resolve("operator.txt");
        Files.writeString(operator, "# the operator's key\n" + OPERATOR + "\n");
        ServiceConfig c = config();
        try (HttpFixture f = new HttpFixture(new ServiceConfig(c.host(), 0, c.dataDir(), c.model(), c.keys(), null, operator,
                ServiceConfig.HttpLimits.DEFAULT))) {
            f.as(KEY_A).enrol("Outback Steakhouse", "CHECKCARD 0615 OUTBACK 0310 TEMPE AZ");
            HttpFixture.Reply tenant = f.as(KEY_A).get("/metrics");
            assertThat(tenant.status()).isEqualTo(403);
            assertThat(tenant.contentType()).startsWith("application/problem+json");
            assertThat(f.as(null).get("/metrics").status()).isEqualTo(401);
            assertThat(f.as(OPERATOR).text("/metrics")).contains("txmatch_catalogue_merchants");
            assertThat(f.as(OPERATOR).get("/v1/merchants").status()).isEqualTo(401); // the operator is no tenant

            assertThat(f.as(OPERATOR).get("/health/ready").body().get("merchants").asInt()).isEqualTo(1);
            for (String key : new String[] {null, KEY_A}) {
                HttpFixture.Reply ready = f.as(key).get("/health/ready");
                assertThat(ready.status()).isEqualTo(200);
                assertThat(ready.body().has("merchants")).isFalse();
                assertThat(ready.body().has("exemplars")).isFalse();
            }
        }
        Files.writeString(operator, KEY_A + "\n");
        assertThatThrownBy(() -> TxmatchServer.start(new ServiceConfig(c.host(), 0, c.dataDir(), c.model(), c.keys(), null,
                operator, ServiceConfig.HttpLimits.DEFAULT))).hasMessageContaining("also a tenant's key");
    }

    @Test
    void without_keys_only_loopback_binds_and_a_bad_key_file_stops_start_up() throws Exception {
        assertThatThrownBy(() -> new ServiceConfig("0.0.0.0", 0, dir, HttpFixture.MODEL))
                .hasMessageContaining("loopback");
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "short acme\n");
        assertThatThrownBy(() -> TxmatchServer.start(new ServiceConfig("0.0.0.0", 0, dir, HttpFixture.MODEL, bad)))
                .hasMessageContaining("line 1").hasMessageContaining("at least 16");
        Files.writeString(bad, KEY_A + " acme\n" + KEY_A + " globex\n");
        assertThatThrownBy(() -> TxmatchServer.start(new ServiceConfig("127.0.0.1", 0, dir, HttpFixture.MODEL, bad)))
                .hasMessageContaining("line 2").hasMessageContaining("twice");
        Files.writeString(bad, KEY_A + " bad/tenant\n");
        assertThatThrownBy(() -> TxmatchServer.start(new ServiceConfig("127.0.0.1", 0, dir, HttpFixture.MODEL, bad)))
                .hasMessageContaining("tenant must be");
    }
}
