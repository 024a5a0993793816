package io.txmatch.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns normalised texts into the encoder graph's input arrays.
 *
 * <p>For each kernel width {@code w} the input {@code x<w>} is a windowed one-hot matrix of shape
 * {@code [batch * maxLength, w * vocab]}: row {@code (b, t)} holds the one-hot ids of the {@code w}
 * characters centred on position {@code t}. Multiplying it by a {@code [w * vocab, filters]} weight is a
 * width-{@code w} convolution over a learned character embedding, with embedding and kernel folded into
 * one matrix. {@code mask} {@code [batch, maxLength, 1]} is 1 on real characters. {@code ngrams}
 * {@code [batch, buckets]} holds L2-normalised, log-scaled counts of hashed character trigrams of
 * {@code " " + text + " "}.
 */
public final class Featurizer {
    private final EncoderSpec spec;
    private final int[] charId = new int[128];

    public Featurizer(EncoderSpec spec) {
        this.spec = spec;
        for (int i = 0; i < spec.alphabet().length(); i++) {
            char c = spec.alphabet().charAt(i);
            if (c < 128) {
                charId[c] = i + 2;
            }
        }
    }

    /** Graph input name of the convolution of width {@code w}. */
    public static String convInput(int w) {
        return "x" + w;
    }

    /** Character ids of a normalised text, cut to maxLength; id 0 pads. */
    int[] ids(String normalised) {
        int n = Math.min(normalised.length(), spec.maxLength());
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            char c = normalised.charAt(i);
            int id = c < 128 ? charId[c] : 0;
            ids[i] = id == 0 ? 1 : id;
        }
        return ids;
    }

    /** Input arrays for a batch of already normalised texts, keyed by graph input name. */
    public Map<String, INDArray> features(List<String> normalised) {
        int batch = normalised.size();
        int len = spec.maxLength();
        int vocab = spec.vocabSize();
        int[][] ids = new int[batch][];
        for (int b = 0; b < batch; b++) {
            ids[b] = ids(normalised.get(b));
        }
        Map<String, INDArray> out = new HashMap<>();
        for (int w : spec.convWidths()) {
            int cols = w * vocab;
            float[] x = new float[batch * len * cols];
            int left = (w - 1) / 2;
            for (int b = 0; b < batch; b++) {
                int[] row = ids[b];
                for (int t = 0; t < row.length; t++) {
                    int base = (b * len + t) * cols;
                    for (int j = 0; j < w; j++) {
                        int pos = t - left + j;
                        if (pos >= 0 && pos < row.length) {
                            x[base + j * vocab + row[pos]] = 1f;
                        }
                    }
                }
            }
            out.put(convInput(w), Nd4j.create(x, new long[] {(long) batch * len, cols}, 'c'));
        }
        float[] mask = new float[batch * len];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < ids[b].length; t++) {
                mask[b * len + t] = 1f;
            }
        }
        out.put("mask", Nd4j.create(mask, new long[] {batch, len, 1}, 'c'));
        if (spec.ngramBuckets() > 0) {
            out.put("ngrams", Nd4j.create(ngrams(normalised), new long[] {batch, spec.ngramBuckets()}, 'c'));
        }
        for (INDArray a : out.values()) {
            if (a.dataType() != DataType.FLOAT) {
                throw new IllegalStateException("feature arrays must be float");
            }
        }
        return out;
    }

    /** The bucket of the trigram starting at {@code i} of {@code padded} ({@code " " + text + " "}). */
    static int trigramBucket(String padded, int i, int buckets) {
        int h = (padded.charAt(i) * 31 + padded.charAt(i + 1)) * 31 + padded.charAt(i + 2);
        h ^= h >>> 7;
        return Math.floorMod(h * 0x9E3779B1, buckets);
    }

    /**
     * The trigram vector of one normalised text, sparse: writes the non-zero buckets (ascending) to
     * {@code keys} and their values to {@code vals} (both at least {@code text.length()} long) and returns
     * how many. Values are log1p of the bucket's count, L2-normalised.
     */
    int trigrams(String normalised, int[] keys, float[] vals) {
        int buckets = spec.ngramBuckets();
        String padded = " " + normalised + " ";
        int[] bucket = new int[Math.max(0, padded.length() - 2)];
        for (int i = 0; i < bucket.length; i++) {
            bucket[i] = trigramBucket(padded, i, buckets);
        }
        java.util.Arrays.sort(bucket);
        int distinct = 0;
        for (int i = 0; i < bucket.length; ) {
            int j = i;
            while (j < bucket.length && bucket[j] == bucket[i]) {
                j++;
            }
            keys[distinct] = bucket[i];
            vals[distinct++] = (float) Math.log1p(j - i);
            i = j;
        }
        double norm = 0;
        for (int i = 0; i < distinct; i++) {
            norm += vals[i] * vals[i];
        }
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < distinct; i++) {
                vals[i] *= inv;
            }
        }
        return distinct;
    }

    private float[] ngrams(List<String> normalised) {
        int buckets = spec.ngramBuckets();
        float[] v = new float[normalised.size() * buckets];
        for (int b = 0; b < normalised.size(); b++) {
            int room = normalised.get(b).length() + 2;
            int[] keys = new int[room];
            float[] vals = new float[room];
            int n = trigrams(normalised.get(b), keys, vals);
            for (int i = 0; i < n; i++) {
                v[b * buckets + keys[i]] = vals[i];
            }
        }
        return v;
    }
}
