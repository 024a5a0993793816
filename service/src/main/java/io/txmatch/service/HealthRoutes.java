package io.txmatch.service;

import io.javalin.http.Context;
import io.txmatch.match.Catalogue;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /health/live} (the listener answers) and {@code /health/ready} (model and catalogue loaded, 503 before;
 * it reports what is loaded). Ready answers 503 {@code "degraded"} with a reason while the catalogue cannot store
 * writes ({@link Catalogue#storageProblem()}: no space left, a failed force); the problem is re-checked at each
 * call, so readiness comes back by itself once space is freed.
 */
final class HealthRoutes {
    /** The answer to {@code /health/live}. */
    record Live(String status) {
    }

    /** The answer to {@code /health/ready}. */
    record Ready(String status, int bits, int merchants, int exemplars) {
    }

    /** The answer to {@code /health/ready} while the catalogue cannot store writes. */
    record Degraded(String status, String reason, int bits, int merchants, int exemplars) {
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
        Optional<String> problem = c.storageProblem();
        if (problem.isPresent()) {
            ctx.status(503).json(new Degraded("degraded", problem.get(), c.bits(), c.merchantCount(), c.exemplarCount()));
            return;
        }
        ctx.json(new Ready("ready", c.bits(), c.merchantCount(), c.exemplarCount()));
    }
}
