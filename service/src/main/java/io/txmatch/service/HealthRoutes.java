package io.txmatch.service;

import io.javalin.http.Context;
import io.txmatch.match.Catalogue;
import java.util.function.Supplier;

/**
 * {@code /health/live} (the listener answers) and {@code /health/ready} (model and catalogue loaded, 503 before;
 * it reports what is loaded).
 */
final class HealthRoutes {
    /** The answer to {@code /health/live}. */
    record Live(String status) {
    }

    /** The answer to {@code /health/ready}. */
    record Ready(String status, int bits, int merchants, int exemplars) {
    }

    private final Supplier<Catalogue> catalogue;

    /** @param catalogue the loaded catalogue (503 while loading) */
    HealthRoutes(Supplier<Catalogue> catalogue) {
        this.catalogue = catalogue;
    }

    /** {@code GET /health/live}. */
    void live(Context ctx) {
        ctx.json(new Live("live"));
    }

    /** {@code GET /health/ready}. */
    void ready(Context ctx) {
        Catalogue c = catalogue.get();
        ctx.json(new Ready("ready", c.bits(), c.merchantCount(), c.exemplarCount()));
    }
}
