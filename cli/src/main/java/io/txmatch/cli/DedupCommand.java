package io.txmatch.cli;

import io.txmatch.dedup.ClusterPair;
import io.txmatch.dedup.DedupEngine;
import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.DedupProgress;
import io.txmatch.dedup.DedupRecord;
import io.txmatch.dedup.DedupResult;
import io.txmatch.dedup.ThresholdReport;
import io.txmatch.dedup.io.Columns;
import io.txmatch.dedup.io.Format;
import io.txmatch.dedup.io.InputFile;
import io.txmatch.dedup.io.OutputFile;
import io.txmatch.dedup.io.RecordReader;
import io.txmatch.dedup.io.ResultWriter;
import io.txmatch.model.Encoder;
import io.txmatch.options.DedupColumns;
import io.txmatch.options.DedupOutput;
import io.txmatch.options.DedupSettings;
import io.txmatch.options.ModelOption;
import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
        description = {"Batch dedup of transaction records into merchant clusters.",
                "Reads CSV with a header row, or NDJSON. Identical normalised texts are encoded once; codes are blocked"
                        + " by Hamming neighbourhood (Multi-Index Hashing bands), candidates verified by embedding cosine,"
                        + " and clusters grown by average linkage, which resists chaining.",
                "Output: one row per input record, in input order: CSV 'id,cluster_id,score' (or NDJSON for"
                        + " .ndjson/.jsonl). cluster_id is the id of the cluster's representative record; score is the"
                        + " record's cosine to it. CSV ids that start like a formula (= + - @ tab CR) are escaped as"
                        + " \"'ID\" (--no-csv-formula-escape: as read). Progress on stderr; summary on stdout (on stderr"
                        + " with --out -).",
                "Every output is checked before any work (its directory exists and is writable, it is not the input)"
                        + " and never left half-written: a regular file is replaced by a temporary file moved into place,"
                        + " a FIFO or device is written directly.",
                "--encoding, --delimiter, --skip-bad-rows, --quarantine, --keep-columns, --pairs-out, --labels and"
                        + " --threshold-report are options of this command only, not of the Spark job."})
final class DedupCommand implements Callable<Integer> {
    /** The file name that means stdin ({@code --in}) or stdout ({@code --out}). */
    static final String STD = "-";

    @Option(names = "--in", required = true, paramLabel = "FILE",
            description = "Input records (.csv, .ndjson or .jsonl; other names by content); - reads stdin.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Output (.csv, or .ndjson/.jsonl); - writes CSV to stdout (the summary then goes to stderr).")
    Path out;

    @Mixin
    DedupColumns columns;

    @Mixin
    DedupSettings settings;

    @Mixin
    ModelOption model;

    @Mixin
    DedupOutput output;

    @Option(names = "--encoding", paramLabel = "CHARSET", defaultValue = "UTF-8",
            description = "The input's character set (default: ${DEFAULT-VALUE}); bytes not valid in it are an error naming the line.")
    Charset encoding;

    @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",",
            description = "CSV field delimiter, one character; \\t or tab for a tab (default: ${DEFAULT-VALUE}).")
    String delimiter;

    @Option(names = "--skip-bad-rows",
            description = "Set rows that are no valid record aside (bad fields, repeated ids) instead of rejecting the file.")
    boolean skipBadRows;

    @Option(names = "--quarantine", paramLabel = "FILE",
            description = "CSV 'line,reason,row' of each row set aside; implies --skip-bad-rows.")
    Path quarantine;

    @Option(names = "--keep-columns", paramLabel = "COLUMNS", split = ",", hideParamSyntax = true,
            description = "Input columns or fields carried to the output after id,cluster_id,score: comma-separated"
                    + " names, or all (every column but the id and any named cluster_id or score).")
    List<String> keepColumns;

    @Option(names = "--pairs-out", paramLabel = "FILE",
            description = "The scored pairs that made each cluster, as CSV 'id_a,id_b,score,cluster_id' (NDJSON for a"
                    + " .ndjson or .jsonl name).")
    Path pairsOut;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "A labelled sample: CSV with header 'id,label' (or NDJSON) for some records; prints precision,"
                    + " recall and F1 of pairwise decisions per threshold (0.50..0.95) and of the clusters, on stderr.")
    Path labels;

    @Option(names = "--threshold-report", paramLabel = "FILE", description = "With --labels: the report as CSV in FILE too.")
    Path thresholdReport;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        boolean stdin = in.toString().equals(STD);
        boolean stdout = out.toString().equals(STD);
        if (!stdin && (!Files.exists(in) || Files.isDirectory(in))) {
            throw new IllegalArgumentException("--in " + in + ": no such file");
        }
        if (thresholdReport != null && labels == null) {
            throw new IllegalArgumentException("--threshold-report needs --labels");
        }
        if (labels != null && !Files.isRegularFile(labels)) {
            throw new IllegalArgumentException("--labels " + labels + ": no such file");
        }
        DedupOptions options = columns.options(settings);
        char delim = delimiter();
        // Every output, checked before any work: writable, not the input, not each other.
        Map<String, OutputFile> outputs = new LinkedHashMap<>();
        if (!stdout) {
            outputs.put("--out", OutputFile.of(out, "--out"));
        }
        if (quarantine != null) {
            outputs.put("--quarantine", OutputFile.of(quarantine, "--quarantine"));
        }
        if (pairsOut != null) {
            outputs.put("--pairs-out", OutputFile.of(pairsOut, "--pairs-out"));
        }
        if (thresholdReport != null) {
            outputs.put("--threshold-report", OutputFile.of(thresholdReport, "--threshold-report"));
        }
        Map<String, OutputFile> seen = new LinkedHashMap<>();
        for (Map.Entry<String, OutputFile> e : outputs.entrySet()) {
            OutputFile o = e.getValue();
            if (!stdin) {
                o.refuseSame(in, "--in");
            }
            if (labels != null) {
                o.refuseSame(labels, "--labels");
            }
            for (Map.Entry<String, OutputFile> earlier : seen.entrySet()) {
                o.refuseSame(earlier.getValue().path(), earlier.getKey());
            }
            seen.put(e.getKey(), o);
        }

        long t0 = System.nanoTime();
        boolean skip = skipBadRows || quarantine != null;
        InputFile.Contents contents;
        try (InputStream stream = stdin ? new FilterInputStream(System.in) {
            @Override
            public void close() {
                // stdin stays open
            }
        } : Files.newInputStream(in)) {
            contents = InputFile.read(stream, stdin ? "stdin" : in.toString(), stdin ? Optional.empty() : Format.byName(in),
                    columns.columns(), options, new InputFile.Settings(encoding, delim, skip, keepColumns != null));
        }
        List<DedupRecord> records = contents.records();
        ResultWriter.Carried carried = carried(contents);
        Map<String, String> labelled = labels == null ? Map.of() : labels();
        if (labels != null) {
            ThresholdReport.sample(records, labelled); // before the run: enough labelled records in the input
        }
        Encoder encoder = Encoder.load(model.path(Launcher.home()));
        DedupResult result;
        List<ClusterPair> pairs = new ArrayList<>();
        try (ConsoleProgress progress = new ConsoleProgress(noProgress)) {
            result = new DedupEngine(encoder).run(records, options, progress, pairsOut == null ? null : pairs::add);
        }
        boolean escape = output.escapeFormulas();
        if (stdout) {
            Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
            ResultWriter.write(w, result, Format.CSV, escape, carried); // flushed; System.out stays open
        } else {
            outputs.get("--out").write(w -> ResultWriter.write(w, result, Format.forOutput(out), escape, carried));
        }
        if (pairsOut != null) {
            outputs.get("--pairs-out").write(w -> ResultWriter.writePairs(w, pairs, Format.forOutput(pairsOut), escape));
        }
        if (quarantine != null) {
            outputs.get("--quarantine").write(w -> ResultWriter.writeBadRows(w, contents.bad(), escape));
        }
        PrintWriter err = spec.commandLine().getErr();
        if (labels != null) {
            ThresholdReport report = ThresholdReport.of(encoder, records, labelled, result, ThresholdReport.GRID);
            String table = report.table(options.threshold());
            err.print(table);
            err.flush();
            if (thresholdReport != null) {
                outputs.get("--threshold-report").write(w -> w.write(table.substring(table.indexOf('\n') + 1)));
            }
        }
        DedupResult.Stats s = result.stats();
        PrintWriter w = stdout ? err : spec.commandLine().getOut();
        w.printf(Locale.ROOT, "dedup records=%d distinct_texts=%d clusters=%d largest_cluster=%d candidates=%d edges=%d"
                        + " skipped=%d seconds=%.1f out=%s%n", s.records(), s.nodes(), s.clusters(), s.largest(), s.candidates(),
                s.edges(), contents.bad().size(), (System.nanoTime() - t0) / 1e9, stdout ? "stdout" : out);
        w.flush();
        return 0;
    }

    /** {@code --delimiter} as one character. */
    private char delimiter() {
        String d = delimiter.equals("\\t") || delimiter.equalsIgnoreCase("tab") ? "\t" : delimiter;
        if (d.length() != 1) {
            throw new IllegalArgumentException("--delimiter must be one character (or \\t), got '" + delimiter + "'");
        }
        return d.charAt(0);
    }

    /** The columns {@code --keep-columns} names: each must be in the input (on some row); all: every one but the id. */
    private ResultWriter.Carried carried(InputFile.Contents contents) {
        if (keepColumns == null) {
            return ResultWriter.Carried.NONE;
        }
        Set<String> present = new LinkedHashSet<>();
        contents.fields().forEach(f -> present.addAll(f.keySet()));
        List<String> names;
        if (keepColumns.size() == 1 && keepColumns.get(0).equals("all")) {
            present.remove(columns.columns().id());
            names = new ArrayList<>(present);
            names.removeIf(n -> n.isEmpty() || ResultWriter.COLUMNS.contains(n)); // a former output's own columns stay out
        } else {
            names = keepColumns.stream().map(String::trim).distinct().toList();
            for (String n : names) {
                if (!present.contains(n)) {
                    throw new IllegalArgumentException("--keep-columns: the input has no column '" + n + "'; it has " + present);
                }
            }
        }
        return new ResultWriter.Carried(names, contents.fields());
    }

    /** {@code --labels}: id to label. */
    private Map<String, String> labels() throws IOException {
        Map<String, String> out = new HashMap<>();
        for (DedupRecord r : RecordReader.read(labels, Columns.of("id", "label"))) {
            if (out.put(r.id(), r.text()) != null) {
                throw new IllegalArgumentException("--labels " + labels + ": id '" + r.id() + "' has more than one label");
            }
        }
        return out;
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
