package io.txmatch.trainer.graph;

import io.txmatch.model.EncoderSpec;
import io.txmatch.model.ModelBundle;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds the encoder's forward graph in SameDiff, for training. Serving runs the same function in plain Java
 * ({@code io.txmatch.model.ForwardPass}, held to this graph by {@code ForwardPassTest}); the trainable arrays are
 * {@link EncoderSpec#tensorShapes()}, asked for in that order.
 *
 * <pre>
 * x&lt;w&gt; --mmul conv&lt;w&gt;_W + b, relu, * mask, max over time--&gt; pooled&lt;w&gt;   (one per kernel width)
 * ngrams --mmul ngram_W + b, relu--&gt; ng
 * concat(pooled..., ng) --mmul dense_W + b, L2-normalise--&gt; embedding
 * embedding --mmul hash_W + b--&gt; hash_logits   (bit i of the code is hash_logits[i] &gt; 0)
 * </pre>
 */
public final class EncoderGraph {
    /** Name of the L2-normalised embedding output. */
    public static final String EMBEDDING = "embedding";
    /** Name of the hashing layer's pre-activation output. */
    public static final String HASH_LOGITS = "hash_logits";

    /** Supplies the trainable arrays: freshly initialised when training, read from a bundle by {@link GraphEncoder}. */
    @FunctionalInterface
    public interface Params {
        /** The variable {@code name} of {@code shape}, added to {@code sd}. */
        SDVariable get(SameDiff sd, String name, long... shape);
    }

    private EncoderGraph() {
    }

    /** Adds the input placeholders and the embedding to {@code sd}; returns the embedding. */
    public static SDVariable embedding(SameDiff sd, EncoderSpec spec, Params params) {
        int len = spec.maxLength();
        int f = spec.filters();
        SDVariable mask = sd.placeHolder(GraphFeatures.MASK, DataType.FLOAT, -1, len, 1);
        List<SDVariable> parts = new ArrayList<>();
        for (int w : spec.convWidths()) {
            long cols = (long) w * spec.vocabSize();
            SDVariable x = sd.placeHolder(GraphFeatures.convInput(w), DataType.FLOAT, -1, cols);
            SDVariable conv = x.mmul(params.get(sd, "conv" + w + "_W", cols, f)).add(params.get(sd, "conv" + w + "_b", f));
            SDVariable act = sd.nn().relu(conv, 0).reshape(-1, len, f).mul(mask);
            parts.add(act.max(1));
        }
        int hidden = f * spec.convWidths().size();
        if (spec.ngramBuckets() > 0) {
            SDVariable ng = sd.placeHolder(GraphFeatures.NGRAMS, DataType.FLOAT, -1, spec.ngramBuckets());
            SDVariable h = ng.mmul(params.get(sd, "ngram_W", spec.ngramBuckets(), spec.ngramDim()))
                    .add(params.get(sd, "ngram_b", spec.ngramDim()));
            parts.add(sd.nn().relu(h, 0));
            hidden += spec.ngramDim();
        }
        SDVariable joined = parts.size() == 1 ? parts.get(0) : sd.concat(1, parts.toArray(new SDVariable[0]));
        SDVariable e = joined.mmul(params.get(sd, "dense_W", hidden, spec.embeddingDim()))
                .add(params.get(sd, "dense_b", spec.embeddingDim()));
        SDVariable norm = sd.math().sqrt(e.mul(e).sum(true, 1).add(1e-8));
        return e.div(EMBEDDING, norm);
    }

    /** Adds the hashing layer on top of {@code embedding}; returns its pre-activation. */
    public static SDVariable hashLogits(SameDiff sd, EncoderSpec spec, SDVariable embedding, Params params) {
        return embedding.mmul(params.get(sd, "hash_W", spec.embeddingDim(), spec.bits()))
                .add(HASH_LOGITS, params.get(sd, "hash_b", spec.bits()));
    }

    /**
     * Initial weights of the tensor {@code name}: Glorot-uniform with the fan-in of the non-zero inputs (a windowed
     * one-hot row of {@code conv<w>_W} has w of them, a trigram row one); zero biases (rank 1).
     */
    public static INDArray initial(String name, long[] shape, Random rng) {
        if (shape.length == 1) {
            return Nd4j.zeros(DataType.FLOAT, shape);
        }
        double fanIn;
        if (name.startsWith("conv")) {
            fanIn = Integer.parseInt(name.substring(4, name.indexOf('_')));
        } else if (name.startsWith("ngram")) {
            fanIn = 1;
        } else {
            fanIn = shape[0];
        }
        double limit = Math.sqrt(6.0 / (fanIn + shape[1]));
        float[] v = new float[(int) (shape[0] * shape[1])];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
        }
        return Nd4j.create(v, shape, 'c');
    }

    /** A bundle tensor of {@code arr}'s shape and values, row-major. */
    public static ModelBundle.Tensor tensor(INDArray arr) {
        return new ModelBundle.Tensor(arr.shape(), arr.dup('c').data().asFloat());
    }

    /** Runs {@code fit} with stdout silenced: SameDiff prints "Added differentiated op" lines while building gradients. */
    public static void quietly(Runnable fit) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        try {
            fit.run();
        } finally {
            System.setOut(original);
        }
    }
}
