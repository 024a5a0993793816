package io.txmatch.trainer;

import io.txmatch.model.EncoderSpec;
import io.txmatch.model.ModelBundle;
import io.txmatch.model.TextNormaliser;
import io.txmatch.trainer.graph.EncoderGraph;
import io.txmatch.trainer.graph.GraphEncoder;
import io.txmatch.trainer.graph.GraphFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The encoder's training loop: builds {@link EncoderGraph} with a loss on top, fits it batch by batch with Adam, asks
 * the evaluator it is handed every {@code evalEvery} steps, keeps the best-scoring weights and stops early after
 * {@code patience} checks without improvement. Batches, evaluator and listener come from the caller; nothing here
 * knows where the texts come from.
 *
 * <pre>{@code
 * EncoderTraining.Result r = new EncoderTraining(settings, rng).run(() -> sampler.next(rng), validation, listener);
 * Map<String, ModelBundle.Tensor> weights = r.weights();   // the encoder's tensors, without the hashing layer
 * }</pre>
 */
public final class EncoderTraining {
    /**
     * What the loop runs.
     *
     * @param spec         encoder shape
     * @param normaliser   applied to every text before featurising
     * @param loss         the metric-learning loss
     * @param margin       triplet margin on squared distance ({@link EncoderLoss#BATCH_HARD_TRIPLET} only)
     * @param learningRate Adam learning rate
     * @param steps        most steps
     * @param evalEvery    steps between evaluations
     * @param patience     evaluations without improvement before stopping
     */
    public record Settings(EncoderSpec spec, TextNormaliser normaliser, EncoderLoss loss, double margin, double learningRate,
                           int steps, int evalEvery, int patience) {
    }

    /**
     * What the loop produced.
     *
     * @param weights    the best-scoring encoder tensors (every tensor of {@link EncoderSpec#tensorShapes()} but the hash layer)
     * @param steps      steps run
     * @param bestScore  the evaluator's best score (the untrained encoder's when training never beat it)
     * @param lossCurve  (step, batch loss), sampled every 10 steps and at step 1
     * @param validation (step, score), from step 0 (untrained)
     */
    public record Result(Map<String, ModelBundle.Tensor> weights, int steps, double bestScore, List<double[]> lossCurve,
                         List<double[]> validation) {
    }

    private static final String POS_MASK = "posMask";
    private static final String NEG_MASK = "negMask";

    private final Settings settings;
    private final SameDiff sd = SameDiff.create();
    private final GraphFeatures features;
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    /** Builds the training graph; its initial weights are drawn from {@code rng} ({@link EncoderGraph#initial}). */
    public EncoderTraining(Settings settings, Random rng) {
        this.settings = settings;
        this.features = new GraphFeatures(settings.spec());
        EncoderGraph.Params init = (g, name, shape) -> {
            shapes.put(name, shape);
            return g.var(name, EncoderGraph.initial(name, shape, rng));
        };
        SDVariable emb = EncoderGraph.embedding(sd, settings.spec(), init);
        SDVariable posMask = sd.placeHolder(POS_MASK, DataType.FLOAT, -1, -1);
        SDVariable negMask = sd.placeHolder(NEG_MASK, DataType.FLOAT, -1, -1);
        SDVariable sim = emb.mmul(emb.permute(1, 0));
        sd.setLossVariables(settings.loss().build(sd, sim, posMask, negMask, settings.margin()));
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(settings.learningRate()))
                .dataSetFeatureMapping(features.inputNames()).dataSetLabelMapping(POS_MASK, NEG_MASK).build());
    }

    /** Embeddings of raw texts by the graph's current weights. */
    public float[][] embed(List<String> raw) {
        return GraphEncoder.embeddings(sd, features, settings.normaliser(), raw);
    }

    /** Runs the loop on {@code batches}, scoring with {@code evaluator}; call once. */
    public Result run(Supplier<PkBatchSampler.Batch> batches, EmbeddingEvaluator evaluator, TrainingListener listener) {
        List<double[]> lossCurve = new ArrayList<>();
        List<double[]> validation = new ArrayList<>();
        Map<String, INDArray> best = snapshot();
        double bestScore = evaluator.evaluate(this::embed);
        validation.add(new double[] {0, bestScore});
        listener.log(String.format("step 0: %s %.4f (untrained)", evaluator.name(), bestScore));
        listener.phase("encoder", settings.steps());
        List<String> inputs = features.inputNames();
        int sinceBest = 0;
        int step = 0;
        while (step < settings.steps()) {
            PkBatchSampler.Batch batch = batches.get();
            Map<String, INDArray> feats = features.features(batch.texts().stream().map(settings.normaliser()::normalise).toList());
            INDArray[] masks = masks(batch);
            INDArray[] in = new INDArray[inputs.size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = feats.get(inputs.get(i));
            }
            MultiDataSet mds = new MultiDataSet(in, masks);
            if (step == 0) {
                EncoderGraph.quietly(() -> sd.fit(mds));
            } else {
                sd.fit(mds);
            }
            step++;
            double lossValue = Double.NaN;
            if (step % 10 == 0 || step == 1) {
                Map<String, INDArray> ph = new HashMap<>(feats);
                ph.put(POS_MASK, masks[0]);
                ph.put(NEG_MASK, masks[1]);
                lossValue = sd.output(ph, EncoderLoss.LOSS).get(EncoderLoss.LOSS).getDouble(0);
                lossCurve.add(new double[] {step, lossValue});
            }
            String msg = lossCurve.isEmpty() ? "" : String.format("loss %.4f best val %.3f", lossCurve.get(lossCurve.size() - 1)[1], bestScore);
            listener.step(step, lossValue, msg);
            if (step % settings.evalEvery() == 0 || step == settings.steps()) {
                double score = evaluator.evaluate(this::embed);
                validation.add(new double[] {step, score});
                listener.log(String.format("step %d: %s %.4f", step, evaluator.name(), score));
                if (score > bestScore) {
                    bestScore = score;
                    best = snapshot();
                    sinceBest = 0;
                } else if (++sinceBest >= settings.patience()) {
                    listener.log("early stop at step " + step + " (best " + evaluator.name() + " " + bestScore + ")");
                    break;
                }
            }
        }
        Map<String, ModelBundle.Tensor> weights = new LinkedHashMap<>();
        best.forEach((name, arr) -> weights.put(name, EncoderGraph.tensor(arr)));
        return new Result(weights, step, bestScore, lossCurve, validation);
    }

    /** {@code posMask} (same merchant, not itself) and {@code negMask} (another merchant) of a batch. */
    private static INDArray[] masks(PkBatchSampler.Batch batch) {
        int n = batch.texts().size();
        float[] pos = new float[n * n];
        float[] neg = new float[n * n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                boolean same = batch.sameMerchant(a, b);
                pos[a * n + b] = same && a != b ? 1f : 0f;
                neg[a * n + b] = same ? 0f : 1f;
            }
        }
        return new INDArray[] {Nd4j.create(pos, new long[] {n, n}, 'c'), Nd4j.create(neg, new long[] {n, n}, 'c')};
    }

    private Map<String, INDArray> snapshot() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : shapes.keySet()) {
            out.put(name, sd.getVariable(name).getArr().dup());
        }
        return out;
    }
}
