package io.txmatch.trainer.eval;

import io.txmatch.dedup.DedupEngine;
import io.txmatch.dedup.DedupNodes;
import io.txmatch.dedup.Edges;
import io.txmatch.dedup.Linker;
import io.txmatch.dedup.NodeVectors;
import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.DedupProgress;
import io.txmatch.dedup.DedupRecord;
import io.txmatch.dedup.DedupResult;
import io.txmatch.model.TextNormaliser;
import io.txmatch.trainer.data.DescriptorGenerator;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.data.Merchant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Dedup quality on a labelled benchmark: records of merchants generated in chosen template families, each
 * labelled with its merchant, scored by pairwise and B-cubed precision, recall and F1. The baseline is
 * TF-IDF char-trigram cosine over ALL record pairs, a threshold and connected components, at whichever
 * threshold scores best on the very data it is measured on (a generous baseline).
 */
public final class DedupEval {
    private DedupEval() {
    }

    /** Labelled records: the engine's input and each record's true merchant. */
    public record Dataset(List<DedupRecord> records, List<String> truth) {
    }

    /** Pairwise and B-cubed precision, recall and F1 of a clustering against the truth. */
    public record Scores(double pairPrecision, double pairRecall, double pairF1, double bcubedPrecision,
                         double bcubedRecall, double bcubedF1, int clusters, int largest) {
    }

    /** One method's row: the threshold it ran at and its scores. */
    public record Row(String method, double threshold, Scores scores) {
    }

    /**
     * Records of {@code merchants} in {@code families}: per merchant 1 + a geometric number of records (mean
     * {@code meanRecords}, at most 40), shuffled; ids {@code r0, r1, ...} in the shuffled order. Seeded.
     */
    /** A dataset of labelled descriptors (real ones, such as data/uk-pcard), one record each, in seeded order. */
    public static Dataset of(List<io.txmatch.trainer.data.Labelled> labelled, long seed) {
        List<io.txmatch.trainer.data.Labelled> rows = new ArrayList<>(labelled);
        Collections.shuffle(rows, new Random(seed));
        List<DedupRecord> records = new ArrayList<>(rows.size());
        List<String> truth = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            records.add(DedupRecord.of("r" + i, rows.get(i).text()));
            truth.add(rows.get(i).merchantId());
        }
        return new Dataset(List.copyOf(records), List.copyOf(truth));
    }

    public static Dataset generate(List<Merchant> merchants, List<Family> families, double meanRecords, long seed) {
        return generate(merchants, families, meanRecords, 0, seed);
    }

    /**
     * As {@link #generate(List, List, double, long)}, but when {@code meanDescriptors > 0} each merchant first gets
     * 1 + a geometric number (mean {@code meanDescriptors}) of descriptor strings (its stores in its formats) and
     * its records repeat those, as a bank's transactions at the same stores do.
     */
    public static Dataset generate(List<Merchant> merchants, List<Family> families, double meanRecords, double meanDescriptors,
                                   long seed) {
        DescriptorGenerator gen = new DescriptorGenerator();
        Random r = new Random(seed);
        List<String[]> rows = new ArrayList<>();
        for (Merchant m : merchants) {
            int count = geometric(r, meanRecords, 40);
            List<String> stores = new ArrayList<>();
            if (meanDescriptors > 0) {
                for (int i = geometric(r, meanDescriptors, 40); i > 0; i--) {
                    stores.add(gen.sample(m, families, r).text());
                }
            }
            for (int i = 0; i < count; i++) {
                String text = stores.isEmpty() ? gen.sample(m, families, r).text() : stores.get(r.nextInt(stores.size()));
                rows.add(new String[] {text, m.id()});
            }
        }
        Collections.shuffle(rows, r);
        List<DedupRecord> records = new ArrayList<>(rows.size());
        List<String> truth = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            records.add(DedupRecord.of("r" + i, rows.get(i)[0]));
            truth.add(rows.get(i)[1]);
        }
        return new Dataset(List.copyOf(records), List.copyOf(truth));
    }

    /** 1 + a geometric count with the given mean, at most {@code max}. */
    private static int geometric(Random r, double mean, int max) {
        double p = 1 / Math.max(1.0, mean);
        int count = 1;
        while (count < max && r.nextDouble() > p) {
            count++;
        }
        return count;
    }

    /** Scores cluster labels {@code predicted} against {@code truth} (same order). */
    public static Scores score(List<String> truth, List<String> predicted) {
        int n = truth.size();
        Map<String, Integer> t = new HashMap<>();
        Map<String, Integer> c = new HashMap<>();
        Map<String, Integer> both = new HashMap<>();
        for (int i = 0; i < n; i++) {
            t.merge(truth.get(i), 1, Integer::sum);
            c.merge(predicted.get(i), 1, Integer::sum);
            both.merge(predicted.get(i) + '\u0000' + truth.get(i), 1, Integer::sum);
        }
        double tp = both.values().stream().mapToDouble(v -> v * (v - 1) / 2.0).sum();
        double predictedPairs = c.values().stream().mapToDouble(v -> v * (v - 1) / 2.0).sum();
        double truePairs = t.values().stream().mapToDouble(v -> v * (v - 1) / 2.0).sum();
        double pp = predictedPairs == 0 ? 1 : tp / predictedPairs;
        double pr = truePairs == 0 ? 1 : tp / truePairs;
        double bp = 0;
        double br = 0;
        for (int i = 0; i < n; i++) {
            int inter = both.get(predicted.get(i) + '\u0000' + truth.get(i));
            bp += inter / (double) c.get(predicted.get(i));
            br += inter / (double) t.get(truth.get(i));
        }
        bp /= n;
        br /= n;
        int largest = c.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return new Scores(pp, pr, f1(pp, pr), bp, br, f1(bp, br), c.size(), largest);
    }

    private static double f1(double p, double r) {
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** The engine's scores at {@code options}. */
    public static Row engine(DedupEngine engine, Dataset d, DedupOptions options) {
        DedupResult r = engine.run(d.records(), options, DedupProgress.NONE);
        return new Row("txmatch engine", options.threshold(), score(d.truth(), r.clusterId()));
    }

    /**
     * The engine's blocking and verification, but plain connected components over its edges instead of
     * average linkage: what the clustering step adds.
     */
    public static Row engineEdgesConnected(DedupEngine engine, Dataset d, DedupOptions options) {
        DedupNodes nodes = DedupNodes.of(d.records(), options, engine.encoder().normaliser());
        NodeVectors v = NodeVectors.encode(engine.encoder(), nodes, DedupProgress.NONE);
        int n = nodes.size();
        Edges edges = new Linker(v, new int[n], new int[n], options).linkAll(DedupProgress.NONE).edges();
        int[] parent = IntStream.range(0, n).toArray();
        for (int e = 0; e < edges.size(); e++) {
            union(parent, edges.a(e), edges.b(e));
        }
        List<String> labels = new ArrayList<>(d.records().size());
        for (int i = 0; i < d.records().size(); i++) {
            labels.add(Integer.toString(find(parent, nodes.nodeOf(i))));
        }
        return new Row("engine edges + connected components", options.threshold(), score(d.truth(), labels));
    }

    /** The engine's best row over {@code thresholds} (by pairwise F1): calibration on a validation set. */
    public static Row engineBest(DedupEngine engine, Dataset d, DedupOptions options, double[] thresholds) {
        Row best = null;
        for (double t : thresholds) {
            Row row = engine(engine, d, options.withThreshold(t));
            if (best == null || row.scores().pairF1() > best.scores().pairF1()) {
                best = row;
            }
        }
        return best;
    }

    /**
     * The baseline: TF-IDF char-trigram vectors (IDF fitted on the records themselves), cosine of every
     * pair, connected components at each of {@code thresholds}; the row with the best pairwise F1. Texts are
     * normalised with {@code normaliser}: the engine's ({@link io.txmatch.model.Encoder#normaliser()}) when
     * the two are reported side by side.
     */
    public static Row tfidfBest(Dataset d, TextNormaliser normaliser, double[] thresholds) {
        List<String> texts = d.records().stream().map(DedupRecord::text).toList();
        Sparse[] v = Sparse.of(texts, normaliser);
        int n = v.length;
        double min = Arrays.stream(thresholds).min().orElse(0);
        // Every pair at or above the lowest threshold, found once.
        List<long[]> perRow = IntStream.range(0, n).parallel().mapToObj(i -> {
            long[] buf = new long[16];
            int k = 0;
            for (int j = i + 1; j < n; j++) {
                double cos = v[i].dot(v[j]);
                if (cos >= min) {
                    if (k + 2 > buf.length) {
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                    buf[k++] = j;
                    buf[k++] = Double.doubleToLongBits(cos);
                }
            }
            return Arrays.copyOf(buf, k);
        }).toList();
        Row best = null;
        for (double t : thresholds) {
            int[] parent = IntStream.range(0, n).toArray();
            for (int i = 0; i < n; i++) {
                long[] row = perRow.get(i);
                for (int k = 0; k < row.length; k += 2) {
                    if (Double.longBitsToDouble(row[k + 1]) >= t) {
                        union(parent, i, (int) row[k]);
                    }
                }
            }
            List<String> labels = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                labels.add(Integer.toString(find(parent, i)));
            }
            Row row = new Row("TF-IDF trigram + threshold + connected components", t, score(d.truth(), labels));
            if (best == null || row.scores().pairF1() > best.scores().pairF1()) {
                best = row;
            }
        }
        return best;
    }

    /** {@code from, from + step, ... <= to}. */
    public static double[] grid(double from, double to, double step) {
        int n = (int) Math.floor((to - from) / step + 1e-9) + 1;
        return IntStream.range(0, n).mapToDouble(i -> Math.round((from + i * step) * 1000) / 1000.0).toArray();
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** A {@link TfIdfTrigrams} vector with sorted term ids, for fast all-pairs dot products. */
    private record Sparse(int[] terms, float[] weights) {
        /** Vectors of {@code texts}, IDF fitted on the texts themselves. */
        static Sparse[] of(List<String> texts, TextNormaliser normaliser) {
            TfIdfTrigrams tfidf = new TfIdfTrigrams(texts, normaliser);
            Map<String, Integer> ids = new HashMap<>();
            Sparse[] out = new Sparse[texts.size()];
            for (int d = 0; d < out.length; d++) {
                Map<Integer, Double> byId = new java.util.TreeMap<>();
                tfidf.vector(texts.get(d)).forEach((gram, w) -> byId.put(ids.computeIfAbsent(gram, g -> ids.size()), w));
                int[] terms = byId.keySet().stream().mapToInt(Integer::intValue).toArray();
                float[] w = new float[terms.length];
                int k = 0;
                for (double v : byId.values()) {
                    w[k++] = (float) v;
                }
                out[d] = new Sparse(terms, w);
            }
            return out;
        }

        double dot(Sparse o) {
            double s = 0;
            int i = 0;
            int j = 0;
            while (i < terms.length && j < o.terms.length) {
                int a = terms[i];
                int b = o.terms[j];
                if (a == b) {
                    s += weights[i++] * o.weights[j++];
                } else if (a < b) {
                    i++;
                } else {
                    j++;
                }
            }
            return s;
        }
    }
}
