package io.txmatch.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.txmatch.model.BundleManifest;
import io.txmatch.model.Encoder;
import io.txmatch.model.EncoderSpec;
import io.txmatch.model.ModelBundle;
import io.txmatch.model.TextNormaliser;
import io.txmatch.trainer.data.DescriptorGenerator;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.graph.EncoderGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The loop keeps what the handed-in evaluator scores best and stops when it stalls. */
class EncoderTrainingTest {
    private static final EncoderSpec SPEC = new EncoderSpec(TextNormaliser.LATEST.alphabet(), 24, List.of(3), 8, 64, 8, 16, 32);
    private static final String TEXT = "CHECKCARD 0615 OUTBACK TEMPE AZ";
    private static final DescriptorGenerator GENERATOR = new DescriptorGenerator();
    private static final PkBatchSampler SAMPLER = new PkBatchSampler(GENERATOR, GENERATOR.merchants(2, 60),
            List.of(Family.values()), null, false, 4, 2, 0);

    private static EncoderTraining training(long seed) {
        return new EncoderTraining(new EncoderTraining.Settings(SPEC, TextNormaliser.LATEST, EncoderLoss.INFONCE, 0.5, 1e-2,
                100, 5, 2), new Random(seed));
    }

    /** Scores from a script, one per call; keeps each check's embedding of {@link #TEXT}. */
    private static final class Scripted implements EmbeddingEvaluator {
        private final double[] scores;
        private final List<float[]> seen = new ArrayList<>();

        Scripted(double... scores) {
            this.scores = scores;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public double evaluate(Function<List<String>, float[][]> embed) {
            seen.add(embed.apply(List.of(TEXT))[0]);
            return scores[Math.min(seen.size() - 1, scores.length - 1)];
        }
    }

    @Test
    void it_stops_after_patience_checks_without_improvement_and_keeps_the_best_weights() throws Exception {
        Random rng = new Random(3);
        Scripted evaluator = new Scripted(0.1, 0.5, 0.4, 0.3, 0.9);
        EncoderTraining.Result r = training(8).run(() -> SAMPLER.next(rng), evaluator, TrainingListener.NONE);

        // Checks at steps 0 (0.1), 5 (0.5, best), 10 (0.4), 15 (0.3): two without improvement, stop at 15.
        assertThat(r.steps()).isEqualTo(15);
        assertThat(r.bestScore()).isEqualTo(0.5);
        assertThat(r.validation()).extracting(p -> p[0]).containsExactly(0.0, 5.0, 10.0, 15.0);
        assertThat(r.validation()).extracting(p -> p[1]).containsExactly(0.1, 0.5, 0.4, 0.3);
        assertThat(r.lossCurve()).extracting(p -> p[0]).containsExactly(1.0, 10.0);
        assertThat(r.weights().keySet()).containsExactlyElementsOf(
                SPEC.tensorShapes().keySet().stream().filter(n -> !n.startsWith("hash")).toList());

        // The kept weights are step 5's: served, they embed as the evaluator saw them then, not as at the stop.
        float[] atBest = evaluator.seen.get(1);
        float[] atStop = evaluator.seen.get(3);
        float moved = 0;
        for (int d = 0; d < atBest.length; d++) {
            moved = Math.max(moved, Math.abs(atBest[d] - atStop[d]));
        }
        assertThat(moved).as("weights moved between steps 5 and 15").isGreaterThan(1e-3f);
        float[] kept = served(r.weights()).encode(List.of(TEXT)).embeddings()[0];
        for (int d = 0; d < kept.length; d++) {
            assertThat(kept[d]).as("dim %d", d).isCloseTo(atBest[d], within(1e-4f));
        }
    }

    @Test
    void untrained_weights_are_kept_when_nothing_beats_them() {
        Random rng = new Random(3);
        EncoderTraining.Result r = training(8).run(() -> SAMPLER.next(rng), new Scripted(1.0, 0.0), TrainingListener.NONE);
        assertThat(r.steps()).isEqualTo(10);
        assertThat(r.bestScore()).isEqualTo(1.0);
        // The initial weights are drawn from the seed's Random in tensor order.
        Random init = new Random(8);
        for (String name : r.weights().keySet()) {
            float[] expected = EncoderGraph.tensor(EncoderGraph.initial(name, SPEC.tensorShapes().get(name), init)).values();
            assertThat(r.weights().get(name).values()).as(name).isEqualTo(expected);
        }
    }

    /** The serving encoder of encoder weights, with an all-zero hashing layer. */
    private static Encoder served(Map<String, ModelBundle.Tensor> weights) throws Exception {
        Map<String, ModelBundle.Tensor> tensors = new LinkedHashMap<>(weights);
        tensors.put("hash_W", new ModelBundle.Tensor(new long[] {SPEC.embeddingDim(), SPEC.bits()},
                new float[SPEC.embeddingDim() * SPEC.bits()]));
        tensors.put("hash_b", new ModelBundle.Tensor(new long[] {SPEC.bits()}, new float[SPEC.bits()]));
        return Encoder.of(new ModelBundle(new BundleManifest(BundleManifest.CHARCNN_V1, TextNormaliser.LATEST.version(), SPEC, 8,
                "test", "2026-01-01T00:00:00Z", null, null), tensors));
    }
}
