package io.txmatch.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded bundles of random weights, with the tensor names and shapes of {@link EncoderSpec#tensorShapes()}; shared
 * with the trainer's tests through this module's test jar.
 */
public final class RandomBundles {
    private RandomBundles() {
    }

    /** A tiny shape with the version 1 alphabet. */
    public static EncoderSpec tinySpec() {
        return tinySpec(TextNormaliser.VERSION_1);
    }

    /** The tiny shape with {@code normaliser}'s alphabet. */
    public static EncoderSpec tinySpec(TextNormaliser normaliser) {
        return new EncoderSpec(normaliser.alphabet(), 24, List.of(2, 3), 8, 64, 8, 16, 40);
    }

    /** Random weights, recording normaliser version 1. */
    public static ModelBundle random(EncoderSpec spec, long seed) {
        return random(spec, seed, 1);
    }

    /** Random weights, recording {@code normaliserVersion}. */
    public static ModelBundle random(EncoderSpec spec, long seed, int normaliserVersion) {
        Map<String, long[]> shapes = spec.tensorShapes();
        Random r = new Random(seed);
        Map<String, ModelBundle.Tensor> tensors = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            float[] v = new float[(int) n];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian() * 0.3f;
            }
            tensors.put(name, new ModelBundle.Tensor(shape, v));
        });
        BundleManifest m = new BundleManifest(BundleManifest.CHARCNN_V1, normaliserVersion, spec, seed, "test",
                "2026-01-01T00:00:00Z",
                new TrainingRecord(0, "2x2", "test", 1e-3, 10, null, null, null, null, List.of("ach"), 1, 2.0, null, null, Map.of()),
                Map.of("val_top1_float", 0.5));
        return new ModelBundle(m, tensors);
    }
}
