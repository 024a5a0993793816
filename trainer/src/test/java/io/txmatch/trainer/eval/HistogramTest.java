package io.txmatch.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.txmatch.index.Hamming;
import io.txmatch.model.Encoder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Hamming and cosine histograms of the eval report count the same seeded pairs. */
class HistogramTest {
    private static final int GALLERY = 40;
    private static final int QUERIES = 120;
    private static final int DIM = 8;

    @Test
    void both_histograms_count_the_same_pairs_and_the_cosine_one_puts_each_where_it_belongs() {
        Random r = new Random(3);
        float[][] gallery = new float[GALLERY][DIM];
        float[][] queries = new float[QUERIES][DIM];
        int[] truth = new int[QUERIES];
        for (float[] g : gallery) {
            for (int d = 0; d < DIM; d++) {
                g[d] = (float) r.nextGaussian();
            }
            unit(g);
        }
        for (int i = 0; i < QUERIES; i++) {
            truth[i] = r.nextInt(GALLERY);
            for (int d = 0; d < DIM; d++) {
                queries[i][d] = gallery[truth[i]][d] + (float) (0.5 * r.nextGaussian());
            }
            unit(queries[i]);
        }
        long[][] codes = new long[GALLERY][];
        long[][] queryCodes = new long[QUERIES][];
        for (int j = 0; j < GALLERY; j++) {
            codes[j] = signs(gallery[j]);
        }
        for (int i = 0; i < QUERIES; i++) {
            queryCodes[i] = signs(queries[i]);
        }
        long[][] hamming = OneShotEval.distanceHistogram(codes, queryCodes, truth, DIM, 5, 11);
        long[][] cosine = OneShotEval.cosineHistogram(gallery, queries, truth, 20, 5, 11);
        assertThat(Arrays.stream(cosine[0]).sum()).isEqualTo(Arrays.stream(hamming[0]).sum()).isEqualTo(QUERIES);
        assertThat(Arrays.stream(cosine[1]).sum()).isEqualTo(Arrays.stream(hamming[1]).sum()).isEqualTo(5L * QUERIES);
        // The same-merchant pairs, recounted here.
        long[] same = new long[20];
        long[] sameDistances = new long[DIM + 1];
        for (int i = 0; i < QUERIES; i++) {
            double c = Encoder.cosine(queries[i], gallery[truth[i]]);
            same[Math.min(19, (int) Math.floor((c + 1) / 2 * 20))]++;
            sameDistances[Hamming.distance(queryCodes[i], codes[truth[i]])]++;
        }
        assertThat(cosine[0]).containsExactly(same);
        assertThat(hamming[0]).containsExactly(sameDistances);
        // A query identical to its gallery text has cosine 1: the last bin.
        long[][] exact = OneShotEval.cosineHistogram(gallery, gallery.clone(), java.util.stream.IntStream.range(0, GALLERY).toArray(),
                20, 0, 1);
        assertThat(exact[0][19]).isEqualTo(GALLERY);
    }

    /** Scales {@code v} to length 1, as the encoder's embeddings are. */
    private static void unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        for (int d = 0; d < v.length; d++) {
            v[d] /= (float) Math.sqrt(norm);
        }
    }

    private static long[] signs(float[] v) {
        long bits = 0;
        for (int d = 0; d < v.length; d++) {
            bits |= v[d] > 0 ? 1L << d : 0;
        }
        return new long[] {bits};
    }
}
