package io.txmatch.service;

import java.nio.file.Path;

/**
 * Start-up settings of the service.
 *
 * @param host    address to bind
 * @param port    port to bind; 0 picks a free one
 * @param dataDir directory of the durable catalogue (created when missing)
 * @param model   model bundle to load
 */
public record ServiceConfig(String host, int port, Path dataDir, Path model) {
    public ServiceConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (dataDir == null || model == null) {
            throw new IllegalArgumentException("data directory and model are required");
        }
    }
}
