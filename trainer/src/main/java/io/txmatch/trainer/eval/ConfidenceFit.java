package io.txmatch.trainer.eval;

import io.txmatch.match.Confidence;
import java.util.Arrays;
import java.util.List;

/**
 * Fits {@link Confidence.Calibration} cut-offs on a {@link OneShotEval.Served} run that includes the open set:
 * every query counts twice, once with its merchant enrolled (right when it ranks first) and once with it
 * excluded (wrong whenever accepted). For each margin and semantic weight of a grid, each level's cut-off is the
 * smallest z at which the precision of all answers at or above it meets the level's target; the weights kept are
 * the ones that give {@code high} the most coverage of enrolled queries (ties: the smaller weights, margin first).
 */
public final class ConfidenceFit {
    /** Margin weights tried. */
    static final double[] MARGIN_WEIGHTS = {0, 0.25, 0.5, 1, 2, 3};
    /** Semantic (embedding cosine) weights tried. */
    static final double[] SEMANTIC_WEIGHTS = {0, 0.5, 1, 2, 3};

    /**
     * The fitted cut-offs and what they give on the data they were fitted on.
     *
     * @param calibration the cut-offs
     * @param precision   precision of answers at or above each cut-off (high, medium, low), open set included
     * @param coverage    share of enrolled queries at or above each cut-off
     * @param openAccept  share of open-set queries at or above each cut-off
     */
    public record Fit(Confidence.Calibration calibration, double[] precision, double[] coverage, double[] openAccept) {
    }

    private ConfidenceFit() {
    }

    /** Fits the cut-offs on {@code s} (which must have been served with the open set). */
    public static Fit fit(OneShotEval.Served s) {
        Fit best = null;
        for (double w : MARGIN_WEIGHTS) {
            for (double sw : SEMANTIC_WEIGHTS) {
                Fit f = fit(s, w, sw);
                if (best == null || f.coverage()[0] > best.coverage()[0] + 1e-12) {
                    best = f;
                }
            }
        }
        return best;
    }

    /**
     * (coverage of enrolled queries, precision) of every cut-off on {@code c}'s z, from the highest z down, the open
     * set counted as wrong: the precision/coverage curve.
     */
    public static List<double[]> curve(OneShotEval.Served s, Confidence.Calibration c) {
        return walk(s, c.marginWeight(), c.semanticWeight()).stream().map(p -> new double[] {p[1], p[2]}).toList();
    }

    /**
     * From the highest z down, after each group of equal z: {z, coverage of enrolled queries at or above it,
     * precision of all answers at or above it}.
     */
    private static List<double[]> walk(OneShotEval.Served s, double marginWeight, double semanticWeight) {
        int n = s.rank().length;
        double[] z = z(s, marginWeight, semanticWeight);
        boolean[] right = right(s);
        Integer[] order = new Integer[2 * n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(z[b], z[a]));
        List<double[]> out = new java.util.ArrayList<>();
        int accepted = 0;
        int correct = 0;
        int closed = 0;
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j < order.length && z[order[j]] == z[order[i]]) {
                accepted++;
                correct += right[order[j]] ? 1 : 0;
                closed += order[j] < n ? 1 : 0;
                j++;
            }
            out.add(new double[] {z[order[i]], closed / (double) n, correct / (double) accepted});
            i = j;
        }
        return out;
    }

    /** Fits the cut-offs for one margin weight, without the semantic term. */
    public static Fit fit(OneShotEval.Served s, double marginWeight) {
        return fit(s, marginWeight, 0);
    }

    /** Fits the cut-offs for one margin and semantic weight. */
    public static Fit fit(OneShotEval.Served s, double marginWeight, double semanticWeight) {
        double[] targets = {Confidence.HIGH_PRECISION, Confidence.MEDIUM_PRECISION, Confidence.LOW_PRECISION};
        double[] cut = new double[3];
        Arrays.fill(cut, Double.POSITIVE_INFINITY);
        for (double[] p : walk(s, marginWeight, semanticWeight)) {
            for (int t = 0; t < 3; t++) {
                if (p[2] >= targets[t]) {
                    cut[t] = p[0];
                }
            }
        }
        // A looser level never starts above a stricter one.
        cut[1] = Math.min(cut[1], cut[0]);
        cut[2] = Math.min(cut[2], cut[1]);
        return measure(s, new Confidence.Calibration(marginWeight, semanticWeight, cut[0], cut[1], cut[2]));
    }

    /** What the given cut-offs give on {@code s} (served with the open set): precision, coverage, open-set accepts. */
    public static Fit measure(OneShotEval.Served s, Confidence.Calibration c) {
        return measure(z(s, c.marginWeight(), c.semanticWeight()), right(s), s.rank().length, c);
    }

    /** z of every query: the enrolled runs first, then their open-set twins. */
    private static double[] z(OneShotEval.Served s, double marginWeight, double semanticWeight) {
        int n = s.rank().length;
        double[] z = new double[2 * n];
        // Only the weights matter for z; the cut-offs of this placeholder are never read.
        Confidence.Calibration c = new Confidence.Calibration(marginWeight, semanticWeight, 0, 0, 0);
        for (int i = 0; i < n; i++) {
            z[i] = c.z(s.best()[i], s.margin()[i], s.semantic()[i]);
            z[n + i] = c.z(s.openBest()[i], s.openMargin()[i], s.openSemantic()[i]);
        }
        return z;
    }

    /** Whether each answer of {@link #z} is right: enrolled queries whose merchant ranked first; open-set ones never. */
    private static boolean[] right(OneShotEval.Served s) {
        boolean[] right = new boolean[2 * s.rank().length];
        for (int i = 0; i < s.rank().length; i++) {
            right[i] = s.rank()[i] == 0;
        }
        return right;
    }

    private static Fit measure(double[] z, boolean[] right, int n, Confidence.Calibration c) {
        double[] cut = {c.highAt(), c.mediumAt(), c.lowAt()};
        double[] precision = new double[3];
        double[] coverage = new double[3];
        double[] openAccept = new double[3];
        for (int t = 0; t < 3; t++) {
            int acc = 0;
            int ok = 0;
            int closedAcc = 0;
            int openAcc = 0;
            for (int i = 0; i < 2 * n; i++) {
                if (z[i] >= cut[t]) {
                    acc++;
                    ok += right[i] ? 1 : 0;
                    if (i < n) {
                        closedAcc++;
                    } else {
                        openAcc++;
                    }
                }
            }
            precision[t] = acc == 0 ? 1 : ok / (double) acc;
            coverage[t] = closedAcc / (double) n;
            openAccept[t] = openAcc / (double) n;
        }
        return new Fit(c, precision, coverage, openAccept);
    }
}
