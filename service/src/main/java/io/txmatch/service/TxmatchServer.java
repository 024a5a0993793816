package io.txmatch.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import static io.javalin.apibuilder.ApiBuilder.after;
import static io.javalin.apibuilder.ApiBuilder.before;
import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import io.txmatch.dedup.DedupEngine;
import io.txmatch.match.Catalogue;
import io.txmatch.match.MatchSettings;
import io.txmatch.match.Matcher;
import io.txmatch.model.Encoder;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The txmatch REST service: its composition root. It reads the config, wires the parts with plain constructor
 * calls, declares the route table and closes everything; the handlers live in one routes class per resource
 * ({@link MerchantRoutes}, {@link MatchRoutes}, {@link DedupRoutes}, {@link HealthRoutes}), with {@link Auth},
 * {@link HttpMetrics} and {@link Problems} around them, and the domain in {@link Catalogue}.
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
 *
 * <p>Against slow and greedy clients ({@link ServiceConfig.HttpLimits}): bodies are capped at {@link #MAX_BODY}
 * whatever their transfer encoding, a stalled or trickling body is answered 408, so is a head (request line and
 * headers) unfinished after {@link ServiceConfig.HttpLimits#headerTimeout} ({@link HeadDeadline}), connections are
 * capped below the thread pool, and batch matches run a few at once ({@link RequestGate}). {@link #close} drains: new requests get
 * 503 with {@code Connection: close} while those in flight finish, up to {@link #STOP_TIMEOUT}.
 */
public final class TxmatchServer implements AutoCloseable {
    /** Largest request body, in bytes. */
    public static final long MAX_BODY = 1 << 20;
    /** How long {@link #close} waits for requests in flight. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(TxmatchServer.class);

    private final ServiceConfig config;
    /**
     * Exact decimals in requests: a dedup amount keeps every digit, 1e309 is a number (rejected by range), not Infinity;
     * nesting and length limited while parsing ({@link JsonInput#requestMapper}).
     */
    private final ObjectMapper json = JsonInput.requestMapper();
    private final Auth auth;
    private final HttpMetrics metrics = new HttpMetrics(() -> this.catalogue);
    private final DedupJobs jobs = new DedupJobs(() -> new DedupEngine(catalogue().encoder()));
    private final RequestGate gate;
    private final Javalin app;
    /** Completes once model and catalogue are loaded (or failed to); loading starts once the port is bound. */
    private final CompletableFuture<Catalogue> loading = new CompletableFuture<>();
    private volatile Catalogue catalogue;
    /** The loaded bundle's id: {@code sha256:} and the hex SHA-256 of its file; set with {@link #catalogue}. */
    private volatile String bundleId;

    private TxmatchServer(ServiceConfig config) {
        this.config = config;
        this.auth = Auth.of(config);
        ServiceConfig.HttpLimits limits = config.http();
        this.gate = new RequestGate(json, MAX_BODY, limits.heavyRequests());
        this.app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.maxRequestSize = MAX_BODY;
            c.http.prefer405over404 = true;
            c.jsonMapper(new JavalinJackson(json, false));
            c.jetty.modifyHttpConfiguration(h -> h.setMinRequestDataRate(limits.minRequestDataRate()));
            c.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(config.host());
                connector.setPort(config.port());
                connector.setIdleTimeout(limits.idleTimeout().toMillis());
                byte[] lateHead = new ProblemErrorHandler(json).body(408, "the request line and headers took over "
                        + limits.headerTimeout().toMillis() + " ms");
                connector.addBean(new HeadDeadline(limits.headerTimeout(), connector.getScheduler(), lateHead));
                return connector;
            });
            c.jetty.modifyServer(s -> {
                s.setStopTimeout(STOP_TIMEOUT.toMillis());
                s.addBean(new ConnectionLimit(limits.maxConnections(), s));
                s.setErrorHandler(new ProblemErrorHandler(json));
            });
            c.jetty.modifyServletContextHandler(h -> {
                h.setErrorHandler(new ProblemErrorHandler(json));
                h.addFilter(new FilterHolder(new RequestIds()), "/*", EnumSet.of(DispatcherType.REQUEST));
                h.addFilter(new FilterHolder(gate), "/*", EnumSet.of(DispatcherType.REQUEST));
            });
            c.router.apiBuilder(this::routes);
        });
        new Problems(json).register(app);
    }

    /**
     * Binds the listener, then starts loading model and catalogue: nothing is read or created in the data directory
     * unless the port could be bound. A port another process holds is an {@link IllegalStateException} saying so.
     */
    public static TxmatchServer start(ServiceConfig config) {
        TxmatchServer s = new TxmatchServer(config);
        try {
            s.app.start();
        } catch (Exception e) { // Javalin rethrows Jetty's failure unchecked, often as the stop's own "STOPPED"
            s.jobs.close();
            if (inUse(config.host(), config.port())) {
                throw new IllegalStateException("port " + config.port() + " is in use on " + config.host()
                        + ": stop the other process or pass another --port", e);
            }
            throw new IllegalStateException("could not listen on " + config.host() + ":" + config.port() + ": " + e, e);
        }
        CompletableFuture.runAsync(() -> {
            try {
                s.loading.complete(s.load());
            } catch (RuntimeException e) {
                s.loading.completeExceptionally(e);
            }
        });
        return s;
    }

    /** Whether another socket holds {@code host:port}: the cause of a failed start that Javalin's exception hides. */
    private static boolean inUse(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
            return false;
        } catch (IOException e) {
            return e instanceof BindException;
        }
    }

    /** The route table: every route of the service, each a method of its resource's routes class. */
    private void routes() {
        MerchantRoutes merchants = new MerchantRoutes(this::catalogue, json);
        MatchRoutes match = new MatchRoutes(this::catalogue, json);
        DedupRoutes dedup = new DedupRoutes(this::catalogue, jobs, json);
        EmbedRoutes embed = new EmbedRoutes(this::catalogue, () -> bundleId, json);
        HealthRoutes health = new HealthRoutes(this::catalogue, auth::operator);
        ApiDocs docs = new ApiDocs();

        before(metrics::started);
        after(metrics::finished);
        before("/v1/*", auth::authenticate);
        // With keys, metrics need the operator key: they show every tenant's counts and traffic.
        before("/metrics", auth::authenticateMetrics);
        get("/metrics", metrics::scrape);
        get("/openapi.json", docs::document);
        get("/docs", docs::page);
        get("/docs/{asset}", docs::asset);
        path("/health", () -> {
            get("live", health::live);
            get("ready", health::ready);
        });
        path("/v1", () -> {
            path("merchants", () -> {
                post(merchants::enrol);
                get(merchants::list);
                path("{id}", () -> {
                    get(merchants::get);
                    put(merchants::put);
                    patch(merchants::patch);
                    delete(merchants::delete);
                    post("examples", merchants::addExamples);
                    get("examples", merchants::examples);
                    delete("examples/{index}", merchants::removeExample);
                    post("negatives", merchants::addNegatives);
                });
            });
            path("match", () -> {
                post(match::match);
                post("batch", match::matchBatch);
            });
            post("embed", embed::embed);
            path("dedup/jobs", () -> {
                post(dedup::submit);
                get(dedup::list);
                path("{jobId}", () -> {
                    get(dedup::get);
                    delete(dedup::cancel);
                });
            });
        });
    }

    private Catalogue load() {
        try {
            long t0 = System.nanoTime();
            Encoder encoder = Encoder.load(config.model());
            bundleId = "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(config.model())));
            Catalogue c = Catalogue.open(config.dataDir(), new Matcher(encoder, MatchSettings.DEFAULT, metrics.encoding()),
                    config.quotas());
            catalogue = c;
            LOG.info("ready: model {} {} ({} bits), {} merchants, {} exemplars, loaded in {} ms", config.model(), bundleId, c.bits(),
                    c.merchantCount(), c.exemplarCount(), (System.nanoTime() - t0) / 1_000_000);
            return c;
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            LOG.error("start-up failed: {}", e.getMessage());
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * The loaded catalogue; 503 while it loads or when loading failed. Package-private for tests in this package
     * (holding its monitor holds every catalogue write).
     */
    Catalogue catalogue() {
        Catalogue c = catalogue;
        if (c == null) {
            throw new ApiProblem(503, "Service Unavailable", loading.isCompletedExceptionally()
                    ? "the service failed to load its model or catalogue" : "the model and catalogue are still loading");
        }
        return c;
    }

    /** Port the listener is bound to. */
    public int port() {
        return app.port();
    }

    /** The dedup jobs, for tests in this package (what they hold, {@link DedupJobs#hold}). */
    DedupJobs dedupJobs() {
        return jobs;
    }

    /** Whether model and catalogue are loaded. */
    public boolean ready() {
        return catalogue != null;
    }

    /** Waits until ready; throws if loading failed or took longer than {@code timeout}. */
    public void awaitReady(Duration timeout) throws Exception {
        try {
            loading.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("txmatch failed to start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Drains: answers new requests 503 ({@code Connection: close}, {@code Retry-After}) while those in flight finish,
     * up to {@link #STOP_TIMEOUT}; then stops the listener and closes the catalogue.
     */
    @Override
    public void close() {
        gate.drain();
        try {
            if (!gate.awaitIdle(STOP_TIMEOUT)) {
                LOG.warn("stopping with requests still in flight after {} s", STOP_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
