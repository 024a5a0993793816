package io.txmatch.trainer.eval;

import io.txmatch.match.MatchOutcome;
import io.txmatch.match.MatchQuery;
import io.txmatch.match.MatchSettings;
import io.txmatch.match.Matcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Fits the {@link MatchSettings.Fusion} weights on labelled protocols: every query's candidates are gathered once
 * by the {@link Matcher} (candidate pools do not depend on the weights), then ranked again under each weight triple
 * of a grid over the simplex, as the Matcher ranks them (fused score, then Hamming distance, then owner key).
 * Exact for protocols with one exemplar per merchant, as {@link OneShotEval}'s are (the owner's best exemplar
 * then does not depend on the weights either).
 *
 * <pre>{@code
 * List<List<FusionFit.Candidate>> row = FusionFit.candidates(p, OneShotEval.matcher(p, encoder, MatchSettings.DEFAULT));
 * FusionFit.Result best = FusionFit.fit(List.of(row), 0.05).get(0);
 * }</pre>
 */
public final class FusionFit {
    /** One scored candidate owner of a query, with every channel's score. */
    public record Candidate(boolean truth, String owner, int distance, double semantic, double lexical, double word) {
    }

    /** A weight triple and the mean top-1 over the rows it was measured on, with each row's top-1. */
    public record Result(MatchSettings.Fusion fusion, double meanTop1, double[] top1) {
    }

    private FusionFit() {
    }

    /** Every candidate owner of each query of {@code p}, as {@code matcher} (built by {@link OneShotEval#matcher}) finds them. */
    public static List<List<Candidate>> candidates(OneShotEval.Protocol p, Matcher matcher) {
        List<MatchOutcome> all = matcher.match(OneShotEval.TENANT, p.queries(), MatchQuery.top(5).withEveryCandidate());
        List<List<Candidate>> out = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            String truth = OneShotEval.owner(p.truth()[i]);
            List<Candidate> row = new ArrayList<>();
            for (MatchOutcome.Match m : all.get(i).matches()) {
                row.add(new Candidate(m.owner().equals(truth), m.owner(), m.distance(), m.semantic(), m.lexical(), m.word()));
            }
            out.add(row);
        }
        return out;
    }

    /** Share of queries whose merchant ranks first under {@code f}. */
    public static double top1(List<List<Candidate>> queries, MatchSettings.Fusion f) {
        int hit = 0;
        for (List<Candidate> q : queries) {
            Candidate best = null;
            double bestScore = 0;
            for (Candidate c : q) {
                double s = f.score(c.semantic(), c.lexical(), c.word());
                if (best == null || s > bestScore || s == bestScore && (c.distance() < best.distance()
                        || c.distance() == best.distance() && c.owner().compareTo(best.owner()) < 0)) {
                    best = c;
                    bestScore = s;
                }
            }
            hit += best != null && best.truth() ? 1 : 0;
        }
        return queries.isEmpty() ? 0 : hit / (double) queries.size();
    }

    /**
     * Every weight triple on a grid of {@code step} over the simplex, best mean top-1 over {@code rows} first (ties:
     * more semantic weight, then more lexical weight first).
     */
    public static List<Result> fit(List<List<List<Candidate>>> rows, double step) {
        int n = (int) Math.round(1 / step);
        List<Result> out = new ArrayList<>();
        for (int s = 0; s <= n; s++) {
            for (int l = 0; l <= n - s; l++) {
                MatchSettings.Fusion f = new MatchSettings.Fusion(s / (double) n, l / (double) n, (n - s - l) / (double) n);
                double[] top1 = new double[rows.size()];
                double sum = 0;
                for (int r = 0; r < rows.size(); r++) {
                    top1[r] = top1(rows.get(r), f);
                    sum += top1[r];
                }
                out.add(new Result(f, sum / rows.size(), top1));
            }
        }
        out.sort(Comparator.comparingDouble((Result r) -> -r.meanTop1())
                .thenComparingDouble(r -> -r.fusion().semantic()).thenComparingDouble(r -> -r.fusion().lexical()));
        return out;
    }
}
