package io.txmatch.trainer.eval;

import io.txmatch.index.Codes;

/**
 * Embeddings to binary codes by a linear map and a threshold: bit {@code j} is set when
 * {@code (e - mean) . P[:, j] + offset[j] > 0}. The learned semantic-hashing layer has this form
 * ({@link #learned}); so do the yardsticks it is measured against, {@link SimHash} and {@link Itq}, which
 * centre on the mean of the embeddings they are fitted on.
 */
public class BinaryProjection {
    private final float[] mean;
    private final double[][] projection; // dim x bits
    private final double[] offset;
    private final int bits;

    BinaryProjection(float[] mean, double[][] projection) {
        this(mean, projection, new double[projection[0].length]);
    }

    BinaryProjection(float[] mean, double[][] projection, double[] offset) {
        this.mean = mean.clone();
        this.projection = projection;
        this.offset = offset.clone();
        this.bits = Codes.checkBits(projection[0].length);
    }

    /**
     * The hashing layer {@code sigmoid(e W + b) > 0.5} of a trained model: {@code weights} is
     * {@code [dim][bits]}, {@code bias} {@code [bits]}.
     */
    public static BinaryProjection learned(float[][] weights, float[] bias) {
        double[][] w = new double[weights.length][];
        for (int i = 0; i < weights.length; i++) {
            w[i] = new double[weights[i].length];
            for (int j = 0; j < w[i].length; j++) {
                w[i][j] = weights[i][j];
            }
        }
        double[] b = new double[bias.length];
        for (int j = 0; j < b.length; j++) {
            b[j] = bias[j];
        }
        return new BinaryProjection(new float[weights.length], w, b);
    }

    /** Code width. */
    public int bits() {
        return bits;
    }

    /** The code of one embedding: bit j set when the j-th projection of the centred embedding is positive. */
    public long[] code(float[] embedding) {
        long[] code = new long[Codes.words(bits)];
        for (int j = 0; j < bits; j++) {
            double v = offset[j];
            for (int i = 0; i < embedding.length; i++) {
                v += (embedding[i] - mean[i]) * projection[i][j];
            }
            if (v > 0) {
                code[j >>> 6] |= 1L << (j & 63);
            }
        }
        return code;
    }

    /** The codes of many embeddings. */
    public long[][] codes(float[][] embeddings) {
        long[][] out = new long[embeddings.length][];
        for (int i = 0; i < embeddings.length; i++) {
            out[i] = code(embeddings[i]);
        }
        return out;
    }

    static float[] mean(float[][] x) {
        float[] m = new float[x[0].length];
        for (float[] row : x) {
            for (int i = 0; i < m.length; i++) {
                m[i] += row[i] / x.length;
            }
        }
        return m;
    }
}
