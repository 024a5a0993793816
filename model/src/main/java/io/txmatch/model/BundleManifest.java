package io.txmatch.model;

import java.util.Map;

/**
 * The JSON manifest stored in a {@link ModelBundle}.
 *
 * @param architecture      name of the forward graph ({@code charcnn-v1} for {@link EncoderGraph})
 * @param normaliserVersion {@link TextNormaliser#version()} the model was trained with, and its encoder normalises with
 * @param spec              encoder shape
 * @param seed              training seed
 * @param dataHash          hash of the training data (hex)
 * @param createdAt         ISO-8601 instant
 * @param training          how it was trained (steps, batch, data source, command)
 * @param metrics           evaluation figures recorded at training time
 */
public record BundleManifest(String architecture, int normaliserVersion, EncoderSpec spec, long seed,
                             String dataHash, String createdAt, Map<String, Object> training,
                             Map<String, Double> metrics) {
    /** The only architecture this build can run. */
    public static final String CHARCNN_V1 = "charcnn-v1";

    public BundleManifest {
        training = training == null ? Map.of() : Map.copyOf(training);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
