package io.txmatch.trainer.eval;

import java.util.Random;

/**
 * SimHash (Charikar, 2002): the signs of random Gaussian projections, which preserve angles in
 * expectation. Centred on the training mean, so no bit is wasted on the embeddings' common direction.
 */
public final class SimHash extends BinaryProjection {
    private SimHash(float[] mean, double[][] projection) {
        super(mean, projection);
    }

    /** Random hyperplanes for {@code bits}-bit codes of the embeddings in {@code train}, seeded. */
    public static SimHash fit(float[][] train, int bits, long seed) {
        Random r = new Random(seed);
        double[][] p = new double[train[0].length][bits];
        for (double[] row : p) {
            for (int j = 0; j < bits; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return new SimHash(mean(train), p);
    }
}
