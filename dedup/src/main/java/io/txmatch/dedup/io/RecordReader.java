package io.txmatch.dedup.io;

import io.txmatch.dedup.DedupRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns dedup input text into {@link DedupRecord records}: a whole input at once ({@link #readAll}), or one
 * line at a time ({@link #readLine}) for readers that split the input by lines, such as the Spark job, which
 * ships a reader to its executors. Both ways check the same columns and fields and give the same messages;
 * every problem is an {@link IllegalArgumentException} that names the source and the line.
 *
 * <pre>{@code
 * List<DedupRecord> records = RecordReader.read(Path.of("tx.csv"), Columns.of("id", "text"));
 * }</pre>
 */
public sealed interface RecordReader extends Serializable permits CsvReader, NdjsonReader {
    /**
     * Every row of a whole input, from its first character, handed to {@code sink} in input order, with every
     * field of its row when {@code fields}. Throws {@link IllegalArgumentException} for an input that has no
     * rows at all ("empty file") or cannot be parsed further (a malformed CSV quote), and passes each row
     * that is no record to {@link Rows#bad}.
     */
    void readRows(Reader in, boolean fields, Rows sink) throws IOException;

    /** Every record of a whole input, from its first character; may be empty; the first bad row is thrown. */
    default List<DedupRecord> readAll(Reader in) throws IOException {
        List<DedupRecord> out = new ArrayList<>();
        readRows(in, false, (line, record, fields) -> out.add(record));
        return out;
    }

    /**
     * The record on line {@code number} (1-based) of a line-split input, or null for a line that holds none (an
     * empty line). A CSV reader must know its header first ({@link CsvReader#withHeader}).
     */
    DedupRecord readLine(String line, long number);

    /** A reader of {@code format} for input named {@code source} in messages. */
    static RecordReader of(Format format, String source, Columns columns) {
        return format == Format.NDJSON ? new NdjsonReader(source, columns) : new CsvReader(source, columns);
    }

    /**
     * Reads every record of the UTF-8 file at {@code path}, in the {@link Format} its name or content shows.
     * Throws {@link IllegalArgumentException} for malformed input, input that is not UTF-8, or no records.
     */
    static List<DedupRecord> read(Path path, Columns columns) throws IOException {
        try (BufferedReader in = new BufferedReader(new DecodingReader(Files.newInputStream(path), path.toString(),
                StandardCharsets.UTF_8), Format.PEEK_LIMIT)) {
            List<DedupRecord> out = of(Format.of(path, in), path.toString(), columns).readAll(in);
            if (out.isEmpty()) {
                throw new IllegalArgumentException(path + ": no records");
            }
            return out;
        }
    }
}
