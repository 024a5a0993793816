package io.txmatch.cli;

import io.txmatch.dedup.DedupEngine;
import io.txmatch.dedup.DedupOptions;
import io.txmatch.model.Encoder;
import io.txmatch.model.TrainingRecord;
import io.txmatch.options.ModelOption;
import io.txmatch.trainer.data.DescriptorGenerator;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.data.MerchantSplit;
import io.txmatch.trainer.eval.DedupEval;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code txmatch bench dedup-quality}: dedup quality beside the TF-IDF + connected-components baseline. */
@Command(name = "dedup-quality", mixinStandardHelpOptions = true,
        description = {"Dedup quality on labelled records beside the TF-IDF baseline.",
                "Calibrates the threshold on validation merchants in training formats, then scores test merchants"
                        + " (never seen in training) in all formats and in held-out formats only: pairwise and B-cubed"
                        + " precision, recall, F1. Baseline: TF-IDF char-trigram cosine over ALL record pairs + threshold"
                        + " + connected components, at its best threshold on the test data itself.",
                "Last line: dedup-quality heldout: engine_pair_f1=... tfidf_pair_f1=... engine_bcubed_f1=..."
                        + " tfidf_bcubed_f1=..."})
final class DedupQualityCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--records-per-merchant", paramLabel = "N", description = "Mean records per merchant (default: ${DEFAULT-VALUE}).",
            defaultValue = "5")
    double perMerchant;

    @Option(names = "--data-seed", paramLabel = "SEED", description = "Seed of the generated records (default: ${DEFAULT-VALUE}).", defaultValue = "11")
    long dataSeed;

    @Option(names = "--real", description = "Real descriptors instead: data/uk-pcard/oneshot.csv and wrapped.csv, the"
            + " threshold calibrated on their dev brands, scored on their test brands (never trained on).")
    boolean real;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(perMerchant >= 1 && perMerchant <= 40)) {
            throw new IllegalArgumentException("--records-per-merchant must be 1..40");
        }
        Encoder encoder = Encoder.load(model.path(Launcher.home()));
        if (real) {
            return realTable(encoder);
        }
        TrainingRecord training = encoder.manifest().training();
        int locals = training.localMerchants() != null ? training.localMerchants() : 3000;
        Set<Family> held = Family.parseList(training.heldOutFamilies() != null ? String.join(",", training.heldOutFamilies())
                : "ach,bill_pay,visa_dda");
        List<Family> seen = new ArrayList<>(List.of(Family.values()));
        seen.removeAll(held);
        MerchantSplit split = MerchantSplit.of(new DescriptorGenerator().merchants(encoder.manifest().seed(), locals),
                encoder.manifest().seed());
        DedupEngine engine = new DedupEngine(encoder);
        PrintWriter out = spec.commandLine().getOut();
        DedupEval.Dataset calibration = DedupEval.generate(split.validation(), seen, perMerchant, dataSeed);
        double[] grid = DedupEval.grid(0.50, 0.90, 0.02);
        DedupEval.Row cal = DedupEval.engineBest(engine, calibration, DedupOptions.defaults(), grid);
        out.printf(Locale.ROOT, "calibration (%d validation merchants, %d records, training formats): best threshold %.2f,"
                        + " pairwise F1 %.4f; default threshold %.2f%n", split.validation().size(), calibration.records().size(),
                cal.threshold(), cal.scores().pairF1(), DedupOptions.DEFAULT_THRESHOLD);
        out.println("| test records | method | threshold | pair P | pair R | pair F1 | B3 P | B3 R | B3 F1 | clusters | largest |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        String last = null;
        for (String name : new String[] {"all formats", "held-out formats"}) {
            List<Family> families = name.startsWith("all") ? List.of(Family.values()) : List.copyOf(held);
            DedupEval.Dataset test = DedupEval.generate(split.test(), families, perMerchant, dataSeed + 1);
            DedupEval.Row engineRow = DedupEval.engine(engine, test, DedupOptions.defaults());
            DedupEval.Row calRow = DedupEval.engine(engine, test, DedupOptions.defaults().withThreshold(cal.threshold()));
            DedupEval.Row tfidf = DedupEval.tfidfBest(test, encoder.normaliser(), DedupEval.grid(0.20, 0.95, 0.025));
            String label = name + " (" + test.records().size() + ")";
            print(out, label, "TF-IDF trigram + CC (baseline, best threshold)", tfidf);
            print(out, label, "engine edges + connected components (no average linkage)",
                    DedupEval.engineEdgesConnected(engine, test, DedupOptions.defaults()));
            print(out, label, "txmatch engine, default threshold", engineRow);
            if (cal.threshold() != DedupOptions.DEFAULT_THRESHOLD) {
                print(out, label, "txmatch engine, calibrated threshold", calRow);
            }
            last = String.format(Locale.ROOT, "dedup-quality %s: engine_pair_f1=%.4f tfidf_pair_f1=%.4f engine_bcubed_f1=%.4f"
                            + " tfidf_bcubed_f1=%.4f records=%d", name.startsWith("all") ? "all" : "heldout",
                    engineRow.scores().pairF1(), tfidf.scores().pairF1(), engineRow.scores().bcubedF1(),
                    tfidf.scores().bcubedF1(), test.records().size());
            out.flush();
        }
        out.println(last);
        out.flush();
        return 0;
    }

    /** {@code --real}: each data/uk-pcard variant, calibrated on its dev brands, scored on its test brands. */
    private int realTable(Encoder encoder) throws java.io.IOException {
        java.nio.file.Path dir = Launcher.home().resolve("data/uk-pcard");
        DedupEngine engine = new DedupEngine(encoder);
        PrintWriter out = spec.commandLine().getOut();
        out.println("| test records | method | threshold | pair P | pair R | pair F1 | B3 P | B3 R | B3 F1 | clusters | largest |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        StringBuilder last = new StringBuilder("dedup-quality real:");
        for (String variant : List.of("oneshot", "wrapped")) {
            java.nio.file.Path file = dir.resolve(variant + ".csv");
            DedupEval.Dataset dev = DedupEval.of(io.txmatch.trainer.data.LabelledFile.read(file, "dev"), dataSeed);
            DedupEval.Dataset test = DedupEval.of(io.txmatch.trainer.data.LabelledFile.read(file, "test"), dataSeed);
            DedupEval.Row cal = DedupEval.engineBest(engine, dev, DedupOptions.defaults(), DedupEval.grid(0.50, 0.90, 0.02));
            String label = "uk-" + variant + " test (" + test.records().size() + ")";
            DedupEval.Row tfidf = DedupEval.tfidfBest(test, encoder.normaliser(), DedupEval.grid(0.20, 0.95, 0.025));
            DedupEval.Row engineRow = DedupEval.engine(engine, test, DedupOptions.defaults());
            DedupEval.Row calRow = DedupEval.engine(engine, test, DedupOptions.defaults().withThreshold(cal.threshold()));
            print(out, label, "TF-IDF trigram + CC (baseline, best threshold on test)", tfidf);
            print(out, label, "txmatch engine, default threshold", engineRow);
            print(out, label, "txmatch engine, threshold calibrated on dev", calRow);
            last.append(String.format(Locale.ROOT, " %s_engine_pair_f1=%.4f %s_dev_threshold_pair_f1=%.4f %s_tfidf_pair_f1=%.4f",
                    variant, engineRow.scores().pairF1(), variant, calRow.scores().pairF1(), variant, tfidf.scores().pairF1()));
            out.flush();
        }
        out.println(last);
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, String data, String method, DedupEval.Row r) {
        DedupEval.Scores s = r.scores();
        out.printf(Locale.ROOT, "| %s | %s | %.3f | %.4f | %.4f | **%.4f** | %.4f | %.4f | %.4f | %d | %d |%n", data, method,
                r.threshold(), s.pairPrecision(), s.pairRecall(), s.pairF1(), s.bcubedPrecision(), s.bcubedRecall(),
                s.bcubedF1(), s.clusters(), s.largest());
    }
}
