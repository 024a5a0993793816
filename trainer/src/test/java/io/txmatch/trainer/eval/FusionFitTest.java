package io.txmatch.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.txmatch.match.MatchSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class FusionFitTest {
    private static FusionFit.Candidate c(boolean truth, String owner, double semantic, double lexical, double word) {
        return new FusionFit.Candidate(truth, owner, 10, semantic, lexical, word);
    }

    // Query 1: the embedding is right, the word channel wrong. Query 2: the word channel is right by far, the
    // embedding wrong by a little. Only a mix of the two gets both right.
    private final List<List<FusionFit.Candidate>> row = List.of(
            List.of(c(true, "a", 0.9, 0.5, 0.2), c(false, "b", 0.5, 0.5, 0.4)),
            List.of(c(true, "c", 0.6, 0.2, 0.9), c(false, "d", 0.7, 0.2, 0.1)));

    @Test
    void top1_ranks_candidates_by_the_fused_score() {
        assertThat(FusionFit.top1(row, MatchSettings.Fusion.LEARNED)).isEqualTo(0.5);
        assertThat(FusionFit.top1(row, new MatchSettings.Fusion(0, 0, 1))).isEqualTo(0.5);
        assertThat(FusionFit.top1(row, new MatchSettings.Fusion(0.5, 0, 0.5))).isEqualTo(1.0);
    }

    @Test
    void ties_go_to_the_smaller_distance_then_the_smaller_owner_key() {
        List<List<FusionFit.Candidate>> tied = List.of(List.of(
                new FusionFit.Candidate(false, "b", 3, 0.5, 0.5, 0.5), new FusionFit.Candidate(true, "a", 3, 0.5, 0.5, 0.5)));
        assertThat(FusionFit.top1(tied, MatchSettings.Fusion.LEARNED)).isEqualTo(1.0);
        List<List<FusionFit.Candidate>> closer = List.of(List.of(
                new FusionFit.Candidate(true, "b", 2, 0.5, 0.5, 0.5), new FusionFit.Candidate(false, "a", 3, 0.5, 0.5, 0.5)));
        assertThat(FusionFit.top1(closer, MatchSettings.Fusion.LEARNED)).isEqualTo(1.0);
    }

    @Test
    void the_grid_covers_the_simplex_and_puts_the_best_mean_first() {
        List<FusionFit.Result> fits = FusionFit.fit(List.of(row), 0.25);
        assertThat(fits).hasSize(15); // (n + 1)(n + 2) / 2 points for n = 4
        assertThat(fits.get(0).meanTop1()).isEqualTo(1.0);
        assertThat(fits.get(fits.size() - 1).meanTop1()).isEqualTo(0.5);
        MatchSettings.Fusion best = fits.get(0).fusion();
        assertThat(best.word()).isGreaterThan(0).isLessThan(1);
    }
}
