package io.txmatch.trainer;

import io.txmatch.match.MatchSettings;
import io.txmatch.model.Encoder;
import io.txmatch.model.TrainingRecord;
import io.txmatch.trainer.data.DescriptorGenerator;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.data.Labelled;
import io.txmatch.trainer.data.Merchant;
import io.txmatch.trainer.data.MerchantSplit;
import io.txmatch.trainer.eval.BinaryProjection;
import io.txmatch.trainer.eval.ConfidenceFit;
import io.txmatch.trainer.eval.Itq;
import io.txmatch.trainer.eval.OneShotEval;
import io.txmatch.trainer.eval.SimHash;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The evaluation behind {@code ./txmatch eval}: the one-shot protocol on test merchants never seen in
 * training, with queries from the training template families ("seen-formats") and from families training
 * never used ("heldout"), every method on the same split: TF-IDF char-trigram cosine (the baseline), float
 * embedding cosine, Hamming ranking of the learned codes, SimHash and ITQ codes of the same embeddings at
 * the same width, and the served path. Also the served path's score calibration, top-1 against code width
 * for learned/ITQ/SimHash codes, and a Markdown report with PNG plots.
 */
public final class EvalReport {
    /** Texts the SimHash mean, ITQ and the width sweep's hashers are fitted on (training merchants only). */
    static final int FIT_TEXTS = 12000;

    /**
     * What to evaluate.
     *
     * @param seed               split seed (the bundle's training seed, so the test merchants are unseen)
     * @param localMerchants     generated local merchants, as in training
     * @param heldOut            template families training never used
     * @param queriesPerMerchant queries per test merchant and row
     * @param sweepBits          code widths of the top-1-against-bits comparison (empty: skip it)
     * @param hasherSteps        training steps of each sweep hasher
     * @param noiseSigma         bottleneck noise of each sweep hasher
     * @param reportDir          where report.md and the plots go (null: no report)
     */
    public record Settings(long seed, int localMerchants, Set<Family> heldOut, int queriesPerMerchant,
                           List<Integer> sweepBits, int hasherSteps, double noiseSigma, Path reportDir) {
    }

    /** Top-1 of every method on one protocol. */
    public record Row(String name, int queries, Map<String, Double> top1) {
        /** The line {@code eval NAME: key=value ... queries=N}. */
        public String line() {
            return "eval " + name + ": " + top1.entrySet().stream()
                    .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.4f", e.getValue()))
                    .collect(Collectors.joining(" ")) + " queries=" + queries;
        }
    }

    /** Everything measured; {@code enrolled} is the number of merchants in the one-shot gallery. */
    public record Outcome(int enrolled, List<Row> rows, List<OneShotEval.CalibrationRow> calibration,
                          ConfidenceFit.Fit confidence, Map<Integer, Map<String, Double>> sweep, Path report) {
    }

    private EvalReport() {
    }

    /** Runs the evaluation of {@code encoder} on generated data; progress lines go to {@code log}. */
    public static Outcome run(Encoder encoder, Settings s, PrintWriter log) throws IOException {
        List<Family> seen = seenFamilies(s);
        MerchantSplit split = MerchantSplit.of(new DescriptorGenerator().merchants(s.seed(), s.localMerchants()), s.seed());
        String heldNames = s.heldOut().stream().map(Family::id).sorted().collect(Collectors.joining(", "));
        log.printf("test merchants: %d (never seen in training); held-out families: %s%n", split.test().size(), heldNames);
        OneShotEval.Protocol seenRow = OneShotEval.protocol("seen-formats", split.test(), seen, seen, s.queriesPerMerchant(),
                s.seed() + 100);
        OneShotEval.Protocol heldRow = OneShotEval.protocol("heldout", split.test(), seen, List.copyOf(s.heldOut()),
                s.queriesPerMerchant(), s.seed() + 200);
        String setup = String.format(Locale.ROOT, "Generated data. One enrolment text per merchant, %d test merchants never"
                + " seen in training, %d queries per merchant. Rows: queries in the training template families"
                + " (seen-formats) and in families training never used (heldout: %s).%n%n"
                + "**These are synthetic results.** Training and test descriptors come from the same generator; the test%n"
                + "merchants and the held-out template families were never used in training, but they share the%n"
                + "generator's vocabulary of noise. Real bank descriptors are not in this repository; the TF-IDF%n"
                + "char-trigram column is the bar a learned model must clear on them.%n", split.test().size(),
                s.queriesPerMerchant(), heldNames);
        return evaluate(encoder, s, split, List.of(seenRow, heldRow), heldRow, "held-out formats", setup, log);
    }

    /**
     * Runs the same evaluation on a user's labelled descriptors (see {@link OneShotEval#protocol(String, List, int,
     * long)}): one row, {@code data}. SimHash, ITQ and the sweep's hashers are fitted on generated training
     * descriptors, as the default bundle's hasher was; a bundle trained with {@code --data} fitted its own
     * hasher partly ({@code mix}) or wholly ({@code replace}) on the user's data, so for it those rows and
     * the sweep's other widths are not like-for-like with the bundle's own codes (the report says so).
     */
    public static Outcome runOnData(Encoder encoder, List<Labelled> data, String source, Settings s, PrintWriter log)
            throws IOException {
        return runOnData(encoder, data, List.of(), source, s, log);
    }

    /** As {@link #runOnData(Encoder, List, String, Settings, PrintWriter)}, with {@code distractors} enrolled beside the gallery. */
    public static Outcome runOnData(Encoder encoder, List<Labelled> data, List<String> distractors, String source, Settings s,
                                    PrintWriter log) throws IOException {
        OneShotEval.Protocol row = OneShotEval.protocol("data", data, s.queriesPerMerchant(), s.seed() + 500)
                .withDistractors(distractors);
        MerchantSplit split = MerchantSplit.of(new DescriptorGenerator().merchants(s.seed(), s.localMerchants()), s.seed());
        log.printf("%s: %d descriptors, %d merchants enrolled (%d of them distractors), %d queries%n", source, data.size(),
                row.gallery().size(), distractors.size(), row.queries().size());
        String setup = String.format(Locale.ROOT, "User data: `%s`, %d labelled descriptors. One enrolment text per merchant"
                + " (%d merchants; those with a single descriptor stay enrolled as distractors), up to %d queries per merchant,"
                + " %d queries in all. If the bundle was trained on this file, these are not held-out results. ITQ, SimHash"
                + " and the width sweep are fitted on generated descriptors; for a bundle trained with --data its own"
                + " hasher saw other data.%n", source,
                data.size(), row.gallery().size(), s.queriesPerMerchant(), row.queries().size());
        return evaluate(encoder, s, split, List.of(row), row, "user data", setup, log);
    }

    private static List<Family> seenFamilies(Settings s) {
        List<Family> seen = new ArrayList<>();
        for (Family f : Family.values()) {
            if (!s.heldOut().contains(f)) {
                seen.add(f);
            }
        }
        return seen;
    }

    private static Outcome evaluate(Encoder encoder, Settings s, MerchantSplit split, List<OneShotEval.Protocol> protocols,
                                    OneShotEval.Protocol focus, String focusName, String setup, PrintWriter log)
            throws IOException {
        // Yardsticks are fitted on training merchants' descriptors in training formats, as the hasher was.
        DescriptorGenerator gen = new DescriptorGenerator();
        List<Family> seen = seenFamilies(s);
        Random r = new Random(s.seed() + 300);
        List<String> fitTexts = new ArrayList<>();
        for (int i = 0; i < FIT_TEXTS; i++) {
            Merchant m = split.train().get(r.nextInt(split.train().size()));
            fitTexts.add(gen.sample(m, seen, r).text());
        }
        float[][] fit = encoder.encode(fitTexts).embeddings();
        int bits = encoder.bits();
        Map<String, BinaryProjection> yardsticks = yardsticks(fit, bits, s.seed());

        log.println("calibrating the served path on " + focusName);
        OneShotEval.Served served = OneShotEval.serve(focus, OneShotEval.matcher(focus, encoder, MatchSettings.DEFAULT), true);
        List<OneShotEval.CalibrationRow> calibration = OneShotEval.calibration(focus, served,
                new double[] {0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95});
        ConfidenceFit.Fit confidence = ConfidenceFit.fit(served);
        List<Row> rows = new ArrayList<>();
        for (OneShotEval.Protocol p : protocols) {
            log.println("evaluating " + p.name());
            rows.add(new Row(p.name(), p.queries().size(), OneShotEval.run(p, encoder, yardsticks)));
        }

        Map<Integer, Map<String, Double>> sweep = new TreeMap<>();
        Encoder.Encoded gallery = encoder.encode(focus.gallery());
        Encoder.Encoded queries = encoder.encode(focus.queries());
        for (int b : s.sweepBits()) {
            log.printf(Locale.ROOT, "top-1 at %d bits%s%n", b, b == bits ? "" : " (training a hasher of that width)");
            Map<String, Double> at = new LinkedHashMap<>();
            BinaryProjection learned = b == bits ? null
                    : HasherTraining.train(fit, b, s.hasherSteps(), s.noiseSigma(), s.seed() + 3, TrainingListener.NONE).projection();
            long[][] g = learned == null ? gallery.codes() : learned.codes(gallery.embeddings());
            long[][] q = learned == null ? queries.codes() : learned.codes(queries.embeddings());
            at.put("learned", OneShotEval.top1Hamming(g, q, focus.truth()));
            // At the bundle's width the yardsticks fitted above serve again (same data and seeds).
            Map<String, BinaryProjection> yard = b == bits ? yardsticks : yardsticks(fit, b, s.seed());
            yard.forEach((name, proj) -> at.put(name, OneShotEval.top1Hamming(proj.codes(gallery.embeddings()),
                    proj.codes(queries.embeddings()), focus.truth())));
            sweep.put(b, at);
        }
        Path report = null;
        if (s.reportDir() != null) {
            long[][] hist = OneShotEval.distanceHistogram(gallery.codes(), queries.codes(), focus.truth(), bits, 5,
                    s.seed() + 400);
            report = write(s, encoder, setup, focusName, rows, calibration, sweep, hist);
        }
        return new Outcome(focus.gallery().size(), rows, calibration, confidence, sweep, report);
    }

    /** ITQ (when {@code bits} fits the embedding) and SimHash codes of width {@code bits}, fitted on {@code fit}. */
    private static Map<String, BinaryProjection> yardsticks(float[][] fit, int bits, long seed) {
        Map<String, BinaryProjection> out = new LinkedHashMap<>();
        if (bits <= fit[0].length) {
            out.put("itq", Itq.fit(fit, bits, 50, seed + 301));
        }
        out.put("simhash", SimHash.fit(fit, bits, seed + 302));
        return out;
    }

    private static Path write(Settings s, Encoder encoder, String setup, String focusName, List<Row> rows,
                              List<OneShotEval.CalibrationRow> calibration, Map<Integer, Map<String, Double>> sweep,
                              long[][] hist) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path dir = s.reportDir();
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder();
        TrainingRecord training = encoder.manifest().training();
        md.append("# txmatch evaluation report\n\n");
        md.append("Bundle: ").append(encoder.bits()).append("-bit codes, ").append(encoder.manifest().spec().embeddingDim())
                .append("-d embeddings, training seed ").append(encoder.manifest().seed()).append(", data hash `")
                .append(encoder.manifest().dataHash()).append("`.\n\n");
        md.append("## One-shot top-1\n\n").append(setup).append('\n');
        List<String> keys = new ArrayList<>(rows.get(0).top1().keySet());
        md.append("| query formats | queries | ").append(String.join(" | ", keys.stream().map(k -> k.replace("_top1", "")).toList()))
                .append(" |\n|---|---|").append("---|".repeat(keys.size())).append('\n');
        for (Row row : rows) {
            md.append("| ").append(row.name()).append(" | ").append(row.queries());
            for (String k : keys) {
                md.append(String.format(Locale.ROOT, " | %.4f", row.top1().get(k)));
            }
            md.append(" |\n");
        }
        md.append("\nColumns: tfidf = TF-IDF char-trigram cosine (baseline); float = embedding cosine; hamming = the\n"
                + "learned codes; rerank = the served path (50 Hamming-nearest re-ranked by cosine); itq and simhash = codes\n"
                + "of the same embeddings at the same width, fitted on " + FIT_TEXTS + " training-merchant descriptors.\n\n");
        md.append("## Served-path calibration (" + focusName + ")\n\n| threshold | precision | coverage | open-set false accepts |\n"
                + "|---|---|---|---|\n");
        for (OneShotEval.CalibrationRow c : calibration) {
            md.append(String.format(Locale.ROOT, "| %.2f | %.4f | %.4f | %.4f |%n", c.threshold(), c.precision(), c.coverage(),
                    c.openSetAccept()));
        }
        if (!sweep.isEmpty()) {
            md.append("\n## Top-1 against code width (" + focusName + ", pure Hamming ranking)\n\n"
                    + "Learned codes at widths other than the bundle's come from a hasher trained here on the same fit set\n"
                    + "(" + s.hasherSteps() + " steps); ITQ needs a width no larger than the embedding.\n\n"
                    + "| bits | learned | itq | simhash |\n|---|---|---|---|\n");
            sweep.forEach((b, at) -> md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s |%n", b, cell(at.get("learned")),
                    cell(at.get("itq")), cell(at.get("simhash")))));
            md.append("\n![top-1 against bits](top1_vs_bits.png)\n");
            plotSweep(dir, sweep, rows.get(rows.size() - 1), focusName);
        }
        md.append("\n## Hamming distances, same merchant against different merchants (" + focusName + ")\n\n"
                + "![distance histogram](hamming_hist.png)\n");
        plotHistogram(dir, hist, encoder.bits());
        md.append("\n## Training curves\n\n");
        if (training.curves() != null) {
            plotCurves(dir, training.curves());
            md.append("![training curves](training_curves.png)\n\n![hasher loss](hasher_curve.png)\n");
        } else {
            md.append("This bundle's manifest records no training curves (it was trained before they were recorded).\n");
        }
        md.append("\n## Bundle metrics recorded at training time\n\n| metric | value |\n|---|---|\n");
        encoder.manifest().metrics().forEach((k, v) -> md.append(String.format(Locale.ROOT, "| %s | %.4f |%n", k, v)));
        Path report = dir.resolve("report.md");
        Files.writeString(report, md.toString());
        return report;
    }

    private static String cell(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * Writes the precision/coverage curve of a served run with the open set ({@link ConfidenceFit#curve}) as a PNG,
     * with the fitted cut-offs marked.
     */
    public static void plotPrecisionCoverage(Path file, OneShotEval.Served s, ConfidenceFit.Fit fit, String title)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart c = chart(title, "coverage of enrolled queries", "precision (open set counted as wrong)");
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
        List<double[]> pts = ConfidenceFit.curve(s, fit.calibration().marginWeight());
        c.addSeries("served Matcher", pts.stream().map(p -> p[0]).toList(), pts.stream().map(p -> p[1]).toList())
                .setMarker(SeriesMarkers.NONE);
        String[] names = {"high", "medium", "low"};
        for (int t = 0; t < 3; t++) {
            if (fit.coverage()[t] > 0) {
                c.addSeries(names[t] + " cut-off", List.of(fit.coverage()[t]), List.of(fit.precision()[t]));
            }
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        save(c, file);
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(800).height(480).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        c.getStyler().setAntiAlias(true);
        return c;
    }

    private static void save(XYChart c, Path file) throws IOException {
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void plotSweep(Path dir, Map<Integer, Map<String, Double>> sweep, Row held, String focusName)
            throws IOException {
        XYChart c = chart("One-shot top-1, " + focusName, "code bits", "top-1");
        c.getStyler().setXAxisLogarithmic(true);
        for (String method : List.of("learned", "itq", "simhash")) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            sweep.forEach((b, at) -> {
                if (at.containsKey(method)) {
                    xs.add((double) b);
                    ys.add(at.get(method));
                }
            });
            if (!xs.isEmpty()) {
                c.addSeries(method + " (Hamming)", xs, ys);
            }
        }
        List<Double> ends = List.of((double) ((TreeMap<Integer, ?>) sweep).firstKey(), (double) ((TreeMap<Integer, ?>) sweep).lastKey());
        for (String ref : List.of("float_top1", "rerank_top1", "tfidf_top1")) {
            double v = held.top1().get(ref);
            XYSeries line = c.addSeries(ref.replace("_top1", "") + " (reference)", ends, List.of(v, v));
            line.setMarker(SeriesMarkers.NONE);
        }
        save(c, dir.resolve("top1_vs_bits.png"));
    }

    private static void plotHistogram(Path dir, long[][] hist, int bits) throws IOException {
        XYChart c = chart("Hamming distance of query to gallery code", "distance (bits)", "share of pairs");
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        String[] names = {"same merchant", "different merchant"};
        for (int k = 0; k < 2; k++) {
            long total = java.util.Arrays.stream(hist[k]).sum();
            double[] xs = new double[bits + 1];
            double[] ys = new double[bits + 1];
            for (int d = 0; d <= bits; d++) {
                xs[d] = d;
                ys[d] = total == 0 ? 0 : hist[k][d] / (double) total;
            }
            c.addSeries(names[k], xs, ys).setMarker(SeriesMarkers.NONE);
        }
        save(c, dir.resolve("hamming_hist.png"));
    }

    private static void plotCurves(Path dir, TrainingRecord.Curves curves) throws IOException {
        XYChart c = chart("Encoder training", "step", "batch-hard triplet loss");
        addCurve(c, "triplet loss", curves.encoderLoss(), 0);
        XYSeries val = addCurve(c, "validation top-1 (float)", curves.validationTop1(), 1);
        if (val != null) {
            c.setYAxisGroupTitle(1, "validation top-1");
        }
        save(c, dir.resolve("training_curves.png"));
        XYChart h = chart("Semantic-hashing autoencoder", "step", "reconstruction loss");
        addCurve(h, "reconstruction loss", curves.hasherLoss(), 0);
        save(h, dir.resolve("hasher_curve.png"));
    }

    private static XYSeries addCurve(XYChart c, String name, List<TrainingRecord.Point> points, int group) {
        if (points.isEmpty()) {
            return null;
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (TrainingRecord.Point p : points) {
            xs.add(p.step());
            ys.add(p.value());
        }
        XYSeries s = c.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.NONE);
        s.setYAxisGroup(group);
        return s;
    }
}
