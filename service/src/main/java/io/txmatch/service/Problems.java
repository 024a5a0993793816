package io.txmatch.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.txmatch.index.store.NoSpaceLeftException;
import io.txmatch.match.CatalogueException;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;
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
    /** The scheme of every problem {@code type}: followed by the error's kind ({@link #typeOf}). */
    static final String TYPE_PREFIX = "urn:txmatch:problem:";
    /** The problem type of a refused write beyond a tenant quota, followed by the quota's wire name. */
    static final String QUOTA_TYPE = TYPE_PREFIX + "quota-exceeded:";
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
            LOG.warn("{} {} (request {}) not stored: {}", ctx.method(), ctx.path(), RequestIds.current(), e.getMessage());
            render(ctx, 507, titleOf(507), "no space left on the data directory's disk: the write was not stored; "
                    + "retry once space is freed (/health/ready reports when)");
        });
        app.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 405) {
                // Javalin names the path's methods in its one detail ("GET,POST"): the Allow header RFC 9110 asks for.
                String allow = Arrays.stream(String.join(",", e.getDetails().values()).split(",")).map(String::trim)
                        .filter(m -> !m.isEmpty()).collect(Collectors.joining(", "));
                ctx.header("Allow", allow);
                render(ctx, 405, titleOf(405), ctx.method() + " is not allowed on " + ctx.path() + "; allowed: " + allow);
            } else {
                render(ctx, e.getStatus(), titleOf(e.getStatus()), e.getMessage());
            }
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {} (request {})", ctx.method(), ctx.path(), RequestIds.current(), e);
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
        render(ctx, typeOf(status), status, title, detail);
    }

    private void render(Context ctx, String type, int status, String title, String detail) {
        Problem body = new Problem(type, title, status, detail == null || detail.isBlank() ? title : detail);
        try {
            ctx.status(status).contentType(PROBLEM_JSON).result(json.writeValueAsString(body));
        } catch (IOException e) {
            ctx.status(status).result(title);
        }
    }

    /**
     * The problem {@code type} of an error status: {@link #TYPE_PREFIX} and its kind, the reason phrase in lower case
     * with hyphens ({@code urn:txmatch:problem:not-found}); stable, so clients may branch on it. Quota refusals have
     * their own, {@link #QUOTA_TYPE} and the quota.
     */
    static String typeOf(int status) {
        String kind = switch (status) {
            case 500 -> "internal-error";
            default -> titleOf(status).toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        };
        return TYPE_PREFIX + kind;
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
