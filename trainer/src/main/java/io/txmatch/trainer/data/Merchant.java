package io.txmatch.trainer.data;

import java.util.List;

/**
 * A merchant of the generator: a stable id, its display name, a category and the brand forms its
 * descriptors use (a chain's card-network aliases, such as {@code WM SUPERCENTER} for Walmart).
 */
public record Merchant(String id, String name, String category, List<String> aliases) {
    public Merchant {
        aliases = List.copyOf(aliases);
    }
}
