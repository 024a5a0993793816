package io.txmatch.dedup.io;

import io.txmatch.dedup.DedupRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    /** Every record of a whole input, from its first character; may be empty. */
    List<DedupRecord> readAll(Reader in) throws IOException;

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
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(path),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)), Format.PEEK_LIMIT)) {
            List<DedupRecord> out = of(Format.of(path, in), path.toString(), columns).readAll(in);
            if (out.isEmpty()) {
                throw new IllegalArgumentException(path + ": no records");
            }
            return out;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof MalformedInputException) {
                throw new IllegalArgumentException(path + ": not valid UTF-8");
            }
            throw e.getCause();
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(path + ": not valid UTF-8");
        }
    }
}
