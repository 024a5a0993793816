package io.txmatch.cli;

import io.txmatch.index.Codes;
import io.txmatch.match.Confidence;
import io.txmatch.match.MatchSettings;
import io.txmatch.model.Encoder;
import io.txmatch.model.TrainingRecord;
import io.txmatch.trainer.EvalCharts;
import io.txmatch.trainer.EvalReportWriter;
import io.txmatch.trainer.EvalRun;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.data.Labelled;
import io.txmatch.trainer.data.LabelledFile;
import io.txmatch.trainer.data.UserData;
import io.txmatch.trainer.eval.ConfidenceFit;
import io.txmatch.trainer.eval.FusionFit;
import io.txmatch.trainer.eval.OneShotEval;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code txmatch eval}: one-shot evaluation of a bundle beside the TF-IDF char-trigram baseline. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"One-shot evaluation of a bundle beside the TF-IDF baseline.",
                "Enrols one descriptor per test merchant (never seen in training) and classifies the others. Rows:"
                        + " 'heldout' queries come from template families training never used, 'seen-formats' queries"
                        + " from the training families. Columns: TF-IDF char-trigram cosine (the baseline), float cosine,"
                        + " learned Hamming codes, the served path, ITQ and SimHash codes of the same embeddings at the"
                        + " same width.",
                "Also: served-path calibration, top-1 against code width, and a Markdown report with PNG plots. The"
                        + " last line is the held-out row (or the 'data' row with --data). Takes about 6 minutes with"
                        + " the default --sweep-bits (a hasher is trained per extra width)."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "BUNDLE", description = "Bundle to evaluate (default: the bundled models/default.txmb).")
    Path model;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed fixing the merchant split (default: the bundle's training seed).")
    Long seed;

    @Option(names = "--merchants", paramLabel = "N", description = "Generated local merchants (default: as the bundle was trained).")
    Integer merchants;

    @Option(names = "--hold-out", paramLabel = "FAMILIES", description = "Held-out template families, comma-separated (default: as the bundle was trained).")
    String holdOut;

    @Option(names = "--queries", paramLabel = "N", description = "Queries per merchant (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int queries;

    @Option(names = "--data", paramLabel = "FILE",
            description = "Evaluate on your labelled descriptors instead: CSV with a header naming 'text' and 'merchant'"
                    + " columns, or NDJSON {\"text\": ..., \"merchant\": ...} per line. Same protocol; row 'data'.")
    Path data;

    @Option(names = "--split", paramLabel = "NAME",
            description = "With --data: only the rows whose 'split' column is NAME (data/uk-pcard files: dev or test).")
    String split;

    @Option(names = "--distractors", paramLabel = "FILE",
            description = "With --data: also enrol every line of FILE as a merchant of its own that no query belongs to"
                    + " (realistic catalogue density; data/uk-pcard/distractors.txt holds 11,022 real merchant strings).")
    Path distractors;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Where report.md and its PNG plots go (default: ${DEFAULT-VALUE}).", defaultValue = "eval-report")
    Path report;

    @Option(names = "--sweep-bits", paramLabel = "WIDTHS", split = ",", hideParamSyntax = true,
            description = "Comma-separated code widths for top-1 against bits (learned, ITQ, SimHash), or 'none' to skip"
                    + " (default: 32,64,128).")
    List<String> sweepBits;

    @Option(names = "--real", paramLabel = "dev|test", arity = "0..1", fallbackValue = "test",
            description = "The real-data table instead: the one-shot protocol on data/uk-pcard/oneshot.csv and wrapped.csv"
                    + " (split test by default, or dev), each alone and with the 11,022 distractors enrolled; one 'eval'"
                    + " line per row with TF-IDF beside every learned number.")
    String real;

    @Spec
    CommandSpec spec;

    /** {@code --real}: every real variant in one run. */
    private int realTable(Encoder encoder) throws java.io.IOException {
        Path dir = Launcher.home().resolve("data/uk-pcard");
        List<String> distractorTexts = java.nio.file.Files.readAllLines(dir.resolve("distractors.txt")).stream().map(String::strip)
                .filter(l -> !l.isEmpty()).toList();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<OneShotEval.Protocol> rows = new ArrayList<>();
        for (String variant : List.of("oneshot", "wrapped")) {
            List<Labelled> labelled = LabelledFile.read(dir.resolve(variant + ".csv"), real);
            for (boolean dense : new boolean[] {false, true}) {
                String name = "uk-" + variant + "-" + real + (dense ? "+distractors" : "");
                OneShotEval.Protocol p = OneShotEval.protocol(name, labelled, queries, encoder.manifest().seed() + 500);
                if (dense) {
                    p = p.withDistractors(distractorTexts);
                }
                err.printf(Locale.ROOT, "%s: %d merchants enrolled, %d queries%n", name, p.gallery().size(), p.queries().size());
                out.println(new EvalRun.Row(name, p.queries().size(), OneShotEval.run(p, encoder)).line());
                out.flush();
                rows.add(p);
            }
        }
        if (!real.equals("dev")) {
            // The served cut-offs (fitted on dev) measured on these rows, open set included.
            List<OneShotEval.Served> served = new ArrayList<>();
            for (OneShotEval.Protocol p : rows) {
                served.add(OneShotEval.serve(p, OneShotEval.matcher(p, encoder, MatchSettings.DEFAULT), true));
            }
            ConfidenceFit.Fit f = ConfidenceFit.measure(OneShotEval.Served.concat(served), Confidence.Calibration.SERVED);
            out.printf(Locale.ROOT, "served confidence cut-offs on the %s rows (open set counted):%n", real);
            printLevels(out, f);
        }
        if (real.equals("dev")) {
            // What the served settings are fitted on: the fusion weights by mean top-1 over the four dev rows and one
            // generated row of validation merchants in training formats (a 0.05 grid over the simplex, every query's
            // candidates gathered once at the served pools), then the confidence cut-offs on the four dev rows' queries
            // at those weights, open set included.
            List<List<List<FusionFit.Candidate>>> candidates = new ArrayList<>();
            List<OneShotEval.Protocol> fitRows = new ArrayList<>(rows);
            fitRows.add(EvalRun.validationRow(encoder, queries));
            for (OneShotEval.Protocol p : fitRows) {
                candidates.add(FusionFit.candidates(p, OneShotEval.matcher(p, encoder, MatchSettings.DEFAULT)));
            }
            List<FusionFit.Result> fits = FusionFit.fit(candidates, 0.05);
            for (FusionFit.Result r : fits.subList(0, 5)) {
                out.printf(Locale.ROOT, "fusion %s mean_top1=%.4f (%s)%n", r.fusion(), r.meanTop1(), java.util.Arrays.stream(r.top1())
                        .mapToObj(v -> String.format(Locale.ROOT, "%.4f", v)).collect(Collectors.joining(" ")));
            }
            MatchSettings.Fusion best = fits.get(0).fusion();
            List<OneShotEval.Served> served = new ArrayList<>();
            for (OneShotEval.Protocol p : rows) {
                served.add(OneShotEval.serve(p, OneShotEval.matcher(p, encoder, MatchSettings.DEFAULT.withFusion(best)), true));
            }
            OneShotEval.Served all = OneShotEval.Served.concat(served);
            ConfidenceFit.Fit f = ConfidenceFit.fit(all);
            Path png = report.resolve("precision_coverage.png");
            EvalCharts.precisionCoverage(png, ConfidenceFit.curve(all, f.calibration()), f,
                    "Confidence on the UK dev rows (open set counted)");
            out.println("plot: " + png);
            out.printf(Locale.ROOT, "fitted: fusion %s marginWeight=%.2f semanticWeight=%.2f high>=%.4f medium>=%.4f low>=%.4f%n",
                    best, f.calibration().marginWeight(), f.calibration().semanticWeight(), f.calibration().highAt(),
                    f.calibration().mediumAt(), f.calibration().lowAt());
            printLevels(out, f);
        }
        return 0;
    }

    private static void printLevels(PrintWriter out, ConfidenceFit.Fit f) {
        String[] levels = {"high", "medium", "low"};
        for (int t = 0; t < 3; t++) {
            out.printf(Locale.ROOT, "  %-6s precision %.4f coverage %.4f open-set accepts %.4f%n", levels[t], f.precision()[t],
                    f.coverage()[t], f.openAccept()[t]);
        }
    }

    @Override
    public Integer call() throws Exception {
        Set<Family> override = holdOut == null ? null : Family.parseList(holdOut);
        if (override != null && override.isEmpty()) {
            throw new IllegalArgumentException("--hold-out names no family: the held-out row needs at least one");
        }
        if (queries < 1) {
            throw new IllegalArgumentException("--queries must be at least 1");
        }
        if (real != null && !real.equals("dev") && !real.equals("test")) {
            throw new IllegalArgumentException("--real takes dev or test, got '" + real + "'");
        }
        if (real != null && (data != null || split != null || distractors != null || holdOut != null || sweepBits != null)) {
            throw new IllegalArgumentException("--real runs its own rows on data/uk-pcard: it takes no --data, --split,"
                    + " --distractors, --hold-out or --sweep-bits");
        }
        Encoder encoder = Encoder.load(model != null ? model : Launcher.defaultModel());
        if (real != null) {
            return realTable(encoder);
        }
        // The split must be the one the bundle was trained with; its manifest records it.
        TrainingRecord training = encoder.manifest().training();
        long seed = this.seed != null ? this.seed : encoder.manifest().seed();
        int merchants = this.merchants != null ? this.merchants
                : training.localMerchants() != null ? training.localMerchants() : 3000;
        Set<Family> held = override != null ? override
                : Family.parseList(training.heldOutFamilies() != null ? String.join(",", training.heldOutFamilies()) : "");
        if (held.isEmpty()) {
            throw new IllegalArgumentException("the bundle records no held-out families; name them with --hold-out");
        }
        List<Integer> sweep = new ArrayList<>();
        for (String b : sweepBits == null ? List.of("32", "64", "128") : sweepBits) {
            if (!b.equalsIgnoreCase("none")) {
                try {
                    sweep.add(Codes.checkBits(Integer.parseInt(b.trim())));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--sweep-bits takes widths 30..256 or 'none', got '" + b + "'");
                }
            }
        }
        int hasherSteps = training.hasherSteps() != null ? training.hasherSteps() : 1500;
        double sigma = training.noiseSigma() != null ? training.noiseSigma() : 2.0;
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        EvalRun.Settings settings = new EvalRun.Settings(seed, merchants, held, queries, sweep, hasherSteps, sigma);
        EvalRun.Outcome o;
        if (data == null && (split != null || distractors != null)) {
            throw new IllegalArgumentException("--split and --distractors need --data");
        }
        if (data == null) {
            o = EvalRun.run(encoder, settings, err);
        } else {
            List<Labelled> labelled = LabelledFile.read(data, split);
            String source = data + (split == null ? "" : " (split " + split + ")");
            // A bundle trained on this very file saw 90% of its merchants: score only the held-out 10%.
            if (training.userData() != null && UserData.hash(labelled).equals(training.userData().sha256())) {
                labelled = UserData.only(labelled, UserData.Part.TEST, encoder.manifest().seed());
                source += " (test merchants only: the bundle was trained on this file)";
                err.println("the bundle was trained on this file: evaluating its " + labelled.size()
                        + " descriptors of test merchants, which training never saw");
            }
            List<String> extra = distractors == null ? List.of()
                    : java.nio.file.Files.readAllLines(distractors).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (distractors != null) {
                source += " + " + extra.size() + " distractors from " + distractors;
            }
            o = EvalRun.runOnData(encoder, labelled, extra, source, settings, err);
        }
        out.println("served-path calibration, " + (data == null ? "held-out formats" : "your data")
                + " (score = the Matcher's fused score of the best merchant):");
        out.println("  threshold  precision  coverage  open-set false accepts");
        for (OneShotEval.CalibrationRow c : o.calibration()) {
            out.printf(Locale.ROOT, "  %9.2f  %9.4f  %8.4f  %22.4f%n", c.threshold(), c.precision(), c.coverage(), c.openSetAccept());
        }
        ConfidenceFit.Fit f = o.confidence();
        out.printf(Locale.ROOT, "confidence fitted on this run (open set counted): marginWeight=%.2f semanticWeight=%.2f high>=%.4f"
                + " medium>=%.4f low>=%.4f%n", f.calibration().marginWeight(), f.calibration().semanticWeight(),
                f.calibration().highAt(), f.calibration().mediumAt(), f.calibration().lowAt());
        printLevels(out, f);
        o.sweep().forEach((b, at) -> out.printf(Locale.ROOT, "bits %d (Hamming top-1): %s%n", b, at.entrySet().stream()
                .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.4f", e.getValue())).collect(Collectors.joining(" "))));
        if (report != null) {
            out.println("report: " + EvalReportWriter.write(o, report));
        }
        for (EvalRun.Row row : o.rows()) {
            out.println(row.line());
        }
        out.flush();
        return 0;
    }
}
