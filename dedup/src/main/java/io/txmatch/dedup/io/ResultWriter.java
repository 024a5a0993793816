package io.txmatch.dedup.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.txmatch.dedup.ClusterPair;
import io.txmatch.dedup.DedupResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;

/**
 * Writes a {@link DedupResult}, one row per input record in input order: CSV with header
 * {@code id,cluster_id,score} (LF line ends, RFC 4180 quoting, score with four decimals) or NDJSON
 * {@code {"id","cluster_id","score"}} (score rounded to four decimals). UTF-8. Ids are written as read, byte for
 * byte, except that CSV output escapes formulas by default ({@link #FORMULA_STARTS}, OWASP's CSV injection rule):
 * an id that a spreadsheet would run ({@code =SUM(A1)}, {@code +1}, {@code -1}, {@code @x}, or one starting
 * with a tab or carriage return) is written with a single quote before it and in double quotes
 * ({@code "'=SUM(A1)"}), which a spreadsheet shows as text. NDJSON is never escaped.
 */
public final class ResultWriter {
    /** First characters that make a CSV field a formula in a spreadsheet (OWASP): escaped unless turned off. */
    public static final String FORMULA_STARTS = "=+-@\t\r";
    /** The result's own columns, in output order. */
    public static final List<String> COLUMNS = List.of("id", "cluster_id", "score");
    private static final CSVFormat FIELDS = CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();
    private static final CSVFormat QUOTED = FIELDS.builder().setQuoteMode(QuoteMode.ALL).build();

    private ResultWriter() {
    }

    /** {@link #write(Path, DedupResult, boolean)} with formulas escaped. */
    public static void write(Path path, DedupResult result) throws IOException {
        write(path, result, true);
    }

    /**
     * Writes {@code result} to {@code path} in the format its name shows ({@link Format#forOutput}), as
     * {@link OutputFile} writes: a regular file through a temporary file moved into place (a failed run leaves no
     * partial output), a FIFO or device directly.
     *
     * @param escapeFormulas in CSV, write ids that start with one of {@link #FORMULA_STARTS} as {@code "'ID"}
     */
    public static void write(Path path, DedupResult result, boolean escapeFormulas) throws IOException {
        Format format = Format.forOutput(path);
        OutputFile.of(path, "output").write(w -> write(w, result, format, escapeFormulas));
    }

    /** Writes {@code result} to {@code w} in {@code format}, formulas escaped; flushes, does not close. */
    public static void write(Writer w, DedupResult result, Format format) throws IOException {
        write(w, result, format, true);
    }

    /**
     * Writes {@code result} to {@code w} in {@code format}; flushes, does not close.
     *
     * @param escapeFormulas in CSV, write ids that start with one of {@link #FORMULA_STARTS} as {@code "'ID"}
     */
    public static void write(Writer w, DedupResult result, Format format, boolean escapeFormulas) throws IOException {
        write(w, result, format, escapeFormulas, Carried.NONE);
    }

    /**
     * Input columns carried through to the output, after {@code id,cluster_id,score}.
     *
     * @param names  the columns, in output order (none of {@link #COLUMNS})
     * @param values per record (input order) its fields by name, as {@link Rows#record} has them; a missing one
     *               is written empty (CSV) or left out (NDJSON)
     */
    public record Carried(List<String> names, List<Map<String, Object>> values) {
        /** No columns carried. */
        public static final Carried NONE = new Carried(List.of(), List.of());

        public Carried {
            names = List.copyOf(names);
            for (String n : names) {
                if (COLUMNS.contains(n)) {
                    throw new IllegalArgumentException("input column '" + n + "' cannot be carried: the output has a column of that name");
                }
            }
        }
    }

    /**
     * Writes {@code result} to {@code w} in {@code format} with the {@code carried} input columns; flushes, does
     * not close. In CSV carried values are escaped as ids are; an NDJSON value that is no string stays JSON.
     *
     * @param escapeFormulas in CSV, write fields that start with one of {@link #FORMULA_STARTS} as {@code "'ID"}
     */
    public static void write(Writer w, DedupResult result, Format format, boolean escapeFormulas, Carried carried)
            throws IOException {
        if (format == Format.NDJSON) {
            ObjectMapper json = new ObjectMapper();
            for (int i = 0; i < result.ids().size(); i++) {
                ObjectNode o = json.createObjectNode();
                o.put("id", result.ids().get(i));
                o.put("cluster_id", result.clusterId().get(i));
                o.put("score", score(result.score()[i]));
                for (String n : carried.names()) {
                    Object v = carried.values().get(i).get(n);
                    if (v instanceof JsonNode node) {
                        o.set(n, node);
                    } else if (v != null) {
                        o.put(n, v.toString());
                    }
                }
                w.write(json.writeValueAsString(o));
                w.write('\n');
            }
            w.flush();
            return;
        }
        w.write(String.join(",", COLUMNS));
        for (String n : carried.names()) {
            id(w, n, false, escapeFormulas);
        }
        w.write('\n');
        for (int i = 0; i < result.ids().size(); i++) {
            id(w, result.ids().get(i), true, escapeFormulas);
            id(w, result.clusterId().get(i), false, escapeFormulas);
            FIELDS.print(String.format(Locale.ROOT, "%.4f", result.score()[i]), w, false);
            for (String n : carried.names()) {
                Object v = carried.values().get(i).get(n);
                id(w, v == null ? "" : v instanceof JsonNode node && node.isValueNode() ? node.asText() : v.toString(), false,
                        escapeFormulas);
            }
            w.write('\n');
        }
        w.flush();
    }

    /**
     * Writes the pairs that made each cluster ({@link io.txmatch.dedup.ClusterPair}): CSV
     * {@code id_a,id_b,score,cluster_id} or NDJSON with those fields, score with four decimals, ids escaped in CSV
     * as in the result file; flushes, does not close.
     */
    public static void writePairs(Writer w, List<ClusterPair> pairs, Format format, boolean escapeFormulas) throws IOException {
        ObjectMapper json = new ObjectMapper();
        if (format == Format.CSV) {
            w.write("id_a,id_b,score,cluster_id\n");
        }
        for (ClusterPair p : pairs) {
            if (format == Format.NDJSON) {
                ObjectNode o = json.createObjectNode();
                o.put("id_a", p.idA());
                o.put("id_b", p.idB());
                o.put("score", score(p.score()));
                o.put("cluster_id", p.clusterId());
                w.write(json.writeValueAsString(o));
            } else {
                id(w, p.idA(), true, escapeFormulas);
                id(w, p.idB(), false, escapeFormulas);
                FIELDS.print(String.format(Locale.ROOT, "%.4f", p.score()), w, false);
                id(w, p.clusterId(), false, escapeFormulas);
            }
            w.write('\n');
        }
        w.flush();
    }

    /**
     * Writes rows set aside ({@link InputFile.Settings#skipBadRows}) as CSV {@code line,reason,row}: the line each
     * starts on, what is wrong, and the row as read, escaped as ids are; flushes, does not close.
     */
    public static void writeBadRows(Writer w, List<BadRow> bad, boolean escapeFormulas) throws IOException {
        w.write("line,reason,row\n");
        for (BadRow b : bad) {
            FIELDS.print(Long.toString(b.line()), w, true);
            id(w, b.reason(), false, escapeFormulas);
            id(w, b.row() == null ? "" : b.row(), false, escapeFormulas);
            w.write('\n');
        }
        w.flush();
    }

    /** Whether a spreadsheet would take a CSV field starting so as a formula ({@link #FORMULA_STARTS}). */
    public static boolean isFormula(String field) {
        return !field.isEmpty() && FORMULA_STARTS.indexOf(field.charAt(0)) >= 0;
    }

    private static void id(Writer w, String id, boolean first, boolean escapeFormulas) throws IOException {
        if (escapeFormulas && isFormula(id)) {
            QUOTED.print("'" + id, w, first);
        } else {
            FIELDS.print(id, w, first);
        }
    }

    /** A score as written to NDJSON (and shown by the REST API): rounded to four decimals. */
    public static double score(float s) {
        return Math.round(s * 10000.0) / 10000.0;
    }
}
