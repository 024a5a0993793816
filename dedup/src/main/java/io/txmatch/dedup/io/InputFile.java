package io.txmatch.dedup.io;

import io.txmatch.dedup.DedupNodes;
import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.DedupRecord;
import io.txmatch.dedup.InvalidRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole dedup input file as the command line reads it: in a given charset and CSV delimiter, every record
 * with the line it starts on, checked as the engine checks ({@link DedupNodes.Checker}: unique ids, dates where
 * they matter) so that those errors name their line too, and, when asked, every field of each row (to carry
 * through to the output) and the bad rows set aside rather than rejecting the file.
 *
 * <pre>{@code
 * InputFile.Contents c = InputFile.read(Files.newInputStream(p), p.toString(), Format.byName(p), columns, options,
 *         InputFile.Settings.DEFAULT);
 * }</pre>
 */
public final class InputFile {
    /**
     * How to read.
     *
     * @param encoding    the input's charset; bytes that are no character in it are an error naming the line
     * @param delimiter   the CSV field delimiter
     * @param skipBadRows set bad rows aside ({@link Contents#bad}) instead of rejecting the input at the first
     * @param fields      keep every field of each row ({@link Contents#fields})
     */
    public record Settings(Charset encoding, char delimiter, boolean skipBadRows, boolean fields) {
        /** UTF-8, commas, the first bad row rejects the input, no fields kept. */
        public static final Settings DEFAULT = new Settings(java.nio.charset.StandardCharsets.UTF_8, ',', false, false);
    }

    /**
     * What was read.
     *
     * @param records the records, input order (bad rows left out)
     * @param lines   per record the line it starts on
     * @param fields  per record every field of its row, when asked (else empty)
     * @param bad     the rows set aside, input order (empty unless skipping)
     */
    public record Contents(List<DedupRecord> records, long[] lines, List<Map<String, Object>> fields, List<BadRow> bad) {
    }

    private InputFile() {
    }

    /**
     * Reads all of {@code stream} (not closed), named {@code source} in messages, in {@code format} or, if empty,
     * the format its content shows. Throws {@link IllegalArgumentException} naming the source (and the line,
     * where there is one) for an empty input, a bad row unless skipping, or no records.
     */
    public static Contents read(InputStream stream, String source, Optional<Format> format, Columns columns,
                                DedupOptions options, Settings settings) throws IOException {
        BufferedReader in = new BufferedReader(new DecodingReader(stream, source, settings.encoding()), Format.PEEK_LIMIT);
        Format f = format.isPresent() ? format.get() : Format.of(in);
        RecordReader reader = f == Format.NDJSON ? new NdjsonReader(source, columns) : new CsvReader(source, columns, settings.delimiter());
        DedupNodes.Checker checker = new DedupNodes.Checker(options);
        List<DedupRecord> records = new ArrayList<>();
        List<Map<String, Object>> fields = new ArrayList<>();
        List<BadRow> bad = new ArrayList<>();
        long[][] lines = {new long[1024]};
        reader.readRows(in, settings.fields(), new Rows() {
            @Override
            public void record(long line, DedupRecord record, Map<String, Object> rowFields) {
                try {
                    checker.check(record);
                } catch (InvalidRecord e) {
                    throw new BadRow(source, line, e.getMessage(), null); // the reader adds the row and hands it to bad()
                }
                if (records.size() == lines[0].length) {
                    lines[0] = Arrays.copyOf(lines[0], records.size() * 2);
                }
                lines[0][records.size()] = line;
                records.add(record);
                if (settings.fields()) {
                    fields.add(rowFields);
                }
            }

            @Override
            public void bad(BadRow row) {
                if (!settings.skipBadRows()) {
                    throw row;
                }
                bad.add(row);
            }
        });
        if (records.isEmpty()) {
            throw new IllegalArgumentException(source + ": no records" + (bad.isEmpty() ? "" : " (all " + bad.size() + " rows are bad)"));
        }
        return new Contents(List.copyOf(records), Arrays.copyOf(lines[0], records.size()), fields, List.copyOf(bad));
    }
}
