package io.txmatch.cli;

import io.txmatch.dedup.DedupEngine;
import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.DedupProgress;
import io.txmatch.dedup.DedupRecord;
import io.txmatch.dedup.DedupResult;
import io.txmatch.dedup.io.RecordReader;
import io.txmatch.model.Encoder;
import io.txmatch.options.DedupColumns;
import io.txmatch.options.DedupOutput;
import io.txmatch.options.DedupSettings;
import io.txmatch.options.ModelOption;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code txmatch dedup}: the embedded dedup engine over a CSV or NDJSON file. */
@Command(name = "dedup", mixinStandardHelpOptions = true,
        description = {"Batch dedup of transaction records (CSV with a header row, or NDJSON) into merchant clusters.",
                "Identical normalised texts are encoded once; codes are blocked by Hamming neighbourhood (Multi-Index",
                "Hashing bands), candidates verified by embedding cosine, and clusters grown by average linkage, which resists",
                "chaining. Output: one row per input record, input order: CSV 'id,cluster_id,score' (or NDJSON",
                "for .ndjson/.jsonl). cluster_id is the id of the cluster's representative record; score is the",
                "record's cosine to it. CSV ids that start like a formula (= + - @ tab CR) are escaped as \"'ID\"",
                "(--no-csv-formula-escape: as read). Progress on stderr; summary on stdout."})
final class DedupCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Input records (.csv, .ndjson or .jsonl).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output (.csv, or .ndjson/.jsonl).")
    Path out;

    @Mixin
    DedupColumns columns;

    @Mixin
    DedupSettings settings;

    @Mixin
    ModelOption model;

    @Mixin
    DedupOutput output;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(in)) {
            throw new IllegalArgumentException("--in " + in + ": no such file");
        }
        DedupOptions options = columns.options(settings);
        long t0 = System.nanoTime();
        List<DedupRecord> records = RecordReader.read(in, columns.columns());
        Encoder encoder = Encoder.load(model.path(Launcher.home()));
        DedupResult result;
        try (ConsoleProgress progress = new ConsoleProgress(noProgress)) {
            result = new DedupEngine(encoder).run(records, options, progress);
        }
        output.write(out, result);
        DedupResult.Stats s = result.stats();
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "dedup records=%d distinct_texts=%d clusters=%d largest_cluster=%d candidates=%d edges=%d"
                        + " seconds=%.1f out=%s%n", s.records(), s.nodes(), s.clusters(), s.largest(), s.candidates(), s.edges(),
                (System.nanoTime() - t0) / 1e9, out);
        w.flush();
        return 0;
    }

    /** One ASCII progress bar per stage on stderr. */
    static final class ConsoleProgress implements DedupProgress, AutoCloseable {
        private final boolean quiet;
        private ProgressBar bar;

        ConsoleProgress(boolean quiet) {
            this.quiet = quiet;
        }

        @Override
        public synchronized void stage(Stage stage, long total) {
            close();
            if (!quiet) {
                bar = new ProgressBarBuilder().setTaskName(stage.label()).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(500).build();
            }
        }

        @Override
        public synchronized void advance(long steps) {
            if (bar != null) {
                bar.stepBy(steps);
            }
        }

        @Override
        public synchronized void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
