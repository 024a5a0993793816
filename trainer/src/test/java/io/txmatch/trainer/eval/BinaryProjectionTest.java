package io.txmatch.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txmatch.trainer.data.Labelled;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryProjectionTest {
    /** Points around {@code clusters} random centres in {@code dim} dimensions, {@code per} each, seeded. */
    static float[][] clustered(int clusters, int per, int dim, double spread, long seed) {
        Random r = new Random(seed);
        float[][] centres = new float[clusters][dim];
        for (float[] c : centres) {
            for (int i = 0; i < dim; i++) {
                c[i] = (float) r.nextGaussian();
            }
        }
        float[][] x = new float[clusters * per][dim];
        for (int k = 0; k < clusters * per; k++) {
            for (int i = 0; i < dim; i++) {
                x[k][i] = centres[k / per][i] + (float) (spread * r.nextGaussian());
            }
        }
        return x;
    }

    /** Share of points whose Hamming-nearest other point (ties: first) lies in the same cluster. */
    static double sameClusterTop1(long[][] codes, int per) {
        int right = 0;
        for (int i = 0; i < codes.length; i++) {
            int best = -1;
            int bestD = Integer.MAX_VALUE;
            for (int j = 0; j < codes.length; j++) {
                int d = io.txmatch.index.Hamming.distance(codes[i], codes[j]);
                if (j != i && d < bestD) {
                    bestD = d;
                    best = j;
                }
            }
            right += best / per == i / per ? 1 : 0;
        }
        return right / (double) codes.length;
    }

    @Test
    void itq_gives_balanced_bits_and_beats_simhash_at_few_bits() {
        float[][] x = clustered(40, 10, 64, 0.6, 1);
        Itq itq = Itq.fit(x, 32, 50, 2);
        long[][] codes = itq.codes(x);
        for (int j = 0; j < 32; j++) {
            int ones = 0;
            for (long[] c : codes) {
                ones += (int) ((c[0] >>> j) & 1);
            }
            assertThat(ones / (double) codes.length).as("bit %d", j).isBetween(0.2, 0.8);
        }
        double itqTop1 = sameClusterTop1(codes, 10);
        double simTop1 = sameClusterTop1(SimHash.fit(x, 32, 2).codes(x), 10);
        assertThat(itqTop1).isGreaterThan(0.9).isGreaterThanOrEqualTo(simTop1);
        assertThat(Itq.fit(x, 32, 50, 2).codes(x)).isDeepEqualTo(codes);
        assertThatThrownBy(() -> Itq.fit(x, 65, 5, 2)).hasMessageContaining("bits <= the embedding dimension");
    }

    @Test
    void the_learned_form_thresholds_the_affine_map() {
        float[][] w = new float[2][30];
        float[] bias = new float[30];
        w[0][0] = 1;
        bias[0] = -0.5f;
        w[0][1] = -1;
        bias[1] = 0.75f;
        BinaryProjection p = BinaryProjection.learned(w, bias);
        // e = (1, 5): logits (1 - 0.5, -1 + 0.75) -> bit 0 only
        assertThat(p.code(new float[] {1, 5})).containsExactly(1L);
        assertThat(p.code(new float[] {0, 0})).containsExactly(2L);
    }

    @Test
    void the_user_data_protocol_enrols_one_per_merchant_and_keeps_singletons_as_distractors() {
        List<Labelled> data = List.of(new Labelled("A1", "a", "user"), new Labelled("B1", "b", "user"),
                new Labelled("A2", "a", "user"), new Labelled("C1", "c", "user"), new Labelled("A3", "a", "user"));
        OneShotEval.Protocol p = OneShotEval.protocol("data", data, 1, 9);
        assertThat(p.gallery()).hasSize(3);
        assertThat(p.queries()).hasSize(1);
        assertThat(p.gallery().get(p.truth()[0])).startsWith("A");
        assertThat(p.queries().get(0)).startsWith("A").isNotEqualTo(p.gallery().get(0));
        assertThatThrownBy(() -> OneShotEval.protocol("data", List.of(new Labelled("A", "a", "user")), 3, 1))
                .hasMessageContaining("two or more");
    }
}
