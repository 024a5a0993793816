package io.txmatch.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The API's OpenAPI 3 document ({@code openapi.json} beside this class, written by hand and checked
 * against the live routes by a test) and a plain HTML page rendered from it for {@code /docs}: no
 * scripts, nothing fetched from elsewhere.
 */
final class ApiDocs {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ApiDocs() {
    }

    /** The OpenAPI document as JSON text. */
    static String openApi() {
        try (InputStream in = ApiDocs.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the service's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTML page listing every operation with its summary, parameters, body and responses. */
    static String html(String openApi) {
        JsonNode doc;
        try {
            doc = JSON.readTree(openApi);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>txmatch API</title>"
                + "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}code,pre{background:#f4f4f4}"
                + "pre{padding:.5em;overflow:auto;font-size:85%}h2{border-top:1px solid #ccc;padding-top:.5em}</style></head><body>");
        h.append("<h1>").append(esc(doc.path("info").path("title").asText())).append(' ')
                .append(esc(doc.path("info").path("version").asText())).append("</h1><p>")
                .append(esc(doc.path("info").path("description").asText()))
                .append("</p><p>Machine-readable: <a href=\"/openapi.json\">/openapi.json</a>.</p>");
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                JsonNode o = op.getValue();
                h.append("<h2><code>").append(op.getKey().toUpperCase(java.util.Locale.ROOT)).append(' ').append(esc(path.getKey()))
                        .append("</code></h2><p>").append(esc(o.path("summary").asText())).append("</p>");
                section(h, "Parameters", o.has("parameters") ? o.get("parameters") : path.getValue().get("parameters"));
                section(h, "Request body", o.path("requestBody").path("content").path("application/json").path("schema"));
                section(h, "Responses", o.get("responses"));
            }
        }
        h.append("<h2>Schemas</h2><pre>").append(esc(pretty(doc.path("components").path("schemas")))).append("</pre></body></html>");
        return h.toString();
    }

    private static void section(StringBuilder h, String title, JsonNode node) {
        if (node != null && !node.isMissingNode() && !node.isEmpty()) {
            h.append("<h3>").append(title).append("</h3><pre>").append(esc(pretty(node))).append("</pre>");
        }
    }

    private static String pretty(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
