package io.txmatch.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfidenceFitTest {
    /**
     * Four enrolled queries scored 0.9 (right), 0.8 (right), 0.7 (wrong), 0.6 (right) and their open-set twins
     * scored 0.5, 0.65, 0.3, 0.2 (always wrong). By hand, from the top: 0.9 and 0.8 are right (precision 1), 0.7
     * brings it to 2/3, 0.65 to 2/4, 0.6 to 3/5: every level's cut-off is 0.8, covering half the enrolled queries.
     */
    @Test
    void cut_offs_are_where_cumulative_precision_last_meets_each_target() {
        OneShotEval.Served s = new OneShotEval.Served(new int[] {0, 0, 3, 0}, new double[] {0.9, 0.8, 0.7, 0.6},
                new double[4], new double[] {0.5, 0.65, 0.3, 0.2}, new double[4]);
        ConfidenceFit.Fit f = ConfidenceFit.fit(s, 0);
        assertThat(f.calibration().highAt()).isEqualTo(0.8);
        assertThat(f.calibration().mediumAt()).isEqualTo(0.8);
        assertThat(f.calibration().lowAt()).isEqualTo(0.8);
        assertThat(f.coverage()[0]).isEqualTo(0.5);
        assertThat(f.openAccept()[0]).isZero();
        assertThat(f.precision()[0]).isEqualTo(1.0);
    }

    @Test
    void a_looser_target_reaches_further_down_and_the_margin_can_separate() {
        // Right answers have clear margins, the wrong one none: with margin weight 1 the wrong answer drops below.
        OneShotEval.Served s = new OneShotEval.Served(new int[] {0, 0, 1, 0}, new double[] {0.7, 0.7, 0.7, 0.7},
                new double[] {0.3, 0.2, 0.0, 0.25}, new double[] {0.1, 0.1, 0.1, 0.1}, new double[4]);
        // Without the margin all four tie at 0.7, right 3 times in 4: good enough for low (0.75), never for high.
        assertThat(ConfidenceFit.fit(s, 0).coverage()[0]).isZero();
        assertThat(ConfidenceFit.fit(s, 0).coverage()[2]).isEqualTo(1.0);
        ConfidenceFit.Fit withMargin = ConfidenceFit.fit(s, 1);
        assertThat(withMargin.calibration().highAt()).isCloseTo(0.9, within(1e-9));
        assertThat(withMargin.coverage()[0]).isEqualTo(0.75);
        assertThat(ConfidenceFit.fit(s).calibration().marginWeight()).isPositive();
    }

    @Test
    void the_embedding_cosine_can_separate_what_score_and_margin_cannot() {
        // Equal scores and margins; the two right answers have the higher embedding cosine.
        OneShotEval.Served s = new OneShotEval.Served(new int[] {0, 1, 0, 1}, new double[] {0.7, 0.7, 0.7, 0.7},
                new double[4], new double[] {0.9, 0.3, 0.8, 0.2}, new double[] {0.1, 0.1, 0.1, 0.1}, new double[4], new double[4]);
        assertThat(ConfidenceFit.fit(s, 0, 0).coverage()[0]).isZero();
        ConfidenceFit.Fit withSemantic = ConfidenceFit.fit(s, 0, 1);
        assertThat(withSemantic.coverage()[0]).isEqualTo(0.5);
        assertThat(withSemantic.precision()[0]).isEqualTo(1.0);
        assertThat(ConfidenceFit.fit(s).calibration().semanticWeight()).isPositive();
    }
}
