package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiDocsTest {
    @TempDir
    Path data;

    @Test
    void every_documented_operation_is_a_live_route_with_an_operation_id() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            HttpFixture.Reply spec = f.get("/openapi.json");
            assertThat(spec.status()).isEqualTo(200);
            assertThat(spec.contentType()).startsWith("application/json");
            int operations = 0;
            for (Iterator<Map.Entry<String, JsonNode>> paths = spec.body().get("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> p = paths.next();
                String path = p.getKey().replace("{id}", "m_none").replace("{index}", "0").replace("{jobId}", "job_none");
                for (Iterator<String> methods = p.getValue().fieldNames(); methods.hasNext(); ) {
                    String method = methods.next();
                    if (method.equals("parameters")) {
                        continue;
                    }
                    operations++;
                    HttpFixture.Reply r = switch (method) {
                        case "get" -> f.get(path);
                        case "post" -> f.post(path, "{}");
                        case "delete" -> f.delete(path);
                        case "put" -> f.put(path, "{}");
                        case "patch" -> f.patch(path, "{}");
                        default -> throw new AssertionError(method);
                    };
                    String what = method + " " + p.getKey();
                    assertThat(r.status()).as(what).isLessThan(500).isNotEqualTo(405);
                    if (r.status() == 404) {
                        assertThat(r.body().get("detail").asText()).as(what).doesNotStartWith("no route");
                    }
                    assertThat(p.getValue().get(method).get("operationId").asText()).as(what).matches("[a-z][A-Za-z]+");
                }
            }
            assertThat(operations).isEqualTo(22);
        }
    }

    @Test
    void docs_is_swagger_ui_over_the_document_served_from_the_webjar() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            String page = f.text("/docs");
            assertThat(page).contains("SwaggerUIBundle({url: \"openapi.json\"", "docs/swagger-ui-bundle.js", "docs/swagger-ui.css")
                    .doesNotContain("http://", "https://"); // nothing fetched from elsewhere
            for (Map.Entry<String, String> a : ApiDocs.ASSETS.entrySet()) {
                java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                        .newBuilder(java.net.URI.create("http://127.0.0.1:" + f.server.port() + "/docs/" + a.getKey())).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).as(a.getKey()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo(a.getValue());
                assertThat(r.body().length).as(a.getKey()).isGreaterThan(100_000);
            }
            assertThat(f.get("/docs/index.html").status()).isEqualTo(404); // only the two files the page loads
            assertThat(f.get("/docs/..%2Fopenapi.json").status()).isEqualTo(404);
        }
    }

    @Test
    void operation_ids_are_unique() throws Exception {
        JsonNode doc = HttpFixture.JSON.readTree(ApiDocsTest.class.getResourceAsStream("/openapi.json"));
        java.util.List<String> ids = new java.util.ArrayList<>();
        doc.get("paths").elements().forEachRemaining(p -> p.fields().forEachRemaining(op -> {
            if (!op.getKey().equals("parameters")) {
                ids.add(op.getValue().get("operationId").asText());
            }
        }));
        assertThat(ids).doesNotHaveDuplicates().hasSize(22);
    }
}
