package io.txmatch.match;

/**
 * How the {@link Matcher} gathers and scores candidates. One instance, {@link #DEFAULT}, is what serves and
 * what {@code ./txmatch eval} measures; other values exist for experiments and tests.
 *
 * @param hammingCandidates  exemplars fetched by Hamming k-NN: at least this many, {@code 2k} and the square root of
 *                           the tenant's exemplar count (0: the channel adds no candidates)
 * @param lexicalCandidates  exemplars fetched by lexical TF-IDF, with the same floor (0: none); the word channel
 *                           ({@link WordIndex}) fetches as many as this too
 * @param fusion             weights of the three channels' scores in the fused score
 * @param exhaustiveBelow    a tenant with fewer exemplars than this is scored exactly, every exemplar a candidate
 * @param lexical            the lexical channel's n-grams (and the normaliser the word channel reads)
 * @param wordPrior          how the word channel weighs a shared word by how likely it is a name word
 */
public record MatchSettings(int hammingCandidates, int lexicalCandidates, Fusion fusion, int exhaustiveBelow,
                            LexicalFeatures lexical, WordPrior wordPrior) {
    /**
     * Weights of the fused score {@code semantic * embedding cosine + lexical * trigram TF-IDF cosine + word * word
     * channel score}, each in 0..1 and summing to 1.
     *
     * @param semantic weight of the learned embedding's cosine
     * @param lexical  weight of the character-trigram TF-IDF cosine ({@link LexicalIndex})
     * @param word     weight of the rarest shared word's IDF ({@link WordIndex})
     */
    public record Fusion(double semantic, double lexical, double word) {
        /** The learned path alone. */
        public static final Fusion LEARNED = new Fusion(1, 0, 0);
        /** The trigram TF-IDF channel alone. */
        public static final Fusion TRIGRAMS = new Fusion(0, 1, 0);

        public Fusion {
            for (double w : new double[] {semantic, lexical, word}) {
                if (!(w >= 0 && w <= 1)) {
                    throw new IllegalArgumentException("fusion weights must lie in 0..1, got " + w);
                }
            }
            if (Math.abs(semantic + lexical + word - 1) > 1e-9) {
                throw new IllegalArgumentException("fusion weights must sum to 1, got " + (semantic + lexical + word));
            }
        }

        /** {@code semantic * s + lexical * l + word * w}, clamped to 0..1. */
        public double score(double s, double l, double w) {
            return Math.max(0, Math.min(1, semantic * s + lexical * l + word * w));
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "semantic=%.2f lexical=%.2f word=%.2f", semantic, lexical, word);
        }
    }

    /**
     * The served settings. The fusion weights are the ones {@code ./txmatch eval --real dev} fits (best mean top-1
     * over the four dev rows of the real UK p-card set, a 0.05 grid over the weights) for
     * {@code models/default.txmb}; candidates at least 50 per channel. A retrained bundle needs the weights fitted
     * again.
     */
    public static final MatchSettings DEFAULT = new MatchSettings(50, 50, new Fusion(0.60, 0.25, 0.15), 0, LexicalFeatures.DEFAULT,
            WordPrior.bundled());

    public MatchSettings {
        if (hammingCandidates < 0 || lexicalCandidates < 0 || hammingCandidates + lexicalCandidates == 0) {
            throw new IllegalArgumentException("candidate counts must be >= 0 and not both 0");
        }
        if (fusion == null || lexical == null || wordPrior == null) {
            throw new IllegalArgumentException("fusion weights, lexical features and word prior are required");
        }
        if (exhaustiveBelow < 0) {
            throw new IllegalArgumentException("exhaustiveBelow must be >= 0");
        }
    }

    /** These settings with other fusion weights. */
    public MatchSettings withFusion(Fusion f) {
        return new MatchSettings(hammingCandidates, lexicalCandidates, f, exhaustiveBelow, lexical, wordPrior);
    }

    /** These settings with other candidate counts. */
    public MatchSettings withCandidates(int hamming, int lexicalCount) {
        return new MatchSettings(hamming, lexicalCount, fusion, exhaustiveBelow, lexical, wordPrior);
    }

    /** These settings with another word prior. */
    public MatchSettings withWordPrior(WordPrior prior) {
        return new MatchSettings(hammingCandidates, lexicalCandidates, fusion, exhaustiveBelow, lexical, prior);
    }

    /** These settings with another exhaustive-scoring bound. */
    public MatchSettings withExhaustiveBelow(int n) {
        return new MatchSettings(hammingCandidates, lexicalCandidates, fusion, n, lexical, wordPrior);
    }
}
