package io.txmatch.dedup.io;

import io.txmatch.dedup.DedupRecord;
import java.util.Map;

/**
 * Where a {@link RecordReader} hands each row of a whole input: a record with its line, or a {@link BadRow}.
 * By default a bad row rejects the input (it is thrown).
 */
public interface Rows {
    /**
     * The record on {@code line}; {@code fields} holds every field of its row as read (name to a {@code String},
     * or, for NDJSON values that are not strings, a Jackson {@code JsonNode}) when the reader was asked for
     * them, else is empty.
     */
    void record(long line, DedupRecord record, Map<String, Object> fields);

    /** A row that is not a record; throws it unless the caller skips bad rows. */
    default void bad(BadRow row) {
        throw row;
    }
}
