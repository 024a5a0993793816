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
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a {@link DedupResult}, one row per input record in input order: CSV with header
 * {@code id,cluster_id,score} (LF line ends, RFC 4180 quoting, score with four decimals) or NDJSON
 * {@code {"id","cluster_id","score"}} (score rounded to four decimals). UTF-8.
 */
public final class ResultWriter {
    private ResultWriter() {
    }

    /**
     * Writes {@code result} to {@code path} in the format its name shows ({@link Format#forOutput}): to a
     * temporary file beside it, then moved into place, so a failed run leaves no partial output.
     */
    public static void write(Path path, DedupResult result) throws IOException {
        Format format = Format.forOutput(path);
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16)) {
                write(w, result, format);
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code result} to {@code w} in {@code format}; flushes, does not close. */
    public static void write(Writer w, DedupResult result, Format format) throws IOException {
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
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").build());
        csv.printRecord("id", "cluster_id", "score");
        for (int i = 0; i < result.ids().size(); i++) {
            csv.printRecord(result.ids().get(i), result.clusterId().get(i), String.format(Locale.ROOT, "%.4f", result.score()[i]));
        }
        csv.flush();
    }

    /** A score as written to NDJSON (and shown by the REST API): rounded to four decimals. */
    public static double score(float s) {
        return Math.round(s * 10000.0) / 10000.0;
    }
}
