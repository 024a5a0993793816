package io.txmatch.service;

import io.javalin.http.Context;
import io.txmatch.match.Catalogue;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who a request acts for. With API keys every {@code /v1} request needs {@code Authorization: Bearer KEY} and acts
 * for that key's tenant, and {@code /metrics} (every tenant's counts and traffic) needs the operator key, which is
 * no tenant's (401 without a known key, 403 with a tenant's); without keys every request acts for
 * {@link Catalogue#DEFAULT_TENANT} and {@code /metrics} is open (the service binds loopback only, see
 * {@link ServiceConfig}).
 */
final class Auth {
    private static final Logger LOG = LoggerFactory.getLogger(Auth.class);
    private static final String TENANT = "txmatch.tenant";

    private final ApiKeys keys;

    private Auth(ApiKeys keys) {
        this.keys = keys;
    }

    /** The keys of {@code config} (none when it names no key file); a bad key file stops start-up. */
    static Auth of(ServiceConfig config) {
        ApiKeys keys;
        try {
            keys = config.keys() == null ? null : ApiKeys.read(config.keys());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the key file " + config.keys() + ": " + e.getMessage(), e);
        }
        if (config.operatorKey() != null) {
            if (keys == null) {
                throw new IllegalArgumentException("an operator key needs --keys: without them /metrics is open on loopback");
            }
            try {
                keys = keys.withOperator(config.operatorKey());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the operator key file " + config.operatorKey() + ": "
                        + e.getMessage(), e);
            }
        }
        if (keys == null) {
            LOG.warn("no API keys (--keys): serving one default tenant without authentication, on {} only", config.host());
        } else {
            LOG.info("API keys for {} tenants: every /v1 request needs 'Authorization: Bearer KEY'", keys.tenants());
            if (!keys.hasOperator()) {
                LOG.warn("no operator key (--operator-key-file): /metrics answers 403 and /health/ready shows no counts");
            }
        }
        return new Auth(keys);
    }

    /**
     * Resolves the request's tenant: from its {@code Authorization: Bearer KEY} when the server has keys (401
     * without a valid one), else the one default tenant.
     */
    void authenticate(Context ctx) {
        if (keys == null) {
            ctx.attribute(TENANT, Catalogue.DEFAULT_TENANT);
            return;
        }
        String tenant = keys.tenantOf(bearer(ctx)).orElse(null);
        if (tenant == null) {
            throw unauthorized(ctx);
        }
        ctx.attribute(TENANT, tenant);
    }

    /** Guards {@code /metrics}: open without keys; with them the operator key, 403 for a tenant's key, else 401. */
    void authenticateMetrics(Context ctx) {
        if (operator(ctx)) {
            return;
        }
        if (keys.tenantOf(bearer(ctx)).isPresent()) {
            throw new ApiProblem(403, "Forbidden", keys.hasOperator() ? "metrics need the operator key, not a tenant's"
                    : "metrics need the operator key, and the service has none (--operator-key-file)");
        }
        throw unauthorized(ctx);
    }

    /** Whether the request may see every tenant's counts: always without keys, with them only with the operator key. */
    boolean operator(Context ctx) {
        return keys == null || keys.isOperator(bearer(ctx));
    }

    private static String bearer(Context ctx) {
        String auth = ctx.header("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
    }

    private static ApiProblem unauthorized(Context ctx) {
        ctx.header("WWW-Authenticate", "Bearer");
        return new ApiProblem(401, "Unauthorized", ctx.header("Authorization") == null ? "send 'Authorization: Bearer KEY'"
                : "unknown API key");
    }

    /** The tenant {@link #authenticate} resolved for this request. */
    static String tenant(Context ctx) {
        String t = ctx.attribute(TENANT);
        if (t == null) {
            throw new IllegalStateException("no tenant resolved for " + ctx.path());
        }
        return t;
    }
}
