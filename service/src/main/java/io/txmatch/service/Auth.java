package io.txmatch.service;

import io.javalin.http.Context;
import io.txmatch.match.Catalogue;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who a request acts for. With API keys every {@code /v1} request (and {@code /metrics}, which shows every
 * tenant's counts) needs {@code Authorization: Bearer KEY} and acts for that key's tenant; without keys every
 * request acts for {@link Catalogue#DEFAULT_TENANT} (and the service binds loopback only, see {@link ServiceConfig}).
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
        if (keys == null) {
            LOG.warn("no API keys (--keys): serving one default tenant without authentication, on {} only", config.host());
        } else {
            LOG.info("API keys for {} tenants: every /v1 request needs 'Authorization: Bearer KEY'", keys.tenants());
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
        String auth = ctx.header("Authorization");
        String key = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
        String tenant = keys.tenantOf(key).orElse(null);
        if (tenant == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiProblem(401, "Unauthorized", auth == null ? "send 'Authorization: Bearer KEY'" : "unknown API key");
        }
        ctx.attribute(TENANT, tenant);
    }

    /** Guards {@code /metrics}: open without keys, a valid key of any tenant with them. */
    void authenticateMetrics(Context ctx) {
        if (keys != null) {
            authenticate(ctx);
        }
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
