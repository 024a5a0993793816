package io.txmatch.trainer.graph;

import io.txmatch.model.EncoderSpec;
import io.txmatch.model.Featurizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns normalised texts into the input arrays of {@link EncoderGraph}, from the {@link Featurizer} that serving uses.
 *
 * <p>For each kernel width {@code w} the input {@code x<w>} is a windowed one-hot matrix of shape
 * {@code [batch * maxLength, w * vocab]}: row {@code (b, t)} holds the one-hot ids of the {@code w}
 * characters centred on position {@code t}. Multiplying it by a {@code [w * vocab, filters]} weight is a
 * width-{@code w} convolution over a learned character embedding, with embedding and kernel folded into
 * one matrix. {@code mask} {@code [batch, maxLength, 1]} is 1 on real characters. {@code ngrams}
 * {@code [batch, buckets]} is the dense form of {@link Featurizer#trigrams}.
 */
public final class GraphFeatures {
    /** Input name of the real-character mask. */
    public static final String MASK = "mask";
    /** Input name of the trigram vector. */
    public static final String NGRAMS = "ngrams";

    private final EncoderSpec spec;
    private final Featurizer featurizer;

    /** Inputs of {@code spec}'s graph. */
    public GraphFeatures(EncoderSpec spec) {
        this.spec = spec;
        this.featurizer = new Featurizer(spec);
    }

    /** Graph input name of the convolution of width {@code w}. */
    public static String convInput(int w) {
        return "x" + w;
    }

    /** Every input name, in the order a training config maps a data set's features to them. */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>();
        for (int w : spec.convWidths()) {
            names.add(convInput(w));
        }
        names.add(MASK);
        if (spec.ngramBuckets() > 0) {
            names.add(NGRAMS);
        }
        return names;
    }

    /** Input arrays for a batch of already normalised texts, keyed by graph input name. */
    public Map<String, INDArray> features(List<String> normalised) {
        int batch = normalised.size();
        int len = spec.maxLength();
        int vocab = spec.vocabSize();
        int[][] ids = new int[batch][];
        for (int b = 0; b < batch; b++) {
            ids[b] = featurizer.ids(normalised.get(b));
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
        out.put(MASK, Nd4j.create(mask, new long[] {batch, len, 1}, 'c'));
        if (spec.ngramBuckets() > 0) {
            out.put(NGRAMS, Nd4j.create(ngrams(normalised), new long[] {batch, spec.ngramBuckets()}, 'c'));
        }
        return out;
    }

    private float[] ngrams(List<String> normalised) {
        int buckets = spec.ngramBuckets();
        float[] v = new float[normalised.size() * buckets];
        for (int b = 0; b < normalised.size(); b++) {
            int room = normalised.get(b).length() + 2;
            int[] keys = new int[room];
            float[] vals = new float[room];
            int n = featurizer.trigrams(normalised.get(b), keys, vals);
            for (int i = 0; i < n; i++) {
                v[b * buckets + keys[i]] = vals[i];
            }
        }
        return v;
    }
}
