package io.txmatch.service;

import io.txmatch.match.TenantQuotas;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Start-up settings of the service.
 *
 * @param host    address to bind
 * @param port    port to bind; 0 picks a free one
 * @param dataDir directory of the durable catalogue (created when missing)
 * @param model   model bundle to load ({@link io.txmatch.model.ModelBundle#bundled} names the bundled one)
 * @param keys    file of {@code KEY TENANT} lines; null serves one default tenant, on a loopback address only
 * @param quotas  what each tenant may hold (merchants, examples, stored bytes); null means
 *                {@link TenantQuotas.Limits#DEFAULT}
 * @param operatorKey file holding the one operator key that reads {@code /metrics} and the counts of
 *                {@code /health/ready} when the service has {@code keys}; null: nobody reads them then
 * @param http    the HTTP listener's limits against slow or greedy clients; null means {@link HttpLimits#DEFAULT}
 */
public record ServiceConfig(String host, int port, Path dataDir, Path model, Path keys, TenantQuotas.Limits quotas,
                            Path operatorKey, HttpLimits http) {
    /** Without API keys: one default tenant, loopback only. */
    public ServiceConfig(String host, int port, Path dataDir, Path model) {
        this(host, port, dataDir, model, null);
    }

    /** With the default quotas, no operator key, default HTTP limits. */
    public ServiceConfig(String host, int port, Path dataDir, Path model, Path keys) {
        this(host, port, dataDir, model, keys, TenantQuotas.Limits.DEFAULT);
    }

    /** With these quotas, no operator key, default HTTP limits. */
    public ServiceConfig(String host, int port, Path dataDir, Path model, Path keys, TenantQuotas.Limits quotas) {
        this(host, port, dataDir, model, keys, quotas, null, HttpLimits.DEFAULT);
    }

    /**
     * The listener's limits against slow or greedy clients.
     *
     * @param idleTimeout        a connection (or a body read) waiting this long for a byte is answered 408 and closed
     * @param minRequestDataRate a request body arriving slower than this, in bytes per second, is answered 408;
     *                           0 for no minimum
     * @param maxConnections     connections held at once; beyond it the listener stops accepting until one closes.
     *                           Below the thread pool's 250 threads, so slow sockets cannot take every thread
     * @param maxHeavyRequests   batch matches served at once; beyond it 503 with {@code Retry-After}; 0 sizes it
     *                           to the heap ({@link #heavyRequests()})
     * @param headerTimeout      a request head (request line and headers) unfinished this long after its first byte,
     *                           or a new connection that sent no byte for this long, is answered 408 and closed,
     *                           however often its bytes come ({@link HeadDeadline})
     */
    public record HttpLimits(Duration idleTimeout, long minRequestDataRate, int maxConnections, int maxHeavyRequests,
                             Duration headerTimeout) {
        /** Default of {@link #headerTimeout}. */
        public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
        /** 30 s idle, 1 KiB/s, 200 connections, heavy requests sized to the heap, 10 s for a head. */
        public static final HttpLimits DEFAULT = new HttpLimits(Duration.ofSeconds(30), 1024, 200, 0);
        /** Heap set aside for one heavy request when sizing {@link #heavyRequests()}: a full batch and its answer. */
        static final long HEAVY_REQUEST_BYTES = 32L << 20;

        /** With the {@link #DEFAULT_HEADER_TIMEOUT default head deadline}. */
        public HttpLimits(Duration idleTimeout, long minRequestDataRate, int maxConnections, int maxHeavyRequests) {
            this(idleTimeout, minRequestDataRate, maxConnections, maxHeavyRequests, DEFAULT_HEADER_TIMEOUT);
        }

        public HttpLimits {
            if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idle timeout must be positive, got " + idleTimeout);
            }
            if (headerTimeout == null || headerTimeout.isNegative() || headerTimeout.isZero()) {
                throw new IllegalArgumentException("header timeout must be positive, got " + headerTimeout);
            }
            if (minRequestDataRate < 0 || maxConnections < 1 || maxHeavyRequests < 0) {
                throw new IllegalArgumentException("min data rate >= 0, connections >= 1, heavy requests >= 0, got "
                        + minRequestDataRate + ", " + maxConnections + ", " + maxHeavyRequests);
            }
        }

        /** Heavy requests at once: as configured, else a quarter of the heap over {@link #HEAVY_REQUEST_BYTES}, at least 1. */
        int heavyRequests() {
            return maxHeavyRequests > 0 ? maxHeavyRequests
                    : (int) Math.max(1, Runtime.getRuntime().maxMemory() / 4 / HEAVY_REQUEST_BYTES);
        }
    }

    public ServiceConfig {
        quotas = quotas == null ? TenantQuotas.Limits.DEFAULT : quotas;
        http = http == null ? HttpLimits.DEFAULT : http;
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (dataDir == null || model == null) {
            throw new IllegalArgumentException("data directory and model are required");
        }
        if (keys == null && !loopback(host)) {
            throw new IllegalArgumentException("without --keys the service serves one tenant with no authentication, so it"
                    + " binds a loopback address only (127.0.0.1, ::1 or localhost), not " + host);
        }
    }

    /** Whether {@code host} names this machine's loopback interface. */
    static boolean loopback(String host) {
        String h = host.strip().toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || h.startsWith("127.");
    }
}
