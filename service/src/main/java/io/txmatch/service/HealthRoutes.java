package io.txmatch.service;

import io.javalin.http.Context;
import io.txmatch.match.Catalogue;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code /health/live} (the listener answers) and {@code /health/ready} (model and catalogue loaded, 503 before;
 * it reports the code width, and the counts of every tenant only to the operator, see {@link Auth#operator}).
 * Ready answers 503 {@code "degraded"} with a reason while the catalogue cannot store writes
 * ({@link Catalogue#storageProblem()}: no space left, a failed force); the problem is re-checked at each call, so
 * readiness comes back by itself once space is freed.
 */
final class HealthRoutes {
    /** The answer to {@code /health/live}. */
    record Live(String status) {
    }

    /** The answer to {@code /health/ready} for the operator. */
    record Ready(String status, int bits, int merchants, int exemplars) {
    }

    /** The answer to {@code /health/ready} for anyone else: no counts. */
    record ReadyBrief(String status, int bits) {
    }

    /** The answer to {@code /health/ready} for the operator while the catalogue cannot store writes. */
    record Degraded(String status, String reason, int bits, int merchants, int exemplars) {
    }

    /** The answer to {@code /health/ready} for anyone else while the catalogue cannot store writes: no counts. */
    record DegradedBrief(String status, String reason, int bits) {
    }

    private final Supplier<Catalogue> catalogue;
    private final Predicate<Context> operator;

    /**
     * @param catalogue the loaded catalogue (503 while loading)
     * @param operator  whether a request may see the counts of every tenant
     */
    HealthRoutes(Supplier<Catalogue> catalogue, Predicate<Context> operator) {
        this.catalogue = catalogue;
        this.operator = operator;
    }

    /** {@code GET /health/live}. */
    void live(Context ctx) {
        ctx.json(new Live("live"));
    }

    /** {@code GET /health/ready}. */
    void ready(Context ctx) {
        Catalogue c = catalogue.get();
        boolean counts = operator.test(ctx);
        Optional<String> problem = c.storageProblem();
        if (problem.isPresent()) {
            ctx.status(503).json(counts
                    ? new Degraded("degraded", problem.get(), c.bits(), c.merchantCount(), c.exemplarCount())
                    : new DegradedBrief("degraded", problem.get(), c.bits()));
            return;
        }
        ctx.json(counts ? new Ready("ready", c.bits(), c.merchantCount(), c.exemplarCount()) : new ReadyBrief("ready", c.bits()));
    }
}
