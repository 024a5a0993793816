package io.txmatch.service;

import io.txmatch.match.TenantQuotas;
import java.nio.file.Path;

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
 */
public record ServiceConfig(String host, int port, Path dataDir, Path model, Path keys, TenantQuotas.Limits quotas) {
    /** Without API keys: one default tenant, loopback only. */
    public ServiceConfig(String host, int port, Path dataDir, Path model) {
        this(host, port, dataDir, model, null);
    }

    /** With the default quotas. */
    public ServiceConfig(String host, int port, Path dataDir, Path model, Path keys) {
        this(host, port, dataDir, model, keys, TenantQuotas.Limits.DEFAULT);
    }

    public ServiceConfig {
        quotas = quotas == null ? TenantQuotas.Limits.DEFAULT : quotas;
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
