package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.txmatch.match.TenantQuotas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every status code the OpenAPI document promises for an operation is produced by a real request here, and every
 * request here is of a documented status: the table below must cover the document exactly, so a status documented
 * without a request that gives it (or given without being documented) fails.
 */
class DocumentedStatusesTest {
    private static final String TENANT = "documented-statuses-tenant-01";
    private static final String OPERATOR = "documented-statuses-operator-1";
    private static final String BIG = "{\"texts\": [\"" + "x".repeat((int) TxmatchServer.MAX_BODY) + "\"]}";
    private static final String STARBUCKS = "{\"name\": \"Starbucks\", \"examples\": [\"STARBUCKS #1234 SEATTLE WA\"]}";
    private static final String TWO_EXAMPLES = "{\"name\": \"Starbucks\", \"examples\": [\"STARBUCKS #1234\", \"STARBUCKS #5678\"]}";
    /** Stored bytes of the tenant's quota: what the table stores fits, one text of {@link #LONG} does not. */
    private static final long BYTES = 300;
    private static final String LONG = "S".repeat(400);
    private static final String JOB = "{\"records\": [{\"id\": \"a\", \"text\": \"POS PURCHASE WAL-MART #0931 DALLAS TX\"}]}";

    @TempDir
    Path dir;

    /** One request of the table: what it does to the server, answered with the status it got. */
    interface Call {
        int status(HttpFixture f) throws Exception;
    }

    private final Map<String, Call> calls = new LinkedHashMap<>();
    private String merchant;
    private String job;

    private void row(String operationId, int status, Call call) {
        calls.put(operationId + " " + status, call);
    }

    private static Call anonymous(Call call) {
        return f -> {
            String key = f.key;
            f.key = null;
            try {
                return call.status(f);
            } finally {
                f.key = key;
            }
        };
    }

    /**
     * Two requests of one {@value IdempotencyKeys#HEADER} at once while the test holds the catalogue's writes: the
     * one that claimed the key waits on the catalogue, so the first to answer is the other, and its answer is the
     * 409 of a key still being answered (no timing: the claimer cannot answer before the hold ends).
     */
    private static int stillBeingAnswered(HttpFixture f, String path, String body) throws Exception {
        String key = "racing-" + path;
        java.util.function.Supplier<Integer> send = () -> {
            try {
                return f.send("POST", path, body, "application/json", IdempotencyKeys.HEADER, key).status();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        };
        CompletableFuture<Integer> a;
        CompletableFuture<Integer> b;
        Object first;
        synchronized (f.server.catalogue()) {
            a = CompletableFuture.supplyAsync(send);
            b = CompletableFuture.supplyAsync(send);
            first = CompletableFuture.anyOf(a, b).get();
        }
        a.join();
        b.join();
        return (Integer) first;
    }

    private void table() {
        row("enrolMerchant", 201, f -> {
            HttpFixture.Reply r = f.send("POST", "/v1/merchants", STARBUCKS, "application/json", IdempotencyKeys.HEADER, "enrol-1");
            merchant = r.body().get("id").asText();
            return r.status();
        });
        row("enrolMerchant", 400, f -> f.post("/v1/merchants", "{\"name\": \"x\"}").status());
        row("enrolMerchant", 401, anonymous(f -> f.enrol("Walmart", "WAL-MART #2447").status()));
        row("enrolMerchant", 403, f -> f.enrol("Walmart", "WAL-MART #2447").status()); // the quota: 1 merchant
        row("enrolMerchant", 413, f -> f.post("/v1/merchants", BIG).status());
        row("enrolMerchant", 415, f -> f.post("/v1/merchants", "{}", "text/plain").status());
        row("enrolMerchant", 409, f -> stillBeingAnswered(f, "/v1/merchants", STARBUCKS));
        row("enrolMerchant", 422, f -> f.send("POST", "/v1/merchants", "{\"name\": \"Other\", \"examples\": [\"OTHER\"]}",
                "application/json", IdempotencyKeys.HEADER, "enrol-1").status()); // the key of the 201, another body
        row("listMerchants", 200, f -> f.get("/v1/merchants").status());
        row("listMerchants", 400, f -> f.get("/v1/merchants?cursor=garbage").status());
        row("listMerchants", 401, anonymous(f -> f.get("/v1/merchants").status()));
        row("getMerchant", 200, f -> f.get("/v1/merchants/" + merchant).status());
        row("getMerchant", 401, anonymous(f -> f.get("/v1/merchants/" + merchant).status()));
        row("getMerchant", 404, f -> f.get("/v1/merchants/m_none").status());
        row("addExamples", 200, f -> f.send("POST", "/v1/merchants/" + merchant + "/examples", "{\"texts\": [\"SQ *STARBUCKS 0042\"]}",
                "application/json", IdempotencyKeys.HEADER, "examples-1").status());
        row("addExamples", 409, f -> stillBeingAnswered(f, "/v1/merchants/" + merchant + "/examples", "{\"texts\": [\"STARBUCKS 3\"]}"));
        row("addExamples", 422, f -> f.send("POST", "/v1/merchants/" + merchant + "/examples", "{\"texts\": [\"STARBUCKS 4\"]}",
                "application/json", IdempotencyKeys.HEADER, "examples-1").status());
        row("addExamples", 400, f -> f.post("/v1/merchants/" + merchant + "/examples", "{\"texts\": []}").status());
        row("addExamples", 401, anonymous(f -> f.post("/v1/merchants/" + merchant + "/examples", "{\"texts\": [\"x\"]}").status()));
        row("addExamples", 403, f -> f.post("/v1/merchants/" + merchant + "/examples", "{\"texts\": [\"STARBUCKS 2\"]}").status());
        row("addExamples", 404, f -> f.post("/v1/merchants/m_none/examples", "{\"texts\": [\"x\"]}").status());
        row("match", 200, f -> f.match("STARBUCKS SEATTLE").status());
        row("match", 400, f -> f.post("/v1/match", "{\"text\": \"\"}").status());
        row("match", 401, anonymous(f -> f.match("STARBUCKS SEATTLE").status()));
        row("matchBatch", 200, f -> f.post("/v1/match/batch", "{\"items\": [{\"text\": \"STARBUCKS\"}]}").status());
        row("matchBatch", 400, f -> f.post("/v1/match/batch", "{\"items\": []}").status());
        row("matchBatch", 401, anonymous(f -> f.post("/v1/match/batch", "{\"items\": [{\"text\": \"STARBUCKS\"}]}").status()));
        row("embed", 200, f -> f.post("/v1/embed", "{\"texts\": [\"STARBUCKS\"]}").status());
        row("embed", 400, f -> f.post("/v1/embed", "{\"texts\": [\"STARBUCKS\"], \"k\": 1}").status());
        row("embed", 401, anonymous(f -> f.post("/v1/embed", "{\"texts\": [\"STARBUCKS\"]}").status()));
        row("embed", 413, f -> f.post("/v1/embed", BIG).status());
        row("embed", 415, f -> f.post("/v1/embed", "{}", "text/plain").status());
        row("submitDedupJob", 202, f -> {
            HttpFixture.Reply r = f.post("/v1/dedup/jobs", JOB);
            job = r.body().get("jobId").asText();
            return r.status();
        });
        row("submitDedupJob", 400, f -> f.post("/v1/dedup/jobs", "{\"records\": [], \"callbackUrl\": \"x\"}").status());
        row("submitDedupJob", 401, anonymous(f -> f.post("/v1/dedup/jobs", JOB).status()));
        row("submitDedupJob", 413, f -> f.post("/v1/dedup/jobs", BIG).status());
        row("submitDedupJob", 415, f -> f.post("/v1/dedup/jobs", "{}", "text/plain").status());
        row("submitDedupJob", 429, f -> { // the runner held: 4 jobs wait, the fifth is refused
            int status = 0;
            for (int i = 0; i < DedupJobs.MAX_ACTIVE && status != 429; i++) {
                status = f.post("/v1/dedup/jobs", JOB).status();
            }
            return status;
        });
        row("listDedupJobs", 200, f -> f.get("/v1/dedup/jobs").status());
        row("listDedupJobs", 401, anonymous(f -> f.get("/v1/dedup/jobs").status()));
        row("getDedupJob", 200, f -> f.get("/v1/dedup/jobs/" + job).status());
        row("getDedupJob", 401, anonymous(f -> f.get("/v1/dedup/jobs/" + job).status()));
        row("getDedupJob", 404, f -> f.get("/v1/dedup/jobs/job_none").status());
        row("cancelDedupJob", 204, f -> f.delete("/v1/dedup/jobs/" + job).status());
        row("cancelDedupJob", 401, anonymous(f -> f.delete("/v1/dedup/jobs/" + job).status()));
        row("cancelDedupJob", 404, f -> f.delete("/v1/dedup/jobs/job_none").status());
        row("deleteMerchant", 204, f -> f.delete("/v1/merchants/" + merchant).status());
        row("deleteMerchant", 401, anonymous(f -> f.delete("/v1/merchants/" + merchant).status()));
        row("deleteMerchant", 404, f -> f.delete("/v1/merchants/" + merchant).status());
        // the tenant holds no merchant now: PUT may create its one
        row("upsertMerchant", 201, f -> f.put("/v1/merchants/ext-1", TWO_EXAMPLES).status());
        row("upsertMerchant", 200, f -> f.put("/v1/merchants/ext-1", TWO_EXAMPLES).status());
        row("upsertMerchant", 400, f -> f.put("/v1/merchants/ext-1", "{\"name\": \"x\"}").status());
        row("upsertMerchant", 401, anonymous(f -> f.put("/v1/merchants/ext-1", TWO_EXAMPLES).status()));
        row("upsertMerchant", 403, f -> f.put("/v1/merchants/ext-2", TWO_EXAMPLES).status()); // the quota: 1 merchant
        row("upsertMerchant", 415, f -> f.send("PUT", "/v1/merchants/ext-1", TWO_EXAMPLES, "text/plain").status());
        row("patchMerchant", 200, f -> f.patch("/v1/merchants/ext-1", "{\"category\": \"coffee\"}").status());
        row("patchMerchant", 400, f -> f.patch("/v1/merchants/ext-1", "{\"name\": null}").status());
        row("patchMerchant", 401, anonymous(f -> f.patch("/v1/merchants/ext-1", "{\"category\": \"tea\"}").status()));
        row("patchMerchant", 403, f -> f.patch("/v1/merchants/ext-1", "{\"name\": \"" + LONG + "\"}").status()); // the bytes
        row("patchMerchant", 404, f -> f.patch("/v1/merchants/m_none", "{\"category\": \"tea\"}").status());
        row("patchMerchant", 415, f -> f.send("PATCH", "/v1/merchants/ext-1", "{}", "text/plain").status());
        row("listExamples", 200, f -> f.get("/v1/merchants/ext-1/examples").status());
        row("listExamples", 401, anonymous(f -> f.get("/v1/merchants/ext-1/examples").status()));
        row("listExamples", 404, f -> f.get("/v1/merchants/m_none/examples").status());
        row("deleteExample", 204, f -> f.delete("/v1/merchants/ext-1/examples/1").status());
        row("deleteExample", 400, f -> f.delete("/v1/merchants/ext-1/examples/first").status());
        row("deleteExample", 401, anonymous(f -> f.delete("/v1/merchants/ext-1/examples/0").status()));
        row("deleteExample", 404, f -> f.delete("/v1/merchants/ext-1/examples/1").status()); // it has one now
        row("deleteExample", 409, f -> f.delete("/v1/merchants/ext-1/examples/0").status()); // its last one
        row("addNegatives", 200, f -> f.send("POST", "/v1/merchants/ext-1/negatives", "{\"texts\": [\"STARBUCKS RESERVE\"]}",
                "application/json", IdempotencyKeys.HEADER, "negatives-1").status());
        row("addNegatives", 400, f -> f.post("/v1/merchants/ext-1/negatives", "{\"texts\": []}").status());
        row("addNegatives", 401, anonymous(f -> f.post("/v1/merchants/ext-1/negatives", "{\"texts\": [\"x\"]}").status()));
        row("addNegatives", 403, f -> f.post("/v1/merchants/ext-1/negatives", "{\"texts\": [\"" + LONG + "\"]}").status());
        row("addNegatives", 404, f -> f.post("/v1/merchants/m_none/negatives", "{\"texts\": [\"x\"]}").status());
        row("addNegatives", 409, f -> stillBeingAnswered(f, "/v1/merchants/ext-1/negatives", "{\"texts\": [\"STARBUCKS 5\"]}"));
        row("addNegatives", 422, f -> f.send("POST", "/v1/merchants/ext-1/negatives", "{\"texts\": [\"STARBUCKS 6\"]}",
                "application/json", IdempotencyKeys.HEADER, "negatives-1").status());
        row("live", 200, f -> f.get("/health/live").status());
        row("live", 405, f -> f.post("/health/live", "{}").status());
        row("ready", 200, f -> f.get("/health/ready").status());
        row("ready", 405, f -> f.post("/health/ready", "{}").status());
        row("ready", 503, f -> { // another server, whose model cannot be loaded: 503 while it tries and once it failed
            try (TxmatchServer broken = TxmatchServer.start(new ServiceConfig("127.0.0.1", 0, dir.resolve("data2"),
                    dir.resolve("no-such-model.txmb")))) {
                return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + broken.port() + "/health/ready")).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            }
        });
        row("metrics", 200, f -> {
            String key = f.key;
            f.key = OPERATOR;
            try {
                return f.get("/metrics").status();
            } finally {
                f.key = key;
            }
        });
        row("metrics", 401, anonymous(f -> f.get("/metrics").status()));
        row("metrics", 403, f -> f.get("/metrics").status()); // a tenant's key
        row("openApi", 200, f -> f.get("/openapi.json").status());
        row("openApi", 405, f -> f.post("/openapi.json", "{}").status());
        row("docs", 200, f -> f.get("/docs").status());
        row("docs", 405, f -> f.post("/docs", "{}").status());
    }

    @Test
    void every_documented_status_of_every_operation_is_what_a_real_request_gets() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys.txt"), TENANT + " acme\n");
        Path operator = Files.writeString(dir.resolve("operator.txt"), OPERATOR + "\n");
        ServiceConfig config = new ServiceConfig("127.0.0.1", 0, dir.resolve("data"), HttpFixture.MODEL, keys,
                new TenantQuotas.Limits(1, 2, BYTES), operator, ServiceConfig.HttpLimits.DEFAULT);
        table();
        List<String> wrong = new ArrayList<>();
        TreeSet<String> documented = new TreeSet<>();
        try (HttpFixture f = new HttpFixture(config).as(TENANT); AutoCloseable hold = f.server.dedupJobs().hold()) {
            JsonNode paths = f.get("/openapi.json").body().get("paths");
            for (Iterator<JsonNode> p = paths.elements(); p.hasNext(); ) {
                for (Iterator<Map.Entry<String, JsonNode>> ops = p.next().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (!op.getKey().equals("parameters")) {
                        op.getValue().get("responses").fieldNames().forEachRemaining(
                                s -> documented.add(op.getValue().get("operationId").asText() + " " + s));
                    }
                }
            }
            for (Map.Entry<String, Call> c : calls.entrySet()) {
                int got = c.getValue().status(f);
                if (!c.getKey().endsWith(" " + got)) {
                    wrong.add(c.getKey() + " got " + got);
                }
            }
        }
        assertThat(new TreeSet<>(calls.keySet())).as("requests of this table vs statuses of the document").isEqualTo(documented);
        assertThat(wrong).as("requests that did not get their documented status").isEmpty();
    }
}
