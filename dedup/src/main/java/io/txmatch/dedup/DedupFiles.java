package io.txmatch.dedup;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads dedup input and writes dedup output. Input: CSV with a header row (RFC 4180 quoting) or NDJSON (one
 * object per line); the format follows the extension ({@code .csv}; {@code .ndjson}, {@code .jsonl}), else the
 * first character ({@code '{'} means NDJSON). UTF-8. Every problem names its line and rejects the whole file.
 * Output: CSV with header {@code id,cluster_id,score}, or NDJSON {@code {"id", "cluster_id", "score"}}, one row
 * per input record in input order, written to a temporary file and moved into place.
 */
public final class DedupFiles {
    private DedupFiles() {
    }

    /**
     * Which columns (CSV) or fields (NDJSON) hold what. {@code amount} and {@code date} may be null (not read);
     * {@code keys} may be empty.
     */
    public record Columns(String id, String text, String amount, String date, List<String> keys)
            implements java.io.Serializable {
        public Columns {
            keys = keys == null ? List.of() : List.copyOf(keys);
        }

        /** {@code id} and {@code text} only. */
        public static Columns of(String id, String text) {
            return new Columns(id, text, null, null, List.of());
        }
    }

    /** Whether {@code path} is read or written as NDJSON rather than CSV (by extension; otherwise {@code null}). */
    public static Boolean ndjsonByName(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            return true;
        }
        return name.endsWith(".csv") ? false : null;
    }

    /** Reads every record of the file at {@code path}. */
    public static List<DedupRecord> read(Path path, Columns columns) throws IOException {
        Boolean ndjson = ndjsonByName(path);
        try (BufferedReader in = reader(path)) {
            if (ndjson == null) {
                in.mark(1 << 16);
                int c;
                do {
                    c = in.read();
                } while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\uFEFF');
                in.reset();
                ndjson = c == '{';
            }
            List<DedupRecord> out = ndjson ? ndjson(path, in, columns) : csv(path, in, columns);
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

    /**
     * Passes characters through and notes where each non-empty line starts, so that a CSV record's character
     * position ({@link CSVRecord#getCharacterPosition()}) maps to its line, also when records span lines or
     * empty lines are skipped: a record starts at the first non-empty line at or after its position (its
     * position is before any empty lines the parser skipped). Line breaks: LF, CRLF, or a lone CR, as the CSV
     * parser has them. Queries must come in increasing position; only lines not yet passed are kept.
     */
    static final class LineTracker extends java.io.FilterReader {
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
                        starts = java.util.Arrays.copyOf(starts, size * 2);
                        numbers = java.util.Arrays.copyOf(numbers, size * 2);
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

    private static BufferedReader reader(Path path) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    private static List<DedupRecord> csv(Path path, Reader in, Columns columns) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).build();
        List<DedupRecord> out = new ArrayList<>();
        LineTracker lines = new LineTracker(in);
        try (CSVParser p = format.parse(lines)) {
            List<String> header = p.getHeaderNames().stream().map(h -> h.replace("\uFEFF", "").trim()).toList();
            int id = column(path, header, columns.id());
            int text = column(path, header, columns.text());
            int amount = column(path, header, columns.amount());
            int date = column(path, header, columns.date());
            List<Integer> keys = columns.keys().stream().map(k -> column(path, header, k)).toList();
            for (CSVRecord rec : p) {
                long line = lines.lineOf(rec.getCharacterPosition()); // where the record starts
                if (rec.size() != header.size()) {
                    throw new IllegalArgumentException(path + ": line " + line + ": " + rec.size() + " fields, the header has "
                            + header.size());
                }
                Map<String, String> keyValues = new LinkedHashMap<>();
                for (int k = 0; k < keys.size(); k++) {
                    keyValues.put(columns.keys().get(k), rec.get(keys.get(k)));
                }
                out.add(record(path, line, rec.get(id), rec.get(text), amount < 0 ? null : rec.get(amount),
                        date < 0 ? null : rec.get(date), keyValues));
            }
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof MalformedInputException) {
                throw e;
            }
            throw new IllegalArgumentException(path + ": malformed CSV: " + e.getCause().getMessage());
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(path + ": malformed CSV: " + e.getMessage());
        }
        return out;
    }

    private static int column(Object path, List<String> header, String name) {
        if (name == null) {
            return -1;
        }
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(path + ": the CSV header has no column '" + name + "'; it has " + header);
        }
        return i;
    }

    private static List<DedupRecord> ndjson(Path path, BufferedReader in, Columns columns) throws IOException {
        LineParser parser = LineParser.ndjson(path.toString(), columns);
        List<DedupRecord> out = new ArrayList<>();
        String line;
        long number = 0;
        while ((line = in.readLine()) != null) {
            DedupRecord r = parser.parse(line, ++number);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static String scalar(Object path, long line, JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(path + ": line " + line + ": field \"" + field + "\" is missing");
            }
            return null;
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException(path + ": line " + line + ": field \"" + field + "\" must be a string or number");
        }
        return v.isNumber() ? v.decimalValue().toPlainString() : v.asText();
    }

    private static DedupRecord record(Object path, long line, String id, String text, String amount, String date,
                                      Map<String, String> keys) {
        try {
            BigDecimal a = amount == null || amount.isBlank() ? null : new BigDecimal(amount.strip());
            LocalDate d = date == null || date.isBlank() ? null : LocalDate.parse(date.strip());
            return new DedupRecord(id.strip(), text.strip(), a, d, keys);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + ": line " + line + ": amount '" + amount + "' is not a number");
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(path + ": line " + line + ": date '" + date + "' is not YYYY-MM-DD");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": line " + line + ": " + e.getMessage());
        }
    }

    /**
     * Parses input one line at a time, for readers that split a file by lines (the Spark job): the same columns,
     * checks and messages as {@link #read}, except that a CSV record may not span lines.
     */
    public static final class LineParser implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final String source;
        private final Columns columns;
        private final List<String> header;
        private transient ObjectMapper json;

        private LineParser(String source, Columns columns, List<String> header) {
            this.source = source;
            this.columns = columns;
            this.header = header;
        }

        /** A parser for the CSV lines after {@code headerLine}; checks that the header names every column. */
        public static LineParser csv(String source, String headerLine, Columns columns) throws IOException {
            List<String> header = new ArrayList<>();
            try (CSVParser p = CSVFormat.RFC4180.parse(new java.io.StringReader(headerLine.replace("\uFEFF", "")))) {
                p.getRecords().get(0).forEach(h -> header.add(h.trim()));
            }
            column(source, header, columns.id());
            column(source, header, columns.text());
            column(source, header, columns.amount());
            column(source, header, columns.date());
            columns.keys().forEach(k -> column(source, header, k));
            return new LineParser(source, columns, List.copyOf(header));
        }

        /** A parser for NDJSON lines. */
        public static LineParser ndjson(String source, Columns columns) {
            return new LineParser(source, columns, null);
        }

        /**
         * The record on line {@code number} (1-based), or null for an empty line (NDJSON: also a blank one; a CSV
         * line of spaces is a record with too few fields, as for {@link #read}).
         */
        public DedupRecord parse(String line, long number) throws IOException {
            String s = line.strip();
            if (s.startsWith("\uFEFF")) {
                s = s.substring(1);
            }
            if (header != null ? line.isEmpty() : s.isEmpty()) {
                return null;
            }
            if (header == null) {
                if (json == null) {
                    // Exact decimals: an amount keeps every digit, and 1e309 is a number, not Infinity.
                    json = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
                }
                JsonNode node;
                try {
                    node = json.readTree(s);
                } catch (JacksonException e) {
                    throw new IllegalArgumentException(source + ": line " + number + ": not a JSON object: " + e.getOriginalMessage());
                }
                if (node == null || !node.isObject()) {
                    throw new IllegalArgumentException(source + ": line " + number + ": not a JSON object");
                }
                Map<String, String> keys = new LinkedHashMap<>();
                for (String k : columns.keys()) {
                    keys.put(k, scalar(source, number, node, k, true));
                }
                return record(source, number, scalar(source, number, node, columns.id(), true),
                        scalar(source, number, node, columns.text(), true),
                        columns.amount() == null ? null : scalar(source, number, node, columns.amount(), false),
                        columns.date() == null ? null : scalar(source, number, node, columns.date(), false), keys);
            }
            List<CSVRecord> recs;
            try (CSVParser p = CSVFormat.RFC4180.parse(new java.io.StringReader(line))) {
                recs = p.getRecords();
            } catch (UncheckedIOException | IllegalStateException e) {
                throw new IllegalArgumentException(source + ": line " + number + ": malformed CSV: " + e.getMessage());
            }
            if (recs.size() != 1 || recs.get(0).size() != header.size()) {
                throw new IllegalArgumentException(source + ": line " + number + ": " + (recs.isEmpty() ? 0 : recs.get(0).size())
                        + " fields, the header has " + header.size() + " (records may not span lines here)");
            }
            CSVRecord rec = recs.get(0);
            Map<String, String> keys = new LinkedHashMap<>();
            for (String k : columns.keys()) {
                keys.put(k, rec.get(header.indexOf(k)));
            }
            return record(source, number, rec.get(header.indexOf(columns.id())), rec.get(header.indexOf(columns.text())),
                    columns.amount() == null ? null : rec.get(header.indexOf(columns.amount())),
                    columns.date() == null ? null : rec.get(header.indexOf(columns.date())), keys);
        }
    }

    /** Writes {@code result} to {@code path}: NDJSON for {@code .ndjson}/{@code .jsonl}, else CSV. */
    public static void write(Path path, DedupResult result) throws IOException {
        boolean ndjson = Boolean.TRUE.equals(ndjsonByName(path));
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16)) {
                write(w, result, ndjson);
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code result} as CSV or NDJSON to {@code w}. */
    public static void write(Writer w, DedupResult result, boolean ndjson) throws IOException {
        if (ndjson) {
            ObjectMapper json = new ObjectMapper();
            for (int i = 0; i < result.ids().size(); i++) {
                ObjectNode o = json.createObjectNode();
                o.put("id", result.ids().get(i));
                o.put("cluster_id", result.clusterId().get(i));
                o.put("score", score(result.score()[i]));
                w.write(json.writeValueAsString(o));
                w.write('\n');
            }
            return;
        }
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").build());
        csv.printRecord("id", "cluster_id", "score");
        for (int i = 0; i < result.ids().size(); i++) {
            csv.printRecord(result.ids().get(i), result.clusterId().get(i), scoreText(result.score()[i]));
        }
        csv.flush();
    }

    /** A score as written: four decimals. */
    public static double score(float s) {
        return Math.round(s * 10000.0) / 10000.0;
    }

    private static String scoreText(float s) {
        return String.format(Locale.ROOT, "%.4f", s);
    }
}
