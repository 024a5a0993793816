package io.txmatch.trainer;

import io.txmatch.match.MatchSettings;
import io.txmatch.model.BundleManifest;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The evaluation behind {@code ./txmatch eval}: the one-shot protocol on test merchants never seen in
 * training, with queries from the training template families ("seen-formats") and from families training
 * never used ("heldout"), every method on the same split: TF-IDF char-trigram cosine (the baseline), float
 * embedding cosine, Hamming ranking of the learned codes, SimHash and ITQ codes of the same embeddings at
 * the same width, and the served path. Also the served path's score calibration, the confidence cut-offs fitted on
 * it, top-1 against code width for learned/ITQ/SimHash codes and the Hamming distance and cosine histograms.
 *
 * <p>A run writes no files: it returns an {@link Outcome} of records, which {@link EvalReportWriter} turns into
 * Markdown and {@link EvalCharts} into plots, and the CLI into lines.
 *
 * <pre>{@code
 * EvalRun.Outcome o = EvalRun.run(encoder, settings, log);
 * o.rows().forEach(row -> System.out.println(row.line()));
 * EvalReportWriter.write(o, Path.of("docs/eval"));
 * }</pre>
 */
public final class EvalRun {
    /** Texts the SimHash mean, ITQ and the width sweep's hashers are fitted on (training merchants only). */
    static final int FIT_TEXTS = 12000;
    /** Other merchants' gallery entries each focus query is paired with in the distance and cosine histograms. */
    static final int HISTOGRAM_OTHERS = 5;
    /** Bins of the cosine histogram over -1..1 (0.02 wide). */
    static final int COSINE_BINS = 100;

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
     */
    public record Settings(long seed, int localMerchants, Set<Family> heldOut, int queriesPerMerchant,
                           List<Integer> sweepBits, int hasherSteps, double noiseSigma) {
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

    /**
     * Everything measured, and what the report says about it.
     *
     * @param bundle      the evaluated bundle's manifest (shape, seed, data hash, training curves, metrics)
     * @param settings    what was run
     * @param setup       the protocol in words (Markdown)
     * @param focusName   the row that calibration, sweep and histogram use ({@code "held-out formats"}, {@code "user data"})
     * @param enrolled    merchants in the one-shot gallery
     * @param rows        top-1 of every method, one row per protocol, the focus row last
     * @param calibration precision and coverage of the served path at fixed thresholds
     * @param confidence  confidence cut-offs fitted on the served path
     * @param sweep       top-1 of learned, ITQ and SimHash codes by width (empty when no widths were asked for)
     * @param histogram   Hamming distances of the focus row, {@code [0]} same merchant, {@code [1]} another, by distance
     * @param cosines     embedding cosines of the same pairs, {@code [0]} same merchant, {@code [1]} another, in equal
     *                    bins over -1..1 ({@link OneShotEval#cosineHistogram})
     */
    public record Outcome(BundleManifest bundle, Settings settings, String setup, String focusName, int enrolled,
                          List<Row> rows, List<OneShotEval.CalibrationRow> calibration, ConfidenceFit.Fit confidence,
                          Map<Integer, Map<String, Double>> sweep, long[][] histogram, long[][] cosines) {
        /** The focus row (calibration, sweep and histogram are measured on it). */
        public Row focus() {
            return rows.get(rows.size() - 1);
        }
    }

    private EvalRun() {
    }

    /**
     * A generated one-shot row for fitting served settings beside real data: the bundle's validation merchants
     * (never trained on, never in the test rows), enrolled and queried in the training families only (so the
     * held-out formats stay unseen by every fit). Seeded by the bundle's seed.
     */
    public static OneShotEval.Protocol validationRow(Encoder encoder, int queriesPerMerchant) {
        TrainingRecord t = encoder.manifest().training();
        long seed = encoder.manifest().seed();
        int locals = t.localMerchants() != null ? t.localMerchants() : 3000;
        Set<Family> held = Family.parseList(t.heldOutFamilies() != null ? String.join(",", t.heldOutFamilies()) : "");
        List<Family> seen = new ArrayList<>();
        for (Family f : Family.values()) {
            if (!held.contains(f)) {
                seen.add(f);
            }
        }
        MerchantSplit split = MerchantSplit.of(new DescriptorGenerator().merchants(seed, locals), seed);
        return OneShotEval.protocol("generated-validation", split.validation(), seen, seen, queriesPerMerchant, seed + 300);
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

    /** Every row on {@code protocols}; calibration, confidence, sweep and histogram on {@code focus}, the last of them. */
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
        long[][] hist = OneShotEval.distanceHistogram(gallery.codes(), queries.codes(), focus.truth(), bits, HISTOGRAM_OTHERS,
                s.seed() + 400);
        long[][] cosines = OneShotEval.cosineHistogram(gallery.embeddings(), queries.embeddings(), focus.truth(), COSINE_BINS,
                HISTOGRAM_OTHERS, s.seed() + 400);
        return new Outcome(encoder.manifest(), s, setup, focusName, focus.gallery().size(), rows, calibration, confidence,
                sweep, hist, cosines);
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
}
