package io.txmatch.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one JSON configuration for input that carries amounts: floating-point numbers are read as
 * {@link java.math.BigDecimal}, so an amount keeps every digit ({@code 12.10} stays {@code 12.10}, not the
 * nearest double) and {@code 1e309} is a number that a range check can reject, not {@code Infinity}.
 * Used by the dedup readers (NDJSON input) and meant for the REST input of the service.
 *
 * <pre>{@code
 * ObjectMapper json = ExactJson.mapper();
 * json.readTree("{\"amount\": 12.10}").get("amount").decimalValue();   // 12.10
 * }</pre>
 *
 * <p>Writing is unchanged by this setting: a mapper from here writes what a plain {@code new ObjectMapper()}
 * writes.
 */
public final class ExactJson {
    private ExactJson() {
    }

    /**
     * A new mapper with the exact-decimal setting. A mapper is thread-safe once configured; callers keep theirs
     * (creating one is not free) and must not reconfigure one they share.
     */
    public static ObjectMapper mapper() {
        return new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }
}
