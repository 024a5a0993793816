package io.txmatch.service;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * The API's OpenAPI 3 document ({@code openapi.json} beside this class, written by hand, linted by Redocly and checked
 * against the live routes by tests) and {@code /docs}, Swagger UI over it. Swagger UI's files come from its WebJar
 * on the class path ({@code org.webjars:swagger-ui}), served under {@code /docs/}: nothing is fetched from elsewhere.
 */
final class ApiDocs {
    /** The WebJar's files that {@code /docs} loads, with their media types. */
    static final Map<String, String> ASSETS = Map.of("swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8");

    private final String openApi = read("/openapi.json");
    private final String webjar = "/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";

    /** {@code GET /openapi.json}. */
    void document(Context ctx) {
        ctx.contentType("application/json").result(openApi);
    }

    /**
     * {@code GET /docs}: Swagger UI over {@code /openapi.json}. Paths are relative, so the page works behind a proxy
     * that serves the API under a prefix.
     */
    void page(Context ctx) {
        ctx.html("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>txmatch API</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <link rel="stylesheet" href="docs/swagger-ui.css"></head>
                <body><div id="swagger-ui"></div>
                <noscript>This page needs JavaScript; the API's OpenAPI document is <a href="openapi.json">openapi.json</a>.</noscript>
                <script src="docs/swagger-ui-bundle.js"></script>
                <script>window.ui = SwaggerUIBundle({url: "openapi.json", dom_id: "#swagger-ui", deepLinking: true,
                  displayOperationId: true, defaultModelsExpandDepth: 0});</script>
                </body></html>
                """);
    }

    /** {@code GET /docs/{asset}}: one of {@link #ASSETS} from the WebJar; 404 for any other name. */
    void asset(Context ctx) throws IOException {
        String name = ctx.pathParam("asset");
        String type = ASSETS.get(name);
        InputStream in = type == null ? null : ApiDocs.class.getResourceAsStream(webjar + name);
        if (in == null) {
            throw ApiProblem.notFound("no docs asset " + name);
        }
        ctx.contentType(type).header("Cache-Control", "public, max-age=86400").result(in);
    }

    /** The Swagger UI WebJar's version, from its Maven metadata. */
    private static String swaggerUiVersion() {
        try (InputStream in = ApiDocs.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui WebJar is missing from the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String resource) {
        try (InputStream in = ApiDocs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the service's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
