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
    void every_documented_operation_is_a_live_route_and_docs_render_it() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            HttpFixture.Reply spec = f.get("/openapi.json");
            assertThat(spec.status()).isEqualTo(200);
            assertThat(spec.contentType()).startsWith("application/json");
            String page = f.text("/docs");
            int operations = 0;
            for (Iterator<Map.Entry<String, JsonNode>> paths = spec.body().get("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> p = paths.next();
                String path = p.getKey().replace("{id}", "m_none").replace("{jobId}", "job_none");
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
                        default -> throw new AssertionError(method);
                    };
                    String what = method + " " + p.getKey();
                    assertThat(r.status()).as(what).isLessThan(500).isNotEqualTo(405);
                    if (r.status() == 404) {
                        assertThat(r.body().get("detail").asText()).as(what).doesNotStartWith("no route");
                    }
                    assertThat(page).as(what).contains(method.toUpperCase() + " " + p.getKey());
                }
            }
            assertThat(operations).isEqualTo(17);
        }
    }
}
