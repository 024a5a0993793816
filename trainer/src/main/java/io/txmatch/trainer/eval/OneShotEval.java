package io.txmatch.trainer.eval;

import io.txmatch.index.Hamming;
import io.txmatch.match.MatchOutcome;
import io.txmatch.match.MatchQuery;
import io.txmatch.match.MatchSettings;
import io.txmatch.match.Matcher;
import io.txmatch.model.Encoder;
import io.txmatch.model.TextNormaliser;
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
 * ranking of the codes (ties broken at random, counted in expectation), and the served path: the very
 * {@link Matcher} the service runs, with its served settings and with the learned path alone.
 */
public final class OneShotEval {
    /** Candidates of the single-channel settings {@link #LEARNED_ONLY} and {@link #LEXICAL_ONLY}. */
    public static final int CANDIDATES = 50;

    /** A gallery (one text per merchant) and queries labelled with their merchant's gallery index. */
    public record Protocol(String name, List<String> gallery, List<String> queries, int[] truth) {
        /**
         * This protocol with {@code extra} texts enrolled too, each as a merchant of its own that no query
         * belongs to: realistic catalogue density.
         */
        public Protocol withDistractors(List<String> extra) {
            List<String> g = new ArrayList<>(gallery);
            g.addAll(extra);
            return new Protocol(name, g, queries, truth);
        }
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
     * What the {@link Matcher} answered for each query of a protocol: the truth's rank among the scored
     * candidate owners (-1 when it was not among them), the best score with the merchant enrolled and with it
     * removed (open set), the margin to the second owner, and the best match's embedding cosine; a best score is
     * negative infinity when nothing was found, as {@link Confidence.Calibration#z} reads an empty outcome.
     */
    public record Served(int[] rank, double[] best, double[] margin, double[] semantic, double[] openBest,
                         double[] openMargin, double[] openSemantic) {
        /** Without embedding cosines (zeros). */
        public Served(int[] rank, double[] best, double[] margin, double[] openBest, double[] openMargin) {
            this(rank, best, margin, new double[rank.length], openBest, openMargin, new double[rank.length]);
        }

        /** Share of queries whose merchant ranked within the first {@code k}. */
        public double topK(int k) {
            int hit = 0;
            for (int r : rank) {
                hit += r >= 0 && r < k ? 1 : 0;
            }
            return hit / (double) rank.length;
        }

        /** Several runs as one (their queries one after another). */
        public static Served concat(List<Served> runs) {
            int n = runs.stream().mapToInt(r -> r.rank().length).sum();
            int[] rank = new int[n];
            double[][] columns = new double[6][n];
            int at = 0;
            for (Served r : runs) {
                int m = r.rank().length;
                System.arraycopy(r.rank(), 0, rank, at, m);
                double[][] mine = {r.best(), r.margin(), r.semantic(), r.openBest(), r.openMargin(), r.openSemantic()};
                for (int c = 0; c < columns.length; c++) {
                    System.arraycopy(mine[c], 0, columns[c], at, m);
                }
                at += m;
            }
            return new Served(rank, columns[0], columns[1], columns[2], columns[3], columns[4], columns[5]);
        }

        /** Share of queries whose merchant was among the candidates at all. */
        public double candidateRecall() {
            return topK(Integer.MAX_VALUE);
        }
    }

    /** The owner key of gallery entry {@code j}. */
    static String owner(int j) {
        return "g" + j;
    }

    /** A matcher holding the protocol's gallery (gallery entry j is owner {@link #owner(int) g&lt;j&gt;}) under {@code settings}. */
    public static Matcher matcher(Protocol p, Encoder encoder, MatchSettings settings) {
        Matcher m = new Matcher(encoder, settings, Matcher.EncodeListener.NONE);
        List<Matcher.NewExemplar> batch = new ArrayList<>();
        for (int j = 0; j < p.gallery().size(); j++) {
            batch.add(new Matcher.NewExemplar(TENANT, owner(j), p.gallery().get(j)));
        }
        m.add(batch);
        return m;
    }

    static final String TENANT = "eval";

    /**
     * Runs every query of {@code p} through {@code matcher} (built by {@link #matcher}) as the service does
     * (k = 5), once with every merchant enrolled and, when {@code openSet}, once with the query's own merchant
     * removed from the matcher (as if never enrolled: its exemplar is out of the lexical IDF too) and enrolled
     * again after.
     */
    public static Served serve(Protocol p, Matcher matcher, boolean openSet) {
        int n = p.queries().size();
        int[] rank = new int[n];
        double[] best = new double[n];
        double[] margin = new double[n];
        double[] semantic = new double[n];
        double[] open = new double[n];
        double[] openMargin = new double[n];
        double[] openSemantic = new double[n];
        MatchQuery q = MatchQuery.top(5).withEveryCandidate();
        List<MatchOutcome> all = matcher.match(TENANT, p.queries(), q);
        for (int i = 0; i < n; i++) {
            MatchOutcome o = all.get(i);
            String truth = owner(p.truth()[i]);
            rank[i] = -1;
            for (int r = 0; r < o.matches().size(); r++) {
                if (o.matches().get(r).owner().equals(truth)) {
                    rank[i] = r;
                    break;
                }
            }
            best[i] = evidence(o);
            margin[i] = o.margin();
            semantic[i] = o.matches().isEmpty() ? 0 : o.best().semantic();
        }
        if (openSet) {
            for (int i = 0; i < n; i++) {
                String truth = owner(p.truth()[i]);
                matcher.removeOwner(TENANT, truth);
                MatchOutcome without = matcher.match(TENANT, List.of(p.queries().get(i)), MatchQuery.top(5)).get(0);
                matcher.add(List.of(new Matcher.NewExemplar(TENANT, truth, p.gallery().get(p.truth()[i]))));
                open[i] = evidence(without);
                openMargin[i] = without.margin();
                openSemantic[i] = without.matches().isEmpty() ? 0 : without.best().semantic();
            }
        }
        return new Served(rank, best, margin, semantic, open, openMargin, openSemantic);
    }

    /** The best score of an outcome as confidence reads it: negative infinity when nothing was found. */
    private static double evidence(MatchOutcome o) {
        return o.matches().isEmpty() ? Double.NEGATIVE_INFINITY : o.bestScore();
    }

    /**
     * Served-path calibration: for each threshold, precision and coverage with every merchant enrolled,
     * and the false-accept rate of the open set, simulated by excluding each query's own merchant.
     */
    public static List<CalibrationRow> calibration(Protocol p, Served s, double[] thresholds) {
        int n = p.queries().size();
        List<CalibrationRow> rows = new ArrayList<>();
        for (double t : thresholds) {
            int accepted = 0;
            int correct = 0;
            int openAccepted = 0;
            for (int i = 0; i < n; i++) {
                if (s.best()[i] >= t) {
                    accepted++;
                    correct += s.rank()[i] == 0 ? 1 : 0;
                }
                openAccepted += s.openBest()[i] >= t ? 1 : 0;
            }
            rows.add(new CalibrationRow(t, accepted == 0 ? 1.0 : correct / (double) accepted, accepted / (double) n,
                    openAccepted / (double) n));
        }
        return rows;
    }

    /** The matcher settings of the learned path alone: Hamming candidates re-ranked by embedding cosine, no lexical channel. */
    public static final MatchSettings LEARNED_ONLY = MatchSettings.DEFAULT.withCandidates(CANDIDATES, 0).withFusion(MatchSettings.Fusion.LEARNED);

    /** The matcher settings of the trigram TF-IDF channel alone (its candidates and the word channel's, scored by trigrams). */
    public static final MatchSettings LEXICAL_ONLY = MatchSettings.DEFAULT.withCandidates(0, CANDIDATES).withFusion(MatchSettings.Fusion.TRIGRAMS);

    /**
     * Top-1 (and top-5) of each method: {@code tfidf_top1}/{@code tfidf_top5} (the baseline), {@code float_top1}
     * (embedding cosine over the whole gallery), {@code hamming_top1} (pure Hamming ranking), {@code rerank_top1}
     * (the {@link Matcher} with the learned path alone, {@link #LEARNED_ONLY}; also {@code rerank_top5}),
     * {@code lexical_top1} (the {@link Matcher}'s lexical channel alone), {@code served_top1}/{@code served_top5}
     * and {@code served_recall} (the {@link Matcher} with the served {@link MatchSettings#DEFAULT}: the share of
     * queries whose merchant was among its candidates).
     */
    public static Map<String, Double> run(Protocol p, Encoder encoder) {
        return run(p, encoder, Map.of());
    }

    /**
     * As {@link #run(Protocol, Encoder)}, plus {@code NAME_top1}: pure Hamming ranking with the codes each
     * projection gives the same embeddings (for example SimHash and ITQ at the bundle's width).
     */
    public static Map<String, Double> run(Protocol p, Encoder encoder, Map<String, BinaryProjection> projections) {
        double[] tf = tfidfTopK(p);
        Encoder.Encoded gallery = encoder.encode(p.gallery());
        Encoder.Encoded queries = encoder.encode(p.queries());
        Served learned = serve(p, matcher(p, encoder, LEARNED_ONLY), false);
        Served lexical = serve(p, matcher(p, encoder, LEXICAL_ONLY), false);
        Served served = serve(p, matcher(p, encoder, MatchSettings.DEFAULT), false);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("tfidf_top1", tf[0]);
        out.put("float_top1", top1Cosine(gallery.embeddings(), queries.embeddings(), p.truth()));
        out.put("hamming_top1", top1Hamming(gallery.codes(), queries.codes(), p.truth()));
        out.put("rerank_top1", learned.topK(1));
        projections.forEach((name, proj) -> out.put(name + "_top1", top1Hamming(proj.codes(gallery.embeddings()),
                proj.codes(queries.embeddings()), p.truth())));
        out.put("lexical_top1", lexical.topK(1));
        out.put("served_top1", served.topK(1));
        out.put("tfidf_top5", tf[1]);
        out.put("rerank_top5", learned.topK(5));
        out.put("served_top5", served.topK(5));
        out.put("served_recall", served.candidateRecall());
        return out;
    }

    /**
     * Top-1 and top-5 of the TF-IDF char-trigram baseline over the whole gallery (ties: lower gallery index first). The
     * baseline stays plain whatever the bundle: normaliser version 1.
     */
    public static double[] tfidfTopK(Protocol p) {
        TfIdfTrigrams tfidf = new TfIdfTrigrams(p.gallery(), TextNormaliser.VERSION_1);
        List<Map<String, Double>> gv = p.gallery().stream().map(tfidf::vector).toList();
        int n = p.queries().size();
        int top1 = 0;
        int top5 = 0;
        for (int i = 0; i < n; i++) {
            int truth = p.truth()[i];
            Map<String, Double> qv = tfidf.vector(p.queries().get(i));
            double truthSim = TfIdfTrigrams.cosine(qv, gv.get(truth));
            int better = 0;
            for (int j = 0; j < gv.size() && better < 5; j++) {
                double s = j == truth ? truthSim : TfIdfTrigrams.cosine(qv, gv.get(j));
                if (s > truthSim || (s == truthSim && j < truth)) {
                    better++;
                }
            }
            top1 += better == 0 ? 1 : 0;
            top5 += better < 5 ? 1 : 0;
        }
        return new double[] {top1 / (double) n, top5 / (double) n};
    }

    /**
     * Hamming distances from each query's code to its own merchant's gallery code ({@code same}) and to
     * {@code othersPerQuery} other merchants' ({@code different}, seeded), as counts per distance 0..bits.
     */
    public static long[][] distanceHistogram(long[][] gallery, long[][] queries, int[] truth, int bits,
                                             int othersPerQuery, long seed) {
        long[][] hist = new long[2][bits + 1];
        histogramPairs(gallery.length, truth, othersPerQuery, seed,
                (q, g, k) -> hist[k][Hamming.distance(queries[q], gallery[g])]++);
        return hist;
    }

    /**
     * Embedding cosines of the same pairs as {@link #distanceHistogram} with the same {@code seed} ({@code [0]} same
     * merchant, {@code [1]} another), as counts in {@code bins} equal bins over -1..1 (bin {@code i} holds cosines
     * from {@code -1 + 2i/bins}; a cosine of 1 falls in the last).
     */
    public static long[][] cosineHistogram(float[][] gallery, float[][] queries, int[] truth, int bins, int othersPerQuery,
                                           long seed) {
        long[][] hist = new long[2][bins];
        histogramPairs(gallery.length, truth, othersPerQuery, seed, (q, g, k) -> {
            double c = Encoder.cosine(queries[q], gallery[g]);
            hist[k][Math.max(0, Math.min(bins - 1, (int) Math.floor((c + 1) / 2 * bins)))]++;
        });
        return hist;
    }

    /** One counted (query, gallery entry) pair; {@code kind} 0 is its own merchant, 1 another. */
    private interface PairVisitor {
        void pair(int query, int gallery, int kind);
    }

    /** Each query with its own merchant's entry, then with {@code othersPerQuery} others drawn with {@code seed}. */
    private static void histogramPairs(int galleryCount, int[] truth, int othersPerQuery, long seed, PairVisitor visit) {
        Random r = new Random(seed);
        for (int i = 0; i < truth.length; i++) {
            visit.pair(i, truth[i], 0);
            for (int k = 0; k < othersPerQuery && galleryCount > 1; k++) {
                int j = r.nextInt(galleryCount - 1);
                visit.pair(i, j >= truth[i] ? j + 1 : j, 1);
            }
        }
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
