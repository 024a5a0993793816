package io.txmatch.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON manifest stored in a {@link ModelBundle}.
 *
 * @param architecture      name of the forward function ({@code charcnn-v1}: {@code ForwardPass}, the trainer's SameDiff
 *                          {@code EncoderGraph})
 * @param normaliserVersion {@link TextNormaliser#version()} the model was trained with, and its encoder normalises with
 * @param spec              encoder shape
 * @param seed              training seed
 * @param dataHash          hash of the training data (hex)
 * @param createdAt         ISO-8601 instant
 * @param training          how it was trained (steps, batch, data source, curves); {@link TrainingRecord#EMPTY} when
 *                          the manifest records nothing
 * @param metrics           evaluation figures recorded at training time, in the order given
 */
public record BundleManifest(String architecture, int normaliserVersion, EncoderSpec spec, long seed,
                             String dataHash, String createdAt, TrainingRecord training,
                             Map<String, Double> metrics) {
    /** The only architecture this build can run. */
    public static final String CHARCNN_V1 = "charcnn-v1";

    public BundleManifest {
        training = training == null ? TrainingRecord.EMPTY : training;
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
