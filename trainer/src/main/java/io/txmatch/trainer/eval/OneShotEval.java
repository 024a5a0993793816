package io.txmatch.trainer.eval;

import io.txmatch.index.CodeIndex;
import io.txmatch.index.Hamming;
import io.txmatch.index.Neighbor;
import io.txmatch.model.Encoder;
import io.txmatch.trainer.data.DescriptorGenerator;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.data.Labelled;
import io.txmatch.trainer.data.Merchant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One-shot evaluation: enrol ONE descriptor per merchant, classify the others, and compare methods on
 * the same split: TF-IDF char-trigram cosine (the baseline), float embedding cosine, pure Hamming
 * ranking of the codes (ties broken at random, counted in expectation), and the served path (the
 * {@link #CANDIDATES} Hamming-nearest exemplars re-ranked by float cosine).
 */
public final class OneShotEval {
    /** Hamming candidates re-ranked by cosine, as the service does. */
    public static final int CANDIDATES = 50;

    /** A gallery (one text per merchant) and queries labelled with their merchant's gallery index. */
    public record Protocol(String name, List<String> gallery, List<String> queries, int[] truth) {
    }

    private OneShotEval() {
    }

    /**
     * For each merchant: one enrolment text from {@code enrolFamilies}, then {@code perMerchant} queries
     * from {@code queryFamilies}.
     */
    public static Protocol protocol(String name, List<Merchant> merchants, List<Family> enrolFamilies,
                                    List<Family> queryFamilies, int perMerchant, long seed) {
        DescriptorGenerator gen = new DescriptorGenerator();
        Random r = new Random(seed);
        List<String> gallery = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        for (int i = 0; i < merchants.size(); i++) {
            gallery.add(gen.sample(merchants.get(i), enrolFamilies, r).text());
            for (int q = 0; q < perMerchant; q++) {
                queries.add(gen.sample(merchants.get(i), queryFamilies, r).text());
                truth.add(i);
            }
        }
        return new Protocol(name, gallery, queries, truth.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The protocol on a user's labelled descriptors: per merchant (in order of first appearance), one
     * randomly chosen descriptor is enrolled and up to {@code perMerchant} of the others are queries;
     * merchants with a single descriptor stay in the gallery as distractors. Seeded.
     */
    public static Protocol protocol(String name, List<Labelled> data, int perMerchant, long seed) {
        Map<String, List<String>> byMerchant = new LinkedHashMap<>();
        for (Labelled l : data) {
            byMerchant.computeIfAbsent(l.merchantId(), k -> new ArrayList<>()).add(l.text());
        }
        Random r = new Random(seed);
        List<String> gallery = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        for (List<String> texts : byMerchant.values()) {
            List<String> shuffled = new ArrayList<>(texts);
            java.util.Collections.shuffle(shuffled, r);
            int g = gallery.size();
            gallery.add(shuffled.get(0));
            for (int q = 1; q < shuffled.size() && q <= perMerchant; q++) {
                queries.add(shuffled.get(q));
                truth.add(g);
            }
        }
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("no merchant has two or more descriptors: nothing to query");
        }
        return new Protocol(name, gallery, queries, truth.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * One row of the served path's score calibration.
     *
     * @param threshold      answers with a best score below it are "unknown"
     * @param precision      share of accepted answers that are right (merchant enrolled)
     * @param coverage       share of queries accepted (merchant enrolled)
     * @param openSetAccept  share of queries accepted when their merchant is NOT enrolled (all wrong)
     */
    public record CalibrationRow(double threshold, double precision, double coverage, double openSetAccept) {
    }

    /**
     * Served-path calibration: for each threshold, precision and coverage with every merchant enrolled,
     * and the false-accept rate of the open set, simulated by removing each query's own merchant.
     */
    public static List<CalibrationRow> calibration(Protocol p, Encoder encoder, double[] thresholds) {
        Indexed x = Indexed.of(p, encoder);
        int n = p.queries().size();
        double[] closed = new double[n];
        boolean[] right = new boolean[n];
        double[] open = new double[n];
        for (int i = 0; i < n; i++) {
            Hit hit = x.served(i, -1);
            closed[i] = hit.score();
            right[i] = hit.id() == p.truth()[i];
            open[i] = x.served(i, p.truth()[i]).score();
        }
        List<CalibrationRow> rows = new ArrayList<>();
        for (double t : thresholds) {
            int accepted = 0;
            int correct = 0;
            int openAccepted = 0;
            for (int i = 0; i < n; i++) {
                if (closed[i] >= t) {
                    accepted++;
                    correct += right[i] ? 1 : 0;
                }
                openAccepted += open[i] >= t ? 1 : 0;
            }
            rows.add(new CalibrationRow(t, accepted == 0 ? 1.0 : correct / (double) accepted, accepted / (double) n,
                    openAccepted / (double) n));
        }
        return rows;
    }

    /** Top-1 accuracy of each method, keyed {@code tfidf_top1}, {@code float_top1}, {@code hamming_top1}, {@code rerank_top1}. */
    public static Map<String, Double> run(Protocol p, Encoder encoder) {
        return run(p, encoder, Map.of());
    }

    /**
     * As {@link #run(Protocol, Encoder)}, plus {@code NAME_top1}: pure Hamming ranking with the codes each
     * projection gives the same embeddings (for example SimHash and ITQ at the bundle's width).
     */
    public static Map<String, Double> run(Protocol p, Encoder encoder, Map<String, BinaryProjection> projections) {
        int n = p.queries().size();
        TfIdfTrigrams tfidf = new TfIdfTrigrams(p.gallery(), encoder.normaliser());
        List<Map<String, Double>> gv = p.gallery().stream().map(tfidf::vector).toList();
        Indexed x = Indexed.of(p, encoder);
        double tf = 0;
        double rr = 0;
        for (int i = 0; i < n; i++) {
            int truth = p.truth()[i];
            Map<String, Double> qv = tfidf.vector(p.queries().get(i));
            int bestTf = -1;
            double bestTfSim = -1;
            for (int j = 0; j < gv.size(); j++) {
                double s = TfIdfTrigrams.cosine(qv, gv.get(j));
                if (s > bestTfSim) {
                    bestTfSim = s;
                    bestTf = j;
                }
            }
            tf += bestTf == truth ? 1 : 0;
            rr += x.served(i, -1).id() == truth ? 1 : 0;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("tfidf_top1", tf / n);
        out.put("float_top1", top1Cosine(x.gallery().embeddings(), x.queries().embeddings(), p.truth()));
        out.put("hamming_top1", top1Hamming(x.gallery().codes(), x.queries().codes(), p.truth()));
        out.put("rerank_top1", rr / n);
        projections.forEach((name, proj) -> out.put(name + "_top1", top1Hamming(proj.codes(x.gallery().embeddings()),
                proj.codes(x.queries().embeddings()), p.truth())));
        return out;
    }

    /** A gallery entry and its score. */
    private record Hit(int id, double score) {
    }

    /** A protocol encoded once, its gallery codes in a {@link CodeIndex} as the service holds exemplars. */
    private record Indexed(Encoder.Encoded gallery, Encoder.Encoded queries, CodeIndex index) {
        static Indexed of(Protocol p, Encoder encoder) {
            Encoder.Encoded g = encoder.encode(p.gallery());
            CodeIndex index = new CodeIndex(encoder.bits());
            for (int j = 0; j < g.codes().length; j++) {
                index.put(j, g.codes()[j]);
            }
            return new Indexed(g, encoder.encode(p.queries()), index);
        }

        /**
         * The served path for query {@code i}: the {@link #CANDIDATES} Hamming-nearest gallery entries,
         * re-ranked by cosine. With {@code exclude >= 0} that entry is left out, as if never enrolled.
         */
        Hit served(int i, int exclude) {
            int want = CANDIDATES + (exclude >= 0 ? 1 : 0);
            Hit best = new Hit(-1, -2);
            for (Neighbor nb : index.knn(queries.codes()[i], want, null).neighbors()) {
                if (nb.id() == exclude) {
                    continue;
                }
                double c = Encoder.cosine(queries.embeddings()[i], gallery.embeddings()[nb.id()]);
                if (c > best.score()) {
                    best = new Hit(nb.id(), c);
                }
            }
            return best;
        }
    }

    /**
     * Hamming distances from each query's code to its own merchant's gallery code ({@code same}) and to
     * {@code othersPerQuery} other merchants' ({@code different}, seeded), as counts per distance 0..bits.
     */
    public static long[][] distanceHistogram(long[][] gallery, long[][] queries, int[] truth, int bits,
                                             int othersPerQuery, long seed) {
        long[] same = new long[bits + 1];
        long[] different = new long[bits + 1];
        Random r = new Random(seed);
        for (int i = 0; i < queries.length; i++) {
            same[Hamming.distance(queries[i], gallery[truth[i]])]++;
            for (int k = 0; k < othersPerQuery && gallery.length > 1; k++) {
                int j = r.nextInt(gallery.length - 1);
                j = j >= truth[i] ? j + 1 : j;
                different[Hamming.distance(queries[i], gallery[j])]++;
            }
        }
        return new long[][] {same, different};
    }

    /** Top-1 accuracy when each query takes the gallery entry of highest cosine. */
    public static double top1Cosine(float[][] gallery, float[][] queries, int[] truth) {
        int correct = 0;
        for (int i = 0; i < queries.length; i++) {
            int best = -1;
            float bestSim = -2;
            for (int j = 0; j < gallery.length; j++) {
                float s = Encoder.cosine(queries[i], gallery[j]);
                if (s > bestSim) {
                    bestSim = s;
                    best = j;
                }
            }
            correct += best == truth[i] ? 1 : 0;
        }
        return correct / (double) queries.length;
    }

    /** Expected top-1 accuracy of pure Hamming ranking, ties at the nearest distance broken at random. */
    public static double top1Hamming(long[][] gallery, long[][] queries, int[] truth) {
        double sum = 0;
        for (int i = 0; i < queries.length; i++) {
            int bestD = Integer.MAX_VALUE;
            int ties = 0;
            boolean truthAtBest = false;
            for (int j = 0; j < gallery.length; j++) {
                int d = Hamming.distance(queries[i], gallery[j]);
                if (d < bestD) {
                    bestD = d;
                    ties = 1;
                    truthAtBest = j == truth[i];
                } else if (d == bestD) {
                    ties++;
                    truthAtBest |= j == truth[i];
                }
            }
            sum += truthAtBest ? 1.0 / ties : 0;
        }
        return sum / queries.length;
    }
}
