package io.txmatch.dedup.io;

import io.txmatch.dedup.DedupRecord;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV input on Apache Commons CSV: RFC 4180 quoting (comma-separated unless another delimiter is given), a header row whose names pick the {@link Columns}
 * (trimmed, byte-order marks dropped), empty lines skipped. A whole input ({@link #readAll}) may have records
 * that span lines (quoted line breaks), and every error names the line its record starts on. Line at a time
 * ({@link #withHeader}, then {@link #readLine}) a record must fit on its line.
 */
public final class CsvReader implements RecordReader {
    private static final long serialVersionUID = 1L;
    /** Delimiters a one-column header is checked for, to say which one the file seems to use. */
    private static final String LIKELY_DELIMITERS = ";\t|";

    private final String source;
    private final Columns columns;
    private final char delimiter;
    /** Known once {@link #withHeader} has read it; null for a reader of whole inputs, which read their own. */
    private final Header header;

    /** A reader of comma-separated whole inputs named {@code source} in messages; each input's first record is its header. */
    public CsvReader(String source, Columns columns) {
        this(source, columns, ',');
    }

    /** A reader of whole inputs whose fields are separated by {@code delimiter} (not a quote or line break). */
    public CsvReader(String source, Columns columns, char delimiter) {
        this(source, columns, delimiter, null);
    }

    private CsvReader(String source, Columns columns, char delimiter, Header header) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("the CSV delimiter cannot be a quote or a line break");
        }
        this.source = source;
        this.columns = columns;
        this.delimiter = delimiter;
        this.header = header;
    }

    private CSVFormat format() {
        return CSVFormat.RFC4180.builder().setDelimiter(delimiter).build();
    }

    /**
     * A reader of the lines after {@code headerLine}, the input's first line; throws unless the header names
     * every column.
     */
    public CsvReader withHeader(String headerLine) {
        List<String> names = new ArrayList<>();
        try (CSVParser p = format().parse(new StringReader(headerLine.replace("\uFEFF", "")))) {
            p.getRecords().get(0).forEach(h -> names.add(h.trim()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        return new CsvReader(source, columns, delimiter, Header.of(source, delimiter, names, columns));
    }

    @Override
    public void readRows(Reader in, boolean fields, Rows sink) throws IOException {
        LineTracker lines = new LineTracker(in);
        CSVFormat whole = format().builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).build();
        try (CSVParser p = whole.parse(lines)) {
            List<String> names = p.getHeaderNames().stream().map(n -> n.replace("\uFEFF", "").trim()).toList();
            if (names.isEmpty()) {
                throw new IllegalArgumentException(source + ": empty file (no header row, no records)");
            }
            Header h = Header.of(source, delimiter, names, columns);
            for (CSVRecord rec : p) {
                long line = lines.lineOf(rec.getCharacterPosition()); // where the record starts
                try {
                    if (rec.size() != h.size()) {
                        throw new BadRow(source, line, rec.size() + " fields, the header has " + h.size(), null);
                    }
                    sink.record(line, h.record(source, line, rec, columns), fields ? h.fields(names, rec) : Map.of());
                } catch (BadRow e) {
                    sink.bad(e.withRow(source, printed(rec)));
                }
            }
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof MalformedInputException) {
                throw e;
            }
            throw new IllegalArgumentException(source + ": malformed CSV: " + e.getCause().getMessage());
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(source + ": malformed CSV: " + e.getMessage());
        }
    }

    /** A record's fields as one CSV line again (for a quarantine file). */
    private String printed(CSVRecord rec) {
        StringBuilder b = new StringBuilder();
        try {
            format().printRecord(b, (Object[]) rec.values());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return b.toString().stripTrailing();
    }

    /** {@inheritDoc} A line of spaces is a record with too few fields, as in a whole input. */
    @Override
    public DedupRecord readLine(String line, long number) {
        if (header == null) {
            throw new IllegalStateException("a CSV reader needs the header line first (withHeader)");
        }
        if (line.isEmpty()) {
            return null;
        }
        List<CSVRecord> recs;
        try (CSVParser p = format().parse(new StringReader(line))) {
            recs = p.getRecords();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException(source + ": line " + number + ": malformed CSV: " + e.getMessage());
        }
        if (recs.size() != 1 || recs.get(0).size() != header.size()) {
            throw new IllegalArgumentException(source + ": line " + number + ": " + (recs.isEmpty() ? 0 : recs.get(0).size())
                    + " fields, the header has " + header.size() + " (records may not span lines here)");
        }
        return header.record(source, number, recs.get(0), columns);
    }

    /**
     * The header's column names and where each of the {@link Columns} stands in it ({@code -1}: not read).
     */
    private record Header(int size, int id, int text, int amount, int date, int[] keys) implements Serializable {
        static Header of(String source, char delimiter, List<String> names, Columns columns) {
            return new Header(names.size(), column(source, delimiter, names, columns.id()),
                    column(source, delimiter, names, columns.text()), column(source, delimiter, names, columns.amount()),
                    column(source, delimiter, names, columns.date()),
                    columns.keys().stream().mapToInt(k -> column(source, delimiter, names, k)).toArray());
        }

        private static int column(String source, char delimiter, List<String> names, String name) {
            if (name == null) {
                return -1;
            }
            int i = names.indexOf(name);
            if (i < 0) {
                String hint = "";
                if (names.size() == 1) {
                    for (char d : LIKELY_DELIMITERS.toCharArray()) {
                        if (d != delimiter && names.get(0).indexOf(d) >= 0) {
                            hint = "; the header is one column holding '" + (d == '\t' ? "\\t" : String.valueOf(d))
                                    + "': pass --delimiter '" + (d == '\t' ? "\\t" : String.valueOf(d)) + "'";
                            break;
                        }
                    }
                }
                throw new IllegalArgumentException(source + ": the CSV header has no column '" + name + "'; it has " + names + hint);
            }
            return i;
        }

        DedupRecord record(String source, long line, CSVRecord rec, Columns columns) {
            Map<String, String> keyValues = new LinkedHashMap<>();
            for (int k = 0; k < keys.length; k++) {
                keyValues.put(columns.keys().get(k), rec.get(keys[k]));
            }
            return Fields.record(source, line, rec.get(id), rec.get(text), amount < 0 ? null : rec.get(amount),
                    date < 0 ? null : rec.get(date), keyValues);
        }

        /** Every field of {@code rec} by its column name (the first of repeated names). */
        Map<String, Object> fields(List<String> names, CSVRecord rec) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                out.putIfAbsent(names.get(i), rec.get(i));
            }
            return out;
        }
    }

    /**
     * Passes characters through and notes where each non-empty line starts, so that a CSV record's character
     * position ({@link CSVRecord#getCharacterPosition()}) maps to its line, also when records span lines or
     * empty lines are skipped: a record starts at the first non-empty line at or after its position (its
     * position is before any empty lines the parser skipped). Line breaks: LF, CRLF, or a lone CR, as the CSV
     * parser has them. Queries must come in increasing position; only lines not yet passed are kept.
     */
    static final class LineTracker extends FilterReader {
        private long position;
        private long line = 1;
        private boolean atLineStart = true;
        private boolean afterCr;
        /** Start positions and numbers of the non-empty lines not yet passed, from {@code head} to {@code size}. */
        private long[] starts = new long[64];
        private long[] numbers = new long[64];
        private int head;
        private int size;

        LineTracker(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                note((char) c);
            }
            return c;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            for (int i = 0; i < n; i++) {
                note(buf[off + i]);
            }
            return n;
        }

        private void note(char c) {
            if (c == '\n' || c == '\r') {
                if (!(c == '\n' && afterCr)) { // CRLF is one break
                    line++;
                }
                atLineStart = true;
            } else if (atLineStart) {
                if (size == starts.length) {
                    if (head > 0) {
                        System.arraycopy(starts, head, starts, 0, size - head);
                        System.arraycopy(numbers, head, numbers, 0, size - head);
                        size -= head;
                        head = 0;
                    } else {
                        starts = Arrays.copyOf(starts, size * 2);
                        numbers = Arrays.copyOf(numbers, size * 2);
                    }
                }
                starts[size] = position;
                numbers[size++] = line;
                atLineStart = false;
            }
            afterCr = c == '\r';
            position++;
        }

        /** The 1-based line on which a record at {@code charPosition} (0-based) starts. */
        long lineOf(long charPosition) {
            while (head < size - 1 && starts[head] < charPosition) {
                head++;
            }
            return numbers[head];
        }
    }
}
