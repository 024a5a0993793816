package io.txmatch.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one JSON configuration for input that carries amounts: floating-point numbers are read as
 * {@link java.math.BigDecimal}, so an amount keeps every digit ({@code 12345678901234567.89}, not the nearest
 * double) and {@code 1e309} is a number that a range check can reject, not {@code Infinity}. (A tree's decimal
 * nodes drop trailing zeros: {@code 12.10} reads as {@code 12.1}, the same amount.)
 * Used by the dedup readers (NDJSON input) and meant for the REST input of the service.
 *
 * <pre>{@code
 * ObjectMapper json = ExactJson.mapper();
 * json.readTree("{\"amount\": 12345678901234567.89}").get("amount").decimalValue();   // 12345678901234567.89
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
