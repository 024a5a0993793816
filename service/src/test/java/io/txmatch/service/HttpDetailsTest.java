package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP details every client meets: 405 with Allow, stable problem types, X-Request-Id on every answer. */
class HttpDetailsTest {
    @TempDir
    Path data;
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(HttpFixture f, String method, String path, String requestId, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.server.port() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (requestId != null) {
            b.header("X-Request-Id", requestId);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode problem(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(Problems.PROBLEM_JSON);
        return HttpFixture.JSON.readTree(r.body());
    }

    @Test
    void a_known_path_with_the_wrong_method_is_405_with_allow_and_a_problem_body() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            HttpResponse<String> r = send(f, "GET", "/v1/match", null, null);
            assertThat(r.statusCode()).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).hasValue("POST");
            JsonNode p = problem(r);
            assertThat(p.get("type").asText()).isEqualTo("urn:txmatch:problem:method-not-allowed");
            assertThat(p.get("status").asInt()).isEqualTo(405);

            HttpResponse<String> put = send(f, "PUT", "/v1/dedup/jobs", null, "{}");
            assertThat(put.statusCode()).isEqualTo(405);
            assertThat(put.headers().firstValue("Allow").orElse("")).contains("POST");
            assertThat(send(f, "POST", "/health/live", null, "{}").statusCode()).isEqualTo(405);
            // An unknown path stays 404.
            HttpResponse<String> none = send(f, "GET", "/v1/nothing-here", null, null);
            assertThat(none.statusCode()).isEqualTo(404);
            assertThat(problem(none).get("type").asText()).isEqualTo("urn:txmatch:problem:not-found");
        }
    }

    @Test
    void problem_types_are_stable_urns_per_kind_never_about_blank() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            assertThat(problem(send(f, "POST", "/v1/match", null, "{}")).get("type").asText())
                    .isEqualTo("urn:txmatch:problem:bad-request");
            assertThat(problem(send(f, "GET", "/v1/merchants/m_none", null, null)).get("type").asText())
                    .isEqualTo("urn:txmatch:problem:not-found");
            HttpResponse<String> big = send(f, "POST", "/v1/match", null, "{\"text\":\"" + "x".repeat((int) TxmatchServer.MAX_BODY) + "\"}");
            assertThat(big.statusCode()).isEqualTo(413);
            assertThat(problem(big).get("type").asText()).isEqualTo("urn:txmatch:problem:content-too-large");
            HttpResponse<String> media = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.server.port() + "/v1/match"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(problem(media).get("type").asText()).isEqualTo("urn:txmatch:problem:unsupported-media-type");
        }
    }

    @Test
    void every_answer_carries_a_request_id_the_clients_when_sane() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            assertThat(send(f, "GET", "/health/live", "trace-42.a:b_c-d", null).headers().firstValue("X-Request-Id"))
                    .hasValue("trace-42.a:b_c-d");
            for (String insane : new String[] {"has spaces in it", "x".repeat(129), "<script>"}) {
                String id = send(f, "GET", "/health/live", insane, null).headers().firstValue("X-Request-Id").orElseThrow();
                assertThat(id).as(insane).isNotEqualTo(insane).matches(RequestIds.SANE);
            }
            String a = send(f, "GET", "/v1/merchants", null, null).headers().firstValue("X-Request-Id").orElseThrow();
            String b = send(f, "GET", "/v1/merchants", null, null).headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(a).isNotEqualTo(b).matches(RequestIds.SANE);
            // Errors too: a route's 404, Javalin's 405, the body limit's 413 (answered before any route runs).
            assertThat(send(f, "GET", "/v1/merchants/m_none", "r1", null).headers().firstValue("X-Request-Id")).hasValue("r1");
            assertThat(send(f, "GET", "/v1/match", "r2", null).headers().firstValue("X-Request-Id")).hasValue("r2");
            assertThat(send(f, "POST", "/v1/match", "r3", "{\"text\":\"" + "x".repeat((int) TxmatchServer.MAX_BODY) + "\"}")
                    .headers().firstValue("X-Request-Id")).hasValue("r3");
        }
    }
}
