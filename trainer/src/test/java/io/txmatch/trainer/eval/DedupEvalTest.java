package io.txmatch.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.txmatch.dedup.DedupRecord;
import io.txmatch.model.TextNormaliser;
import io.txmatch.trainer.data.DescriptorGenerator;
import io.txmatch.trainer.data.Family;
import java.util.List;
import org.junit.jupiter.api.Test;

class DedupEvalTest {
    @Test
    void pairwise_and_bcubed_scores_match_a_hand_count() {
        // Truth {a,b,c} {d,e}; predicted {a,b} {c,d,e}.
        List<String> truth = List.of("x", "x", "x", "y", "y");
        List<String> predicted = List.of("1", "1", "2", "2", "2");
        DedupEval.Scores s = DedupEval.score(truth, predicted);
        // True pairs: ab ac bc de (4); predicted: ab cd ce de (4); both: ab de (2).
        assertThat(s.pairPrecision()).isCloseTo(0.5, offset(1e-12));
        assertThat(s.pairRecall()).isCloseTo(0.5, offset(1e-12));
        // B-cubed precision: a,b 2/2; c 1/3; d,e 2/3 -> (1 + 1 + 1/3 + 2/3 + 2/3) / 5.
        assertThat(s.bcubedPrecision()).isCloseTo((1 + 1 + 1 / 3.0 + 2 / 3.0 + 2 / 3.0) / 5, offset(1e-12));
        // B-cubed recall: a,b 2/3; c 1/3; d,e 2/2.
        assertThat(s.bcubedRecall()).isCloseTo((2 / 3.0 + 2 / 3.0 + 1 / 3.0 + 1 + 1) / 5, offset(1e-12));
        assertThat(s.clusters()).isEqualTo(2);
        assertThat(s.largest()).isEqualTo(3);
        assertThat(DedupEval.score(truth, truth).pairF1()).isEqualTo(1.0);
    }

    @Test
    void the_baseline_links_identical_texts_and_picks_its_best_threshold() {
        List<DedupRecord> records = List.of(DedupRecord.of("1", "CHECKCARD 0615 OUTBACK STEAKHOUSE TEMPE AZ"),
                DedupRecord.of("2", "CHECKCARD 0716 OUTBACK STEAKHOUSE TEMPE AZ"), DedupRecord.of("3", "NETFLIX.COM LOS GATOS CA"),
                DedupRecord.of("4", "NETFLIX.COM LOS GATOS CA"), DedupRecord.of("5", "SHELL OIL 57444 HOUSTON TX"));
        DedupEval.Dataset d = new DedupEval.Dataset(records, List.of("o", "o", "n", "n", "s"));
        DedupEval.Row row = DedupEval.tfidfBest(d, TextNormaliser.LATEST, DedupEval.grid(0.5, 0.95, 0.05));
        assertThat(row.scores().pairF1()).isEqualTo(1.0);
        assertThat(DedupEval.grid(0.5, 0.6, 0.05)).containsExactly(0.5, 0.55, 0.6);
    }

    @Test
    void generated_datasets_are_seeded_and_labelled() {
        var merchants = new DescriptorGenerator().merchants(1, 50);
        DedupEval.Dataset a = DedupEval.generate(merchants, List.of(Family.POS, Family.ACH), 4, 9);
        DedupEval.Dataset b = DedupEval.generate(merchants, List.of(Family.POS, Family.ACH), 4, 9);
        assertThat(a).isEqualTo(b);
        assertThat(a.records()).hasSameSizeAs(a.truth()).hasSizeGreaterThan(merchants.size());
        assertThat(a.truth()).containsAll(merchants.stream().map(m -> m.id()).toList());
    }
}
