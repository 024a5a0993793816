package io.txmatch.dedup;

import io.txmatch.model.TextNormaliser;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * One input record of a dedup job.
 *
 * @param id     the caller's id, unique within a job (1..256 characters)
 * @param text   the raw descriptor (1..{@value TextNormaliser#MAX_TEXT} characters)
 * @param amount optional transaction amount; compared exactly (scale ignored: {@code 1.0} equals {@code 1.00})
 * @param date   optional transaction date
 * @param keys   optional extra exact keys (for example an account id); empty when none
 */
public record DedupRecord(String id, String text, BigDecimal amount, LocalDate date, Map<String, String> keys)
        implements java.io.Serializable {
    /** Longest id accepted, in characters. */
    public static final int MAX_ID = 256;

    public DedupRecord {
        if (id == null || id.isEmpty() || id.length() > MAX_ID) {
            throw new IllegalArgumentException("record id must be 1.." + MAX_ID + " characters");
        }
        if (text == null || text.isBlank() || text.length() > TextNormaliser.MAX_TEXT) {
            throw new IllegalArgumentException("record " + id + ": text must be 1.." + TextNormaliser.MAX_TEXT + " characters, not blank");
        }
        amount = amount == null ? null : amount.stripTrailingZeros();
        // Sorted, so every JVM (each Spark executor too) sees the keys in one order.
        keys = keys == null || keys.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(keys));
    }

    /** A record with a text only. */
    public static DedupRecord of(String id, String text) {
        return new DedupRecord(id, text, null, null, Map.of());
    }
}
