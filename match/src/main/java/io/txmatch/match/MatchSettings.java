package io.txmatch.match;

/**
 * How the {@link Matcher} gathers and scores candidates. One instance, {@link #DEFAULT}, is what serves and
 * what {@code ./txmatch eval} measures; other values exist for experiments and tests.
 *
 * @param hammingCandidates  exemplars fetched by Hamming k-NN: at least this many, {@code 2k} and the square root of
 *                           the tenant's exemplar count (0: the channel adds no candidates)
 * @param lexicalCandidates  exemplars fetched by lexical TF-IDF, with the same floor (0: none)
 * @param semanticWeight     weight of the embedding cosine in the fused score; the lexical cosine gets
 *                           {@code 1 - semanticWeight} (0: lexical only, 1: embedding only)
 * @param exhaustiveBelow    a tenant with fewer exemplars than this is scored exactly, every exemplar a candidate
 * @param lexical            the lexical channel's n-grams
 */
public record MatchSettings(int hammingCandidates, int lexicalCandidates, double semanticWeight, int exhaustiveBelow,
                            LexicalFeatures lexical) {
    /**
     * The served settings. The fusion weight 0.6 is the one {@code ./txmatch eval --real dev} fits (best mean top-1
     * over the four dev rows of the real UK p-card set, grid 0.2..0.7) for {@code models/default.txmb}; candidates
     * at least 50 + 50. A retrained bundle needs the weight fitted again.
     */
    public static final MatchSettings DEFAULT = new MatchSettings(50, 50, 0.6, 0, LexicalFeatures.DEFAULT);

    public MatchSettings {
        if (hammingCandidates < 0 || lexicalCandidates < 0 || hammingCandidates + lexicalCandidates == 0) {
            throw new IllegalArgumentException("candidate counts must be >= 0 and not both 0");
        }
        if (!(semanticWeight >= 0 && semanticWeight <= 1)) {
            throw new IllegalArgumentException("semanticWeight must lie in 0..1, got " + semanticWeight);
        }
        if (exhaustiveBelow < 0) {
            throw new IllegalArgumentException("exhaustiveBelow must be >= 0");
        }
    }

    /** These settings with another fusion weight. */
    public MatchSettings withSemanticWeight(double w) {
        return new MatchSettings(hammingCandidates, lexicalCandidates, w, exhaustiveBelow, lexical);
    }

    /** These settings with other candidate counts. */
    public MatchSettings withCandidates(int hamming, int lexicalCount) {
        return new MatchSettings(hamming, lexicalCount, semanticWeight, exhaustiveBelow, lexical);
    }

    /** These settings with another exhaustive-scoring bound. */
    public MatchSettings withExhaustiveBelow(int n) {
        return new MatchSettings(hammingCandidates, lexicalCandidates, semanticWeight, n, lexical);
    }
}
