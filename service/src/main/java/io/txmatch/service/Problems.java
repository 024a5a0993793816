package io.txmatch.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.txmatch.index.store.NoSpaceLeftException;
import io.txmatch.match.CatalogueException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the service answers, in one shape: {@code application/problem+json} (RFC 9457) with {@code type},
 * {@code title}, {@code status} and {@code detail}. {@link ApiProblem}s of the handlers, the catalogue's
 * {@link CatalogueException}s (by {@link #status(CatalogueException.Reason)}), Javalin's own HTTP errors, unknown
 * routes and methods; a write refused for lack of disk space ({@link NoSpaceLeftException}) is answered 507 with a
 * one-line warning in the log; anything else is logged and answered 500 without its message.
 */
final class Problems {
    /** The media type of every error body. */
    static final String PROBLEM_JSON = "application/problem+json";
    /** The problem type of a refused write beyond a tenant quota, followed by the quota's wire name. */
    static final String QUOTA_TYPE = "urn:txmatch:problem:quota-exceeded:";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    /** The error body. */
    record Problem(String type, String title, int status, String detail) {
    }

    private final ObjectMapper json;

    Problems(ObjectMapper json) {
        this.json = json;
    }

    /** Maps every exception and error status of {@code app} to a problem body. */
    void register(Javalin app) {
        app.exception(ApiProblem.class, (e, ctx) -> render(ctx, e.status(), e.title(), e.getMessage()));
        app.exception(CatalogueException.class, (e, ctx) -> {
            int status = status(e.reason());
            if (e.quota() != null) {
                // Which quota, in the type and the title: a client can tell a full tenant from a bad request.
                render(ctx, QUOTA_TYPE + e.quota().wireName(), status, "Quota exceeded: " + e.quota().wireName(), e.getMessage());
            } else {
                render(ctx, status, titleOf(status), e.getMessage());
            }
        });
        app.exception(NoSpaceLeftException.class, (e, ctx) -> {
            LOG.warn("{} {} not stored: {}", ctx.method(), ctx.path(), e.getMessage());
            render(ctx, 507, titleOf(507), "no space left on the data directory's disk: the write was not stored; "
                    + "retry once space is freed (/health/ready reports when)");
        });
        app.exception(HttpResponseException.class, (e, ctx) -> render(ctx, e.getStatus(), titleOf(e.getStatus()), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            render(ctx, 500, "Internal Server Error", "the server could not handle this request");
        });
        app.error(404, ctx -> {
            if (!isProblem(ctx)) {
                render(ctx, 404, "Not Found", "no route " + ctx.method() + " " + ctx.path());
            }
        });
        app.error(405, ctx -> {
            if (!isProblem(ctx)) {
                render(ctx, 405, "Method Not Allowed", ctx.method() + " is not allowed on " + ctx.path());
            }
        });
    }

    /** The HTTP status of a catalogue refusal. */
    static int status(CatalogueException.Reason reason) {
        return switch (reason) {
            case NO_SUCH_MERCHANT, NO_SUCH_EXAMPLE -> 404;
            case TOO_MANY_EXAMPLES, BLANK_TEXT, BAD_METADATA, BAD_EXTERNAL_ID, TOO_MANY_NEGATIVES -> 400;
            case QUOTA_EXCEEDED -> 403;
            case LAST_EXAMPLE -> 409;
        };
    }

    private static boolean isProblem(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(PROBLEM_JSON);
    }

    private void render(Context ctx, int status, String title, String detail) {
        render(ctx, "about:blank", status, title, detail);
    }

    private void render(Context ctx, String type, int status, String title, String detail) {
        Problem body = new Problem(type, title, status, detail == null || detail.isBlank() ? title : detail);
        try {
            ctx.status(status).contentType(PROBLEM_JSON).result(json.writeValueAsString(body));
        } catch (IOException e) {
            ctx.status(status).result(title);
        }
    }

    /** The reason phrase of a status, as problem titles show it. */
    static String titleOf(int status) {
        switch (status) {
            case 400:
                return "Bad Request";
            case 401:
                return "Unauthorized";
            case 403:
                return "Forbidden";
            case 404:
                return "Not Found";
            case 405:
                return "Method Not Allowed";
            case 408:
                return "Request Timeout";
            case 409:
                return "Conflict";
            case 413:
                return "Content Too Large";
            case 415:
                return "Unsupported Media Type";
            case 422:
                return "Unprocessable Content";
            case 429:
                return "Too Many Requests";
            case 431:
                return "Request Header Fields Too Large";
            case 503:
                return "Service Unavailable";
            case 507:
                return "Insufficient Storage";
            default:
                return status >= 500 ? "Server Error" : "Request Error";
        }
    }
}
