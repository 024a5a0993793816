package io.txmatch.trainer;

import io.txmatch.model.ModelBundle;
import io.txmatch.trainer.eval.BinaryProjection;
import io.txmatch.trainer.graph.EncoderGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Trains the hashing layer: a semantic-hashing autoencoder (Salakhutdinov and Hinton), embedding -> sigmoid(W e + b +
 * noise) -> linear decoder -> embedding. Gaussian noise before the sigmoid, ramped up over the first 30% of steps,
 * pushes the bottleneck towards 0/1 so that thresholding at 0.5 loses little. Only the encoder half is kept: bit
 * {@code i} of a code is {@code (W e + b)[i] > 0}.
 *
 * <pre>{@code
 * HasherTraining.Result h = HasherTraining.train(embeddings, 64, 1500, 2.0, seed, TrainingListener.NONE);
 * tensors.putAll(h.tensors());                 // hash_W, hash_b of a bundle
 * BinaryProjection p = h.projection();         // the same layer, for codes of other widths in the eval
 * }</pre>
 */
public final class HasherTraining {
    /** Adam learning rate of {@link #train(float[][], int, int, double, long, TrainingListener)}. */
    public static final double LEARNING_RATE = 1e-2;

    /**
     * A trained hashing layer.
     *
     * @param weights {@code [embeddingDim][bits]}, applied to raw (uncentred) embeddings
     * @param bias    {@code [bits]}
     * @param stats   bit balance, near-binary share and constant bits on the training embeddings, without noise
     * @param curve   (step, reconstruction loss), every 25 steps and at step 1
     */
    public record Result(float[][] weights, float[] bias, Map<String, Double> stats, List<double[]> curve) {
        /** The layer as a bundle's {@code hash_W} and {@code hash_b}. */
        public Map<String, ModelBundle.Tensor> tensors() {
            int dim = weights.length;
            int bits = bias.length;
            float[] w = new float[dim * bits];
            for (int i = 0; i < dim; i++) {
                System.arraycopy(weights[i], 0, w, i * bits, bits);
            }
            Map<String, ModelBundle.Tensor> out = new LinkedHashMap<>();
            out.put("hash_W", new ModelBundle.Tensor(new long[] {dim, bits}, w));
            out.put("hash_b", new ModelBundle.Tensor(new long[] {bits}, bias.clone()));
            return out;
        }

        /** The layer as a projection to codes. */
        public BinaryProjection projection() {
            return BinaryProjection.learned(weights, bias);
        }
    }

    private HasherTraining() {
    }

    /** Trains {@code bits} bits on {@code embeddings} for {@code steps} steps at {@link #LEARNING_RATE}. */
    public static Result train(float[][] embeddings, int bits, int steps, double sigma, long seed, TrainingListener listener) {
        return train(embeddings, bits, steps, sigma, LEARNING_RATE, seed, listener);
    }

    /**
     * Trains {@code bits} bits on {@code embeddings}.
     *
     * @param sigma final standard deviation of the bottleneck noise
     * @param lr    Adam learning rate
     * @param seed  seed of initial weights, batches and noise
     */
    public static Result train(float[][] embeddings, int bits, int steps, double sigma, double lr, long seed,
                               TrainingListener listener) {
        int dim = embeddings[0].length;
        int n = embeddings.length;
        Random rng = new Random(seed);
        // Centre on the mean embedding and scale components to unit RMS: embeddings of a young encoder sit in a
        // narrow cone, where uncentred logits barely depend on the input and bits collapse to constants; and
        // unit-scale inputs let the logits outgrow the noise. Both fold into the exported layer (see below).
        INDArray raw = Nd4j.create(embeddings);
        INDArray mean = raw.mean(0);
        INDArray centred = raw.subRowVector(mean);
        float scale = (float) (1.0 / Math.max(1e-6, Math.sqrt(centred.mul(centred).meanNumber().doubleValue())));
        INDArray all = centred.muli(scale);
        SameDiff sd = SameDiff.create();
        SDVariable emb = sd.placeHolder("emb", DataType.FLOAT, -1, dim);
        SDVariable noise = sd.placeHolder("noise", DataType.FLOAT, -1, bits);
        SDVariable w = sd.var("hash_W", EncoderGraph.initial("hash_W", new long[] {dim, bits}, rng));
        SDVariable b = sd.var("hash_b", Nd4j.zeros(DataType.FLOAT, bits));
        SDVariable code = sd.nn().sigmoid(emb.mmul(w).add(b).add(noise));
        SDVariable dw = sd.var("dec_W", EncoderGraph.initial("dec_W", new long[] {bits, dim}, rng));
        SDVariable db = sd.var("dec_b", Nd4j.zeros(DataType.FLOAT, dim));
        SDVariable diff = code.mmul(dw).add(db).sub(emb);
        SDVariable loss = diff.mul(diff).sum(1).mean("loss");
        sd.setLossVariables(loss);
        // "noise" rides in the label slot: the reconstruction target is the input itself.
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(lr))
                .dataSetFeatureMapping("emb").dataSetLabelMapping("noise").build());
        listener.phase("hasher", steps);
        int batch = 256;
        List<double[]> curve = new ArrayList<>();
        for (int step = 1; step <= steps; step++) {
            int[] rows = rng.ints(batch, 0, n).toArray();
            INDArray x = Nd4j.create(DataType.FLOAT, batch, dim);
            for (int i = 0; i < batch; i++) {
                x.putRow(i, all.getRow(rows[i]));
            }
            double s = sigma * Math.min(1.0, step / (0.3 * steps));
            float[] z = new float[batch * bits];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) (rng.nextGaussian() * s);
            }
            INDArray nz = Nd4j.create(z, new long[] {batch, bits}, 'c');
            MultiDataSet mds = new MultiDataSet(new INDArray[] {x}, new INDArray[] {nz});
            if (step == 1) {
                EncoderGraph.quietly(() -> sd.fit(mds));
            } else {
                sd.fit(mds);
            }
            double lv = Double.NaN;
            if (step % 25 == 0 || step == 1) {
                lv = sd.output(Map.of("emb", x, "noise", Nd4j.zeros(DataType.FLOAT, batch, bits)), "loss").get("loss").getDouble(0);
                curve.add(new double[] {step, lv});
            }
            listener.step(step, lv, curve.isEmpty() ? "" : String.format("recon %.4f", curve.get(curve.size() - 1)[1]));
        }
        // z = ((e - mean) * scale) W + b = e (scale W) + (b - mean (scale W))
        INDArray weights = w.getArr().mul(scale);
        INDArray bias = b.getArr().sub(mean.reshape(1, dim).mmul(weights).reshape(bits));
        return new Result(weights.toFloatMatrix(), bias.toFloatVector(), stats(raw, weights, bias), curve);
    }

    /** Bit balance, near-binary fraction and constant bits of sigmoid(W e + b) without noise. */
    static Map<String, Double> stats(INDArray embeddings, INDArray w, INDArray b) {
        INDArray act = Transforms.sigmoid(embeddings.mmul(w).addRowVector(b), true);
        float[][] a = act.toFloatMatrix();
        int bits = a[0].length;
        double near = 0;
        double[] ones = new double[bits];
        for (float[] row : a) {
            for (int j = 0; j < bits; j++) {
                if (row[j] < 0.1 || row[j] > 0.9) {
                    near++;
                }
                if (row[j] > 0.5) {
                    ones[j]++;
                }
            }
        }
        double minBalance = 1;
        double maxBalance = 0;
        int constant = 0;
        for (int j = 0; j < bits; j++) {
            double p = ones[j] / a.length;
            minBalance = Math.min(minBalance, p);
            maxBalance = Math.max(maxBalance, p);
            if (p < 0.01 || p > 0.99) {
                constant++;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("bits_near_binary", near / ((double) a.length * bits));
        out.put("bits_constant", (double) constant);
        out.put("bit_balance_min", minBalance);
        out.put("bit_balance_max", maxBalance);
        return out;
    }
}
