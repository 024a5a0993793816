package io.txmatch.options;

import io.txmatch.dedup.DedupResult;
import io.txmatch.dedup.io.OutputFile;
import io.txmatch.dedup.io.ResultWriter;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How the dedup result file is written: {@code --csv-formula-escape} (the default) or
 * {@code --no-csv-formula-escape}, OWASP's CSV-injection escaping of ids in CSV output ({@link ResultWriter}).
 * A picocli mixin, so {@code ./txmatch dedup} and the Spark job write the same bytes.
 */
public final class DedupOutput {
    @Option(names = "--csv-formula-escape", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "CSV output: an id starting with = + - @ tab or CR is written as \"'ID\" (a single quote before"
                    + " it, in double quotes), so a spreadsheet shows it as text rather than running it (default: on);"
                    + " --no-csv-formula-escape writes ids exactly as read. NDJSON is never escaped.")
    boolean escapeFormulas = true;

    /** Whether CSV output escapes formula ids. */
    public boolean escapeFormulas() {
        return escapeFormulas;
    }

    /**
     * Checks {@code out}, the {@code --out} file, before any work ({@link OutputFile#of}: its directory exists and is
     * writable) and that it is not {@code in} (unless null), the {@code --in} file, also through links.
     */
    public void check(Path out, Path in) throws IOException {
        OutputFile target = OutputFile.of(out, "--out");
        if (in != null) {
            target.refuseSame(in, "--in");
        }
    }

    /** Writes {@code result} to {@code path} as these options say ({@link ResultWriter#write(Path, DedupResult, boolean)}). */
    public void write(Path path, DedupResult result) throws IOException {
        ResultWriter.write(path, result, escapeFormulas);
    }
}
