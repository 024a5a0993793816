package io.txmatch.cli;

import io.txmatch.dedup.DedupEngine;
import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.DedupProgress;
import io.txmatch.dedup.DedupRecord;
import io.txmatch.dedup.DedupResult;
import io.txmatch.model.Encoder;
import io.txmatch.options.DedupSettings;
import io.txmatch.options.ModelOption;
import io.txmatch.trainer.data.DescriptorGenerator;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.eval.DedupEval;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code txmatch bench dedup}: time and memory of the embedded engine on N generated records. */
@Command(name = "dedup", mixinStandardHelpOptions = true,
        description = {"Time and memory of the dedup engine on generated records.",
                "Runs the embedded engine on N generated records (all template families, about 15-20 records per"
                        + " merchant) with the default settings, and prints the stage times and the quality against the"
                        + " generator's labels.",
                "Last line: dedup-bench records=... distinct_texts=... radius=... probe=... threshold=... seconds=..."
                        + " records_per_s=... peak_rss_mb=... pair_f1=..."})
final class BenchDedupCommand implements Callable<Integer> {
    @Option(names = "--records", paramLabel = "N", description = "Records to generate (default: ${DEFAULT-VALUE}).", defaultValue = "100000")
    int records;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of merchants and records (default: ${DEFAULT-VALUE}).", defaultValue = "5")
    long seed;

    @Mixin
    ModelOption model;

    @Option(names = "--stores", paramLabel = "D",
            description = "Each merchant's records repeat about D descriptor strings (its stores and formats), as card"
                    + " transactions do; 0 (default) draws a fresh descriptor per record, the worst case for distinct texts.",
            defaultValue = "0")
    double stores;

    @Mixin
    DedupSettings settings;

    @Option(names = "--records-out", paramLabel = "FILE",
            description = "Also write the generated records as CSV (id,text,merchant), e.g. for ./txmatch dedup or the Spark job.")
    Path recordsOut;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (records < 1) {
            throw new IllegalArgumentException("--records must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (stores < 0) {
            throw new IllegalArgumentException("--stores must be 0 or more");
        }
        DedupEval.Dataset data = dataset(records, stores, seed);
        if (recordsOut != null) {
            writeCsv(recordsOut, data);
        }
        Encoder encoder = Encoder.load(model.path(Launcher.home()));
        long t0 = System.nanoTime();
        DedupOptions options = settings.options();
        DedupResult r = new DedupEngine(encoder).run(data.records(), options, DedupProgress.NONE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        DedupEval.Scores q = DedupEval.score(data.truth(), r.clusterId());
        DedupResult.Stats s = r.stats();
        out.printf(Locale.ROOT, "stages_ms=%s candidates=%d edges=%d clusters=%d largest=%d pair_p=%.4f pair_r=%.4f b3_f1=%.4f%n",
                s.millis(), s.candidates(), s.edges(), s.clusters(), s.largest(), q.pairPrecision(), q.pairRecall(), q.bcubedF1());
        out.printf(Locale.ROOT, "dedup-bench records=%d distinct_texts=%d radius=%d probe=%s threshold=%.2f seconds=%.1f records_per_s=%.0f peak_rss_mb=%d pair_f1=%.4f%n",
                s.records(), s.nodes(), options.radius(), options.probeRadius() < 0 ? "exact" : Integer.toString(options.probeRadius()),
                options.threshold(), seconds, s.records() / seconds, peakRssMb(), q.pairF1());
        out.flush();
        return 0;
    }

    /** {@code n} records of {@code max(100, n / 15)} generated merchants plus the real chains, all families. */
    static DedupEval.Dataset dataset(int n, double stores, long seed) {
        DescriptorGenerator gen = new DescriptorGenerator();
        DedupEval.Dataset d = DedupEval.generate(gen.merchants(seed, Math.max(100, n / 15)), List.of(Family.values()), 25,
                stores, seed);
        if (d.records().size() < n) {
            throw new IllegalStateException("generated " + d.records().size() + " records, fewer than " + n);
        }
        return new DedupEval.Dataset(d.records().subList(0, n), d.truth().subList(0, n));
    }

    private static void writeCsv(Path path, DedupEval.Dataset d) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").build())) {
            csv.printRecord("id", "text", "merchant");
            for (int i = 0; i < d.records().size(); i++) {
                DedupRecord r = d.records().get(i);
                csv.printRecord(r.id(), r.text(), d.truth().get(i));
            }
        }
    }

    /** Peak resident set size of this process (VmHWM), in MiB; -1 where /proc is not there. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
