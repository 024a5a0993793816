package io.txmatch.dedup.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.txmatch.dedup.DedupResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
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
    private static final CSVFormat FIELDS = CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();
    private static final CSVFormat QUOTED = FIELDS.builder().setQuoteMode(QuoteMode.ALL).build();

    private ResultWriter() {
    }

    /** {@link #write(Path, DedupResult, boolean)} with formulas escaped. */
    public static void write(Path path, DedupResult result) throws IOException {
        write(path, result, true);
    }

    /**
     * Writes {@code result} to {@code path} in the format its name shows ({@link Format#forOutput}): to a
     * temporary file beside it, then moved into place, so a failed run leaves no partial output.
     *
     * @param escapeFormulas in CSV, write ids that start with one of {@link #FORMULA_STARTS} as {@code "'ID"}
     */
    public static void write(Path path, DedupResult result, boolean escapeFormulas) throws IOException {
        Format format = Format.forOutput(path);
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16)) {
                write(w, result, format, escapeFormulas);
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
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
        if (format == Format.NDJSON) {
            ObjectMapper json = new ObjectMapper();
            for (int i = 0; i < result.ids().size(); i++) {
                ObjectNode o = json.createObjectNode();
                o.put("id", result.ids().get(i));
                o.put("cluster_id", result.clusterId().get(i));
                o.put("score", score(result.score()[i]));
                w.write(json.writeValueAsString(o));
                w.write('\n');
            }
            w.flush();
            return;
        }
        w.write("id,cluster_id,score\n");
        for (int i = 0; i < result.ids().size(); i++) {
            id(w, result.ids().get(i), true, escapeFormulas);
            id(w, result.clusterId().get(i), false, escapeFormulas);
            FIELDS.print(String.format(Locale.ROOT, "%.4f", result.score()[i]), w, false);
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
