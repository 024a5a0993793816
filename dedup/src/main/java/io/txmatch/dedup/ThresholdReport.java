package io.txmatch.dedup;

import io.txmatch.model.Encoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How good the pairwise decisions are at each threshold, measured on a small labelled sample of the input
 * (some records given a label; records with equal labels are the same entity), as Splink and Zingg show
 * before a threshold is chosen. Per threshold of a grid: every two labelled records are a predicted match
 * when the cosine of their texts reaches it (the verification step alone: no blocking, no linkage, no
 * transaction constraints); and one more row for the run itself, where a predicted match is two records
 * in one cluster.
 *
 * <pre>{@code
 * ThresholdReport r = ThresholdReport.of(encoder, records, Map.of("t1", "walmart", "t2", "walmart"), result,
 *         ThresholdReport.GRID);
 * System.err.print(r.table(0.70));
 * }</pre>
 *
 * @param labelled   labelled records found in the input
 * @param pairs      pairs of them
 * @param positives  pairs with equal labels
 * @param grid       one row per threshold of the grid, ascending
 * @param clusters   the run's own clusters as pairwise decisions
 */
public record ThresholdReport(int labelled, long pairs, long positives, List<Row> grid, Row clusters) {
    /** The thresholds reported: 0.50 to 0.95 by 0.05. */
    public static final double[] GRID = {0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95};
    /** Most labelled records a report compares (every pair of them). */
    public static final int MAX_LABELLED = 10_000;

    /**
     * Pairwise counts at one threshold.
     *
     * @param threshold the least cosine of a predicted match (NaN for the clusters row)
     * @param tp        predicted matches with equal labels
     * @param fp        predicted matches with different labels
     * @param fn        equal labels not predicted
     */
    public record Row(double threshold, long tp, long fp, long fn) {
        /** tp / (tp + fp); 1 when nothing is predicted. */
        public double precision() {
            return tp + fp == 0 ? 1 : (double) tp / (tp + fp);
        }

        /** tp / (tp + fn); 1 when there are no positives. */
        public double recall() {
            return tp + fn == 0 ? 1 : (double) tp / (tp + fn);
        }

        /** The harmonic mean of precision and recall. */
        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /**
     * The report for {@code result}, the run over {@code records}, given {@code labels} by record id (ids not in the
     * input are ignored). Throws {@link IllegalArgumentException} when fewer than 2 or more than
     * {@value #MAX_LABELLED} labelled records are in the input.
     */
    public static ThresholdReport of(Encoder encoder, List<DedupRecord> records, Map<String, String> labels,
                                     DedupResult result, double[] grid) {
        List<Integer> sample = sample(records, labels);
        int n = sample.size();
        float[][] vectors = encoder.encode(sample.stream().map(i -> records.get(i).text()).toList()).embeddings();
        String[] label = sample.stream().map(i -> labels.get(records.get(i).id())).toArray(String[]::new);
        String[] cluster = sample.stream().map(i -> result.clusterId().get(i)).toArray(String[]::new);
        long[] tp = new long[grid.length];
        long[] fp = new long[grid.length];
        long positives = 0;
        long ctp = 0;
        long cfp = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                boolean same = label[i].equals(label[j]);
                positives += same ? 1 : 0;
                float c = Encoder.cosine(vectors[i], vectors[j]);
                for (int g = 0; g < grid.length; g++) {
                    if (c >= grid[g]) {
                        tp[g] += same ? 1 : 0;
                        fp[g] += same ? 0 : 1;
                    }
                }
                if (cluster[i].equals(cluster[j])) {
                    ctp += same ? 1 : 0;
                    cfp += same ? 0 : 1;
                }
            }
        }
        List<Row> rows = new ArrayList<>(grid.length);
        for (int g = 0; g < grid.length; g++) {
            rows.add(new Row(grid[g], tp[g], fp[g], positives - tp[g]));
        }
        return new ThresholdReport(n, (long) n * (n - 1) / 2, positives, List.copyOf(rows),
                new Row(Double.NaN, ctp, cfp, positives - ctp));
    }

    /**
     * The positions of the labelled records in {@code records}; throws {@link IllegalArgumentException} unless
     * there are 2..{@value #MAX_LABELLED} (a caller checks this before a run, {@link #of} again).
     */
    public static List<Integer> sample(List<DedupRecord> records, Map<String, String> labels) {
        List<Integer> sample = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (labels.containsKey(records.get(i).id())) {
                sample.add(i);
            }
        }
        if (sample.size() < 2 || sample.size() > MAX_LABELLED) {
            throw new IllegalArgumentException("a threshold report needs 2.." + MAX_LABELLED
                    + " labelled records that are in the input, found " + sample.size());
        }
        return sample;
    }

    /**
     * The report as a text table: a header line, one line per threshold, then the clusters row
     * ({@code clusters@T}, {@code T} the run's threshold).
     */
    public String table(double runThreshold) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "threshold report: labelled=%d pairs=%d positive_pairs=%d (pairwise, cosine >= threshold)%n", labelled, pairs,
                positives));
        b.append("threshold,precision,recall,f1,tp,fp,fn\n");
        for (Row r : grid) {
            b.append(line(String.format(Locale.ROOT, "%.2f", r.threshold()), r));
        }
        b.append(line(String.format(Locale.ROOT, "clusters@%.2f", runThreshold), clusters));
        return b.toString();
    }

    private static String line(String name, Row r) {
        return String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%d,%d,%d%n", name, r.precision(), r.recall(), r.f1(), r.tp(), r.fp(),
                r.fn());
    }
}
