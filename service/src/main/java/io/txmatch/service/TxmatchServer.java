package io.txmatch.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.txmatch.dedup.DedupEngine;
import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.DedupRecord;
import io.txmatch.match.Confidence;
import io.txmatch.match.MatchOutcome;
import io.txmatch.match.MatchQuery;
import io.txmatch.model.Encoder;
import io.txmatch.model.TextNormaliser;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The txmatch REST service.
 *
 * <pre>{@code
 * try (TxmatchServer server = TxmatchServer.start(new ServiceConfig("127.0.0.1", 0, dataDir, model))) {
 *     server.awaitReady(Duration.ofMinutes(1));
 *     int port = server.port();
 * }
 * }</pre>
 *
 * <p>The HTTP listener starts at once and answers {@code /health/live}; model and catalogue load in the
 * background, and {@code /health/ready} answers 200 (and {@code /v1} serves) only once both are loaded.
 */
public final class TxmatchServer implements AutoCloseable {
    /** Longest descriptor or name accepted, in characters. */
    public static final int MAX_TEXT = TextNormaliser.MAX_TEXT;
    /** Most examples in one enrolment. */
    public static final int MAX_EXAMPLES = 100;
    /** Largest k of a match. */
    public static final int MAX_K = MatchQuery.MAX_K;
    /** Largest request body, in bytes. */
    public static final long MAX_BODY = 1 << 20;
    /** Most items in one batch match. */
    public static final int MAX_BATCH = 1000;
    /** Largest page of the merchant list. */
    public static final int MAX_PAGE = 1000;
    /** Page size of the merchant list when the request names none. */
    static final int DEFAULT_PAGE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(TxmatchServer.class);
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String TENANT = "txmatch.tenant";
    private static final String STARTED = "txmatch.started";

    private final ServiceConfig config;
    // Exact decimals: a dedup amount keeps every digit, and 1e309 is a number (rejected by range), not Infinity.
    private final ObjectMapper json = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final Javalin app;
    private final CompletableFuture<Catalogue> loading;
    private volatile Catalogue catalogue;
    private final ApiKeys keys;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String openApi = ApiDocs.openApi();
    private final String docsPage = ApiDocs.html(openApi);
    private final DedupJobs jobs = new DedupJobs(() -> new DedupEngine(catalogue().encoder()));

    private TxmatchServer(ServiceConfig config) {
        this.config = config;
        try {
            this.keys = config.keys() == null ? null : ApiKeys.read(config.keys());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the key file " + config.keys() + ": " + e.getMessage(), e);
        }
        if (keys == null) {
            LOG.warn("no API keys (--keys): serving one default tenant without authentication, on {} only", config.host());
        } else {
            LOG.info("API keys for {} tenants: every /v1 request needs 'Authorization: Bearer KEY'", keys.tenants());
        }
        this.app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.maxRequestSize = MAX_BODY;
            c.jsonMapper(new JavalinJackson(json, false));
            c.jetty.modifyServer(s -> s.setStopTimeout(5_000));
        });
        routes();
        this.loading = CompletableFuture.supplyAsync(this::load);
    }

    /** Binds the listener and starts loading model and catalogue. */
    public static TxmatchServer start(ServiceConfig config) {
        TxmatchServer s = new TxmatchServer(config);
        s.app.start(config.host(), config.port());
        return s;
    }

    private Catalogue load() {
        try {
            long t0 = System.nanoTime();
            Files.createDirectories(config.dataDir());
            Encoder encoder = Encoder.load(config.model());
            Catalogue c = new Catalogue(encoder, config.dataDir(), json, metrics);
            catalogue = c;
            LOG.info("ready: model {} ({} bits), {} merchants, {} exemplars, loaded in {} ms", config.model(), c.bits(),
                    c.merchantCount(), c.exemplarCount(), (System.nanoTime() - t0) / 1_000_000);
            return c;
        } catch (IOException | RuntimeException e) {
            LOG.error("start-up failed: {}", e.getMessage());
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Port the listener is bound to. */
    public int port() {
        return app.port();
    }

    /** Whether model and catalogue are loaded. */
    public boolean ready() {
        return catalogue != null;
    }

    /** Waits until ready; throws if loading failed or took longer than {@code timeout}. */
    public void awaitReady(Duration timeout) throws Exception {
        try {
            loading.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("txmatch failed to start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void routes() {
        app.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
        app.after(this::record);
        app.before("/v1/*", this::authenticate);
        // With keys, metrics need one too: they show every tenant's counts and traffic.
        app.before("/metrics", ctx -> {
            if (keys != null) {
                authenticate(ctx);
            }
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        app.get("/docs", ctx -> ctx.html(docsPage));
        Gauge.builder("txmatch.catalogue.merchants", this, s -> s.catalogue == null ? 0 : s.catalogue.merchantCount())
                .description("Merchants enrolled, all tenants").register(metrics);
        Gauge.builder("txmatch.index.exemplars", this, s -> s.catalogue == null ? 0 : s.catalogue.exemplarCount())
                .description("Exemplar codes in the index").register(metrics);
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "live")));
        app.get("/health/ready", this::ready);
        app.post("/v1/merchants", this::enrol);
        app.get("/v1/merchants", this::listMerchants);
        app.get("/v1/merchants/{id}", this::getMerchant);
        app.delete("/v1/merchants/{id}", this::deleteMerchant);
        app.post("/v1/merchants/{id}/examples", this::addExamples);
        app.post("/v1/match", this::match);
        app.post("/v1/match/batch", this::matchBatch);
        app.post("/v1/dedup/jobs", this::submitDedup);
        app.get("/v1/dedup/jobs/{jobId}", this::getDedup);
        app.delete("/v1/dedup/jobs/{jobId}", this::cancelDedup);

        app.exception(ApiProblem.class, (e, ctx) -> problem(ctx, e.status(), e.title(), e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, e.getStatus(), titleOf(e.getStatus()), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            problem(ctx, 500, "Internal Server Error", "the server could not handle this request");
        });
        app.error(404, ctx -> {
            if (!isProblem(ctx)) {
                problem(ctx, 404, "Not Found", "no route " + ctx.method() + " " + ctx.path());
            }
        });
        app.error(405, ctx -> {
            if (!isProblem(ctx)) {
                problem(ctx, 405, "Method Not Allowed", ctx.method() + " is not allowed on " + ctx.path());
            }
        });
    }

    /** Counts and times every request by method, route template (never the raw path) and status. */
    private void record(Context ctx) {
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
                .publishPercentileHistogram().register(metrics)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /**
     * Resolves the request's tenant: from its {@code Authorization: Bearer KEY} when the server has keys
     * (401 without a valid one), else the one default tenant.
     */
    private void authenticate(Context ctx) {
        if (keys == null) {
            ctx.attribute(TENANT, ApiKeys.DEFAULT_TENANT);
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

    private static String tenant(Context ctx) {
        String t = ctx.attribute(TENANT);
        if (t == null) {
            throw new IllegalStateException("no tenant resolved for " + ctx.path());
        }
        return t;
    }

    private Catalogue catalogue() {
        Catalogue c = catalogue;
        if (c == null) {
            throw new ApiProblem(503, "Service Unavailable", loading.isCompletedExceptionally()
                    ? "the service failed to load its model or catalogue" : "the model and catalogue are still loading");
        }
        return c;
    }

    private void ready(Context ctx) {
        Catalogue c = catalogue();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ready");
        body.put("bits", c.bits());
        body.put("merchants", c.merchantCount());
        body.put("exemplars", c.exemplarCount());
        ctx.json(body);
    }

    private void enrol(Context ctx) throws IOException {
        Catalogue c = catalogue();
        JsonInput in = JsonInput.of(ctx, json);
        String name = in.text("name", MAX_TEXT);
        List<String> examples = in.texts("examples", MAX_EXAMPLES, MAX_TEXT);
        String category = in.optionalText("category", MAX_TEXT);
        var metadata = in.optionalObject("metadata");
        Catalogue.Merchant m = c.enrol(tenant(ctx), name, category, metadata, examples);
        ctx.status(201).header("Location", "/v1/merchants/" + m.id()).json(c.view(m));
    }

    private void getMerchant(Context ctx) {
        Catalogue c = catalogue();
        String id = ctx.pathParam("id");
        ctx.json(c.view(c.get(tenant(ctx), id).orElseThrow(() -> ApiProblem.notFound("no merchant with id " + id))));
    }

    private void listMerchants(Context ctx) {
        Catalogue c = catalogue();
        int limit = queryInt(ctx, "limit", 1, MAX_PAGE, DEFAULT_PAGE);
        String cursor = ctx.queryParam("cursor");
        if (cursor != null && (cursor.isBlank() || cursor.length() > MAX_TEXT)) {
            throw ApiProblem.badRequest("'cursor' must be the nextCursor of an earlier page");
        }
        List<Catalogue.Merchant> page = c.list(tenant(ctx), limit + 1, cursor);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("merchants", page.stream().limit(limit).map(c::view).toList());
        body.put("nextCursor", page.size() > limit ? page.get(limit - 1).id() : null);
        ctx.json(body);
    }

    private static int queryInt(Context ctx, String name, int min, int max, int fallback) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the problem below
        }
        throw ApiProblem.badRequest("'" + name + "' must be an integer " + min + ".." + max + ", got '" + v + "'");
    }

    private void deleteMerchant(Context ctx) throws IOException {
        Catalogue c = catalogue();
        String id = ctx.pathParam("id");
        if (!c.delete(tenant(ctx), id)) {
            throw ApiProblem.notFound("no merchant with id " + id);
        }
        ctx.status(204);
    }

    private void addExamples(Context ctx) throws IOException {
        Catalogue c = catalogue();
        String id = ctx.pathParam("id");
        List<String> texts = JsonInput.of(ctx, json).texts("texts", MAX_EXAMPLES, MAX_TEXT);
        ctx.json(c.view(c.addExamples(tenant(ctx), id, texts).orElseThrow(() -> ApiProblem.notFound("no merchant with id " + id))));
    }

    private void matchBatch(Context ctx) {
        Catalogue c = catalogue();
        JsonInput in = JsonInput.of(ctx, json);
        List<JsonInput> items = in.objects("items", MAX_BATCH);
        int k = in.optionalInt("k", 1, MAX_K, 5);
        List<String> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ids.add(items.get(i).optionalElement("id", MAX_TEXT, "items[" + i + "]"));
            texts.add(items.get(i).element("text", MAX_TEXT, "items[" + i + "]"));
        }
        List<Catalogue.Result> outcomes = c.matchAll(tenant(ctx), texts, k, null);
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", ids.get(i));
            row.put("matches", matchRows(outcomes.get(i)));
            row.put("confidence", confidence(outcomes.get(i)));
            results.add(row);
        }
        ctx.json(Map.of("results", results));
    }

    private void submitDedup(Context ctx) {
        catalogue();
        JsonInput in = JsonInput.of(ctx, json);
        List<JsonInput> items = in.objects("records", DedupJobs.MAX_RECORDS);
        double threshold = in.optionalNumber("threshold", 0, 1, DedupOptions.DEFAULT_THRESHOLD);
        boolean sameAmount = in.optionalBoolean("sameAmount", false);
        int maxDateGap = in.optionalInt("maxDateGapDays", 0, 3650, -1);
        List<DedupRecord> records = new ArrayList<>(items.size());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String where = "records[" + i + "]";
            JsonInput item = items.get(i);
            String id = item.element("id", DedupRecord.MAX_ID, where);
            if (!seen.add(id)) {
                throw ApiProblem.badRequest("'" + where + ".id' repeats the id '" + id + "'");
            }
            java.time.LocalDate date = item.optionalDate("date", where);
            if (maxDateGap >= 0 && date == null) {
                throw ApiProblem.badRequest("'" + where + ".date' is required when 'maxDateGapDays' is set");
            }
            records.add(new DedupRecord(id, item.element("text", MAX_TEXT, where), item.optionalDecimal("amount", where), date,
                    Map.of()));
        }
        DedupOptions options = DedupOptions.defaults().withThreshold(threshold).withConstraints(sameAmount, maxDateGap, false);
        DedupJobs.Job job = jobs.submit(tenant(ctx), records, options);
        ctx.status(202).header("Location", "/v1/dedup/jobs/" + job.id).json(DedupJobs.view(job));
    }

    private void getDedup(Context ctx) {
        catalogue();
        String id = ctx.pathParam("jobId");
        ctx.json(DedupJobs.view(jobs.get(tenant(ctx), id).orElseThrow(() -> ApiProblem.notFound("no dedup job with id " + id))));
    }

    private void cancelDedup(Context ctx) {
        catalogue();
        String id = ctx.pathParam("jobId");
        if (!jobs.cancel(tenant(ctx), id)) {
            throw ApiProblem.notFound("no dedup job with id " + id);
        }
        ctx.status(204);
    }

    private static String confidence(Catalogue.Result out) {
        return (out.matches().isEmpty() ? Confidence.UNKNOWN : Confidence.Calibration.SERVED.of(out.outcome())).label();
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static List<Map<String, Object>> matchRows(Catalogue.Result out) {
        List<Map<String, Object>> matches = new ArrayList<>();
        for (Catalogue.Match m : out.matches()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("merchantId", m.merchant().id());
            row.put("name", m.merchant().name());
            row.put("score", round4(m.scores().score()));
            row.put("distance", m.scores().distance());
            row.put("exemplar", m.scores().exemplar());
            row.put("semantic", round4(m.scores().semantic()));
            row.put("lexical", round4(m.scores().lexical()));
            matches.add(row);
        }
        return matches;
    }

    private void match(Context ctx) {
        Catalogue c = catalogue();
        JsonInput in = JsonInput.of(ctx, json);
        String text = in.text("text", MAX_TEXT);
        int k = in.optionalInt("k", 1, MAX_K, 5);
        Integer maxDistance = in.optionalInt("maxDistance", 0, c.bits(), null);
        Catalogue.Result out = c.match(tenant(ctx), text, k, maxDistance);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("matches", matchRows(out));
        body.put("code", c.hex(out.outcome().code()));
        body.put("confidence", confidence(out));
        MatchOutcome.Diagnostics d = out.outcome().diagnostics();
        Map<String, Object> diagnostics = new LinkedHashMap<>();
        diagnostics.put("path", d.route());
        diagnostics.put("hammingHits", d.hamming());
        diagnostics.put("lexicalHits", d.lexical());
        diagnostics.put("scored", d.scored());
        diagnostics.put("normalised", out.outcome().normalised());
        body.put("diagnostics", diagnostics);
        ctx.json(body);
    }

    private static boolean isProblem(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(PROBLEM_JSON);
    }

    private void problem(Context ctx, int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail == null || detail.isBlank() ? title : detail);
        try {
            ctx.status(status).contentType(PROBLEM_JSON).result(json.writeValueAsString(body));
        } catch (IOException e) {
            ctx.status(status).result(title);
        }
    }

    private static String titleOf(int status) {
        switch (status) {
            case 400:
                return "Bad Request";
            case 401:
                return "Unauthorized";
            case 404:
                return "Not Found";
            case 405:
                return "Method Not Allowed";
            case 413:
                return "Content Too Large";
            case 415:
                return "Unsupported Media Type";
            case 429:
                return "Too Many Requests";
            default:
                return status >= 500 ? "Server Error" : "Request Error";
        }
    }

    /** Stops accepting requests, drains those in flight (up to 5 s), then closes the catalogue. */
    @Override
    public void close() {
        app.stop();
        jobs.close();
        Catalogue c = catalogue;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.warn("closing the catalogue: {}", e.getMessage());
            }
        }
        loading.cancel(false);
    }
}
