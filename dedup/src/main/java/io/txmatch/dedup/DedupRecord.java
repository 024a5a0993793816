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
 * @param amount optional transaction amount; compared exactly (scale ignored: {@code 1.0} equals {@code 1.00}); at
 *               most {@value #MAX_AMOUNT_INTEGER_DIGITS} digits before the decimal point and
 *               {@value #MAX_AMOUNT_FRACTION_DIGITS} after it, trailing zeros dropped ({@link #checkAmount})
 * @param date   optional transaction date
 * @param keys   optional extra exact keys (for example an account id); empty when none
 */
public record DedupRecord(String id, String text, BigDecimal amount, LocalDate date, Map<String, String> keys)
        implements java.io.Serializable {
    /** Longest id accepted, in characters. */
    public static final int MAX_ID = 256;
    /** Most digits an amount may have before its decimal point: {@code 1e500000000} is refused, not written out. */
    public static final int MAX_AMOUNT_INTEGER_DIGITS = 30;
    /** Most digits an amount may have after its decimal point, trailing zeros dropped. */
    public static final int MAX_AMOUNT_FRACTION_DIGITS = 20;

    public DedupRecord {
        if (id == null || id.isEmpty() || id.length() > MAX_ID) {
            throw new IllegalArgumentException("record id must be 1.." + MAX_ID + " characters");
        }
        if (text == null || text.isBlank() || text.length() > TextNormaliser.MAX_TEXT) {
            throw new IllegalArgumentException("record " + id + ": text must be 1.." + TextNormaliser.MAX_TEXT + " characters, not blank");
        }
        amount = amount == null ? null : checkAmount(amount);
        // Sorted, so every JVM (each Spark executor too) sees the keys in one order.
        keys = keys == null || keys.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(keys));
    }

    /**
     * The amount as records keep it, trailing zeros dropped; throws {@link IllegalArgumentException} for an amount
     * outside {@value #MAX_AMOUNT_INTEGER_DIGITS} integer and {@value #MAX_AMOUNT_FRACTION_DIGITS} fraction
     * digits. The one check of every amount (files, the Spark job, the REST API, each through this constructor):
     * what passes has a short plain form, so node keys may spell it out. Costs nothing for huge exponents.
     */
    public static BigDecimal checkAmount(BigDecimal amount) {
        BigDecimal a = amount.stripTrailingZeros();
        // Digits before the point: precision - scale (a negative scale adds zeros); after it: the scale.
        long integerDigits = (long) a.precision() - a.scale();
        if (integerDigits > MAX_AMOUNT_INTEGER_DIGITS || a.scale() > MAX_AMOUNT_FRACTION_DIGITS) {
            throw new IllegalArgumentException("amount must have at most " + MAX_AMOUNT_INTEGER_DIGITS
                    + " digits before the decimal point and " + MAX_AMOUNT_FRACTION_DIGITS + " after it, got "
                    + a.precision() + " digits at scale " + a.scale());
        }
        return a;
    }

    /** A record with a text only. */
    public static DedupRecord of(String id, String text) {
        return new DedupRecord(id, text, null, null, Map.of());
    }
}
