package io.txmatch.service;

import io.javalin.http.Context;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.txmatch.match.Catalogue;
import io.txmatch.match.Matcher;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The service's Micrometer metrics, scraped in Prometheus text format at {@code /metrics}: every request timed by
 * method, route template (never the raw path) and status ({@code txmatch.http.requests}); encoding batches
 * ({@code txmatch.embedding}, {@code txmatch.embedding.batch.texts}); merchants and exemplars held
 * ({@code txmatch.catalogue.merchants}, {@code txmatch.index.exemplars}).
 */
final class HttpMetrics {
    private static final String STARTED = "txmatch.started";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<Catalogue> loaded;
    private final Timer embedTimer;
    private final DistributionSummary embedTexts;

    /** @param loaded the catalogue once loaded, null before: the gauges read 0 until then */
    HttpMetrics(Supplier<Catalogue> loaded) {
        this.loaded = loaded;
        this.embedTimer = Timer.builder("txmatch.embedding").description("Encoding a batch of texts to embeddings and codes")
                .publishPercentileHistogram().register(registry);
        this.embedTexts = DistributionSummary.builder("txmatch.embedding.batch.texts")
                .description("Texts per encoded batch").register(registry);
        // The gauges hold this object weakly: the server holds it for as long as it runs.
        Gauge.builder("txmatch.catalogue.merchants", this, m -> m.count(Catalogue::merchantCount))
                .description("Merchants enrolled, all tenants").register(registry);
        Gauge.builder("txmatch.index.exemplars", this, m -> m.count(Catalogue::exemplarCount))
                .description("Exemplar codes in the index").register(registry);
    }

    private double count(java.util.function.ToIntFunction<Catalogue> what) {
        Catalogue c = loaded.get();
        return c == null ? 0 : what.applyAsInt(c);
    }

    /** Times the matcher's encoding batches. */
    Matcher.EncodeListener encoding() {
        return (texts, nanos) -> {
            embedTexts.record(texts);
            embedTimer.record(nanos, TimeUnit.NANOSECONDS);
        };
    }

    /** Before every request: notes when it started. */
    void started(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
    }

    /** After every request: counts and times it by method, route template and status. */
    void finished(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            route = "unmatched";
        }
        if (route == null || !route.startsWith("/") || route.equals("/*")) {
            route = "unmatched"; // Javalin names a 404 with a sentence; keep labels few and stable
        }
        Timer.builder("txmatch.http.requests").description("HTTP requests by route and status")
                .tags("method", ctx.method().name(), "route", route, "status", Integer.toString(ctx.statusCode()))
                .publishPercentileHistogram().register(registry)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /** {@code GET /metrics}. */
    void scrape(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }
}
