package io.txmatch.model;

import java.util.Arrays;
import java.util.Map;

/**
 * The encoder's inference, computed in plain Java from the bundle's tensors: the same function as the
 * trainer's SameDiff graph ({@code io.txmatch.trainer.graph.EncoderGraph}; the trainer's {@code ForwardPassTest}
 * holds the two to within float rounding on thousands of texts), without ND4J on the serving classpath. It exploits what the graph's inputs are: a windowed
 * one-hot row times a convolution matrix is the sum of {@code w} of the matrix's rows, and the trigram
 * vector has a few dozen non-zero entries. Thread-safe: weights are read only.
 */
final class ForwardPass {
    private final EncoderSpec spec;
    private final Featurizer featurizer;
    private final int[] widths;
    private final float[][] convW;
    private final float[][] convB;
    private final float[] ngramW;
    private final float[] ngramB;
    private final float[] denseW;
    private final float[] denseB;
    private final float[] hashW;
    private final float[] hashB;

    ForwardPass(EncoderSpec spec, Featurizer featurizer, Map<String, ModelBundle.Tensor> t) {
        this.spec = spec;
        this.featurizer = featurizer;
        this.widths = spec.convWidths().stream().mapToInt(Integer::intValue).toArray();
        this.convW = new float[widths.length][];
        this.convB = new float[widths.length][];
        for (int i = 0; i < widths.length; i++) {
            convW[i] = t.get("conv" + widths[i] + "_W").values();
            convB[i] = t.get("conv" + widths[i] + "_b").values();
        }
        boolean ngrams = spec.ngramBuckets() > 0;
        this.ngramW = ngrams ? t.get("ngram_W").values() : null;
        this.ngramB = ngrams ? t.get("ngram_b").values() : null;
        this.denseW = t.get("dense_W").values();
        this.denseB = t.get("dense_b").values();
        this.hashW = t.get("hash_W").values();
        this.hashB = t.get("hash_b").values();
    }

    /** Embedding and hash logits of one normalised text, written into the two arrays. */
    void run(String normalised, float[] embedding, float[] logits) {
        int f = spec.filters();
        int vocab = spec.vocabSize();
        int[] ids = featurizer.ids(normalised);
        int hidden = f * widths.length + (ngramW == null ? 0 : spec.ngramDim());
        float[] joined = new float[hidden];
        float[] acc = new float[f];
        for (int k = 0; k < widths.length; k++) {
            int w = widths[k];
            int left = (w - 1) / 2;
            float[] weights = convW[k];
            int out = k * f;
            // Max over time of relu(conv); padded positions count as 0, so the running max starts there.
            for (int t = 0; t < ids.length; t++) {
                System.arraycopy(convB[k], 0, acc, 0, f);
                for (int j = 0; j < w; j++) {
                    int pos = t - left + j;
                    if (pos >= 0 && pos < ids.length) {
                        int row = (j * vocab + ids[pos]) * f;
                        for (int c = 0; c < f; c++) {
                            acc[c] += weights[row + c];
                        }
                    }
                }
                for (int c = 0; c < f; c++) {
                    if (acc[c] > joined[out + c]) {
                        joined[out + c] = acc[c];
                    }
                }
            }
        }
        if (ngramW != null) {
            int dim = spec.ngramDim();
            int[] keys = new int[normalised.length() + 2];
            float[] vals = new float[keys.length];
            int distinct = featurizer.trigrams(normalised, keys, vals);
            float[] h = Arrays.copyOf(ngramB, dim);
            for (int i = 0; i < distinct; i++) {
                float v = vals[i];
                int row = keys[i] * dim;
                for (int c = 0; c < dim; c++) {
                    h[c] += v * ngramW[row + c];
                }
            }
            int out = f * widths.length;
            for (int c = 0; c < dim; c++) {
                joined[out + c] = Math.max(0f, h[c]);
            }
        }
        int e = spec.embeddingDim();
        System.arraycopy(denseB, 0, embedding, 0, e);
        for (int i = 0; i < hidden; i++) {
            float x = joined[i];
            if (x != 0f) {
                int row = i * e;
                for (int c = 0; c < e; c++) {
                    embedding[c] += x * denseW[row + c];
                }
            }
        }
        double sq = 0;
        for (int c = 0; c < e; c++) {
            sq += embedding[c] * embedding[c];
        }
        float inv = (float) (1 / Math.sqrt(sq + 1e-8));
        for (int c = 0; c < e; c++) {
            embedding[c] *= inv;
        }
        int bits = spec.bits();
        System.arraycopy(hashB, 0, logits, 0, bits);
        for (int i = 0; i < e; i++) {
            float x = embedding[i];
            int row = i * bits;
            for (int c = 0; c < bits; c++) {
                logits[c] += x * hashW[row + c];
            }
        }
    }
}
