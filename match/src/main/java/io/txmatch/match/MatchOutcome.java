package io.txmatch.match;

import java.util.List;

/**
 * The answer to one query: ranked owners (best first), the query's code, and how the answer was found.
 *
 * @param matches      at most {@code k} owners, each by its best exemplar
 * @param runnerUp     the fused score of the second-best owner among all candidates, whatever {@code k} (0 when
 *                     fewer than two owners were found): confidence reads the margin from it
 * @param code         the query's binary code
 * @param normalised   the query text as the lexical channel read it
 * @param diagnostics  candidate counts and the index route
 */
public record MatchOutcome(List<Match> matches, double runnerUp, long[] code, String normalised, Diagnostics diagnostics) {
    public MatchOutcome {
        matches = List.copyOf(matches);
    }

    /** The best match, or null when nothing was found. */
    public Match best() {
        return matches.isEmpty() ? null : matches.get(0);
    }

    /** The fused score of the best match (0 when none). */
    public double bestScore() {
        return matches.isEmpty() ? 0 : matches.get(0).score();
    }

    /**
     * The best score minus the second owner's ({@link #runnerUp}; the best score itself when there is one owner only),
     * the same whatever {@code k} the query asked for.
     */
    public double margin() {
        return matches.isEmpty() ? 0 : matches.get(0).score() - runnerUp;
    }

    /**
     * One owner of a match.
     *
     * @param owner      the owner key given at {@link Matcher#add} (a merchant id)
     * @param exemplarId the exemplar that stands for the owner (its best-scoring one)
     * @param exemplar   that exemplar's text
     * @param score      fused score, clamped to 0..1
     * @param semantic   cosine of the float embeddings
     * @param lexical    TF-IDF cosine of the lexical channel
     * @param word       the word channel's score ({@link WordIndex}: IDF of the rarest shared word)
     * @param distance   Hamming distance of the codes
     */
    public record Match(String owner, int exemplarId, String exemplar, double score, double semantic, double lexical,
                        double word, int distance) {
    }

    /**
     * How candidates were gathered.
     *
     * @param route       the Hamming search's path ({@code mih}, {@code scan}, ...), or {@code exhaustive}
     * @param hamming     candidates from the Hamming channel
     * @param lexical     candidates from the lexical channel
     * @param word        candidates from the word channel
     * @param scored      distinct exemplars scored (the union)
     */
    public record Diagnostics(String route, int hamming, int lexical, int word, int scored) {
    }
}
