package io.txmatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class WordIndexTest {
    private static double idf(int n, int df) {
        return Math.log((n + 1.0) / (df + 1.0)) + 1.0;
    }

    @Test
    void words_skip_numbers_masks_and_single_characters() {
        assertThat(WordIndex.words("POS 0 #0 % 0/0/0 ALDI & 0-ELEVEN ALDI XL")).containsExactly("POS", "ALDI", "0-ELEVEN", "XL");
        assertThat(WordIndex.words("")).isEmpty();
    }

    @Test
    void the_score_is_the_rarest_shared_words_idf_scaled_by_the_largest_possible() {
        WordIndex w = new WordIndex(WordPrior.NONE);
        w.add(1, "POS ALDI IRVINE");
        w.add(2, "POS TESCO IRVINE");
        w.add(3, "POS BOOTS LONDON");
        WordIndex.Query q = w.query("POS ALDI IRVINE CA");
        // ALDI is in 1 of 3 exemplars; IRVINE in 2; POS in 3.
        assertThat(w.score(q, 1)).isCloseTo(idf(3, 1) / idf(3, 0), within(1e-12));
        assertThat(w.score(q, 2)).isCloseTo(idf(3, 2) / idf(3, 0), within(1e-12));
        assertThat(w.score(q, 3)).isCloseTo(idf(3, 3) / idf(3, 0), within(1e-12));
        assertThat(w.score(w.query("NOTHING SHARED"), 1)).isZero();
        assertThat(w.score(q, 99)).isZero();
    }

    @Test
    void the_prior_discounts_wrapper_words() {
        WordIndex w = new WordIndex(WordPrior.of(java.util.Map.of("IRVINE", new int[] {0, 9})));
        w.add(1, "POS ALDI IRVINE");
        w.add(2, "POS TESCO IRVINE");
        w.add(3, "POS BOOTS LONDON");
        // IRVINE would score idf(3, 2) / idf(3, 0) alone; nameness 1 / 10 cuts it; POS (nameness 1, in all three) wins.
        assertThat(w.score(w.query("POS IRVINE"), 2)).isCloseTo(Math.max(idf(3, 2) / 10, idf(3, 3)) / idf(3, 0), within(1e-12));
        assertThat(WordPrior.bundled().nameness("PURCHASE")).isLessThan(0.01);
        assertThat(WordPrior.bundled().nameness("ZYLOQUEST")).isEqualTo(1.0);
    }

    @Test
    void adds_and_removes_keep_document_frequencies_exact() {
        WordIndex w = new WordIndex(WordPrior.NONE);
        w.add(1, "POS ALDI");
        w.add(2, "POS ALDI");
        assertThat(w.score(w.query("ALDI"), 1)).isCloseTo(idf(2, 2) / idf(2, 0), within(1e-12));
        assertThat(w.remove(2)).isTrue();
        assertThat(w.remove(2)).isFalse();
        assertThat(w.size()).isEqualTo(1);
        assertThat(w.score(w.query("ALDI"), 1)).isCloseTo(idf(1, 1) / idf(1, 0), within(1e-12));
        w.add(1, "TESCO");  // replaces
        assertThat(w.score(w.query("ALDI"), 1)).isZero();
        assertThat(w.candidates(w.query("ALDI"), 10, null)).isEmpty();
    }

    @Test
    void candidates_come_from_the_rarest_words_first_within_the_limit_and_the_allowed_set() {
        WordIndex w = new WordIndex(WordPrior.NONE);
        for (int i = 0; i < 20; i++) {
            w.add(i, "POS STORE" + i);
        }
        w.add(100, "POS ALDI");
        WordIndex.Query q = w.query("POS ALDI");
        assertThat(w.candidates(q, 1, null)).containsExactly(100);
        assertThat(w.candidates(q, 5, null)).hasSize(5).contains(100);
        assertThat(w.candidates(q, 100, RoaringBitmap.bitmapOf(3, 100))).containsExactlyInAnyOrder(3, 100);
        assertThat(w.candidates(w.query("UNKNOWN WORDS"), 5, null)).isEqualTo(List.of());
    }
}
