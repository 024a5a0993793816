package io.txmatch.dedup.io;

import java.io.Serializable;
import java.util.List;

/**
 * Which columns (CSV) or fields (NDJSON) hold what.
 *
 * @param id     the record id
 * @param text   the descriptor
 * @param amount the amount, or null (not read)
 * @param date   the date ({@code YYYY-MM-DD}), or null (not read)
 * @param keys   extra exact keys; may be empty
 */
public record Columns(String id, String text, String amount, String date, List<String> keys) implements Serializable {
    public Columns {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** {@code id} and {@code text} only. */
    public static Columns of(String id, String text) {
        return new Columns(id, text, null, null, List.of());
    }
}
