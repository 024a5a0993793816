package io.txmatch.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Starts the real server on port 0 and talks plain HTTP to it. */
final class HttpFixture implements AutoCloseable {
    static final Path MODEL = io.txmatch.model.ModelBundle.bundled(Path.of(".."));
    static final ObjectMapper JSON = new ObjectMapper();

    record Reply(int status, String contentType, JsonNode body, java.net.http.HttpHeaders headers) {
        Reply(int status, String contentType, JsonNode body) {
            this(status, contentType, body, java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true));
        }

        /** The answer's header {@code name}, or null. */
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    final TxmatchServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Sent as {@code Authorization: Bearer KEY} when not null. */
    String key;

    HttpFixture(Path dataDir) throws Exception {
        this(new ServiceConfig("127.0.0.1", 0, dataDir, MODEL));
    }

    HttpFixture(ServiceConfig config) throws Exception {
        server = TxmatchServer.start(config);
        server.awaitReady(Duration.ofMinutes(2));
    }

    /** The same server, acting with {@code key}. */
    HttpFixture as(String key) {
        this.key = key;
        return this;
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** GET returning the raw body, for non-JSON answers. */
    String text(String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    Reply delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    Reply post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, "application/json");
    }

    Reply post(String path, String body, String contentType) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A request of {@code method} with a JSON body and extra headers (name, value, name, value ...). */
    Reply send(String method, String path, String body, String contentType, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    Reply put(String path, String body) throws IOException, InterruptedException {
        return send("PUT", path, body, "application/json");
    }

    Reply patch(String path, String body) throws IOException, InterruptedException {
        return send("PATCH", path, body, "application/merge-patch+json");
    }

    Reply enrol(String name, String... examples) throws IOException, InterruptedException {
        return post("/v1/merchants", JSON.createObjectNode().put("name", name)
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("examples", JSON.valueToTree(examples)).toString());
    }

    Reply match(String text) throws IOException, InterruptedException {
        return post("/v1/match", JSON.createObjectNode().put("text", text).toString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private Reply send(HttpRequest req) throws IOException, InterruptedException {
        if (key != null) {
            req = HttpRequest.newBuilder(req, (n, v) -> true).header("Authorization", "Bearer " + key).build();
        }
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        String type = r.headers().firstValue("Content-Type").orElse("");
        JsonNode body = r.body().isEmpty() || !type.contains("json") ? null : JSON.readTree(r.body());
        return new Reply(r.statusCode(), type, body, r.headers());
    }

    @Override
    public void close() {
        server.close();
    }
}
