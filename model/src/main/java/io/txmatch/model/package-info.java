/**
 * The model bundle and inference, in plain Java (no ND4J: the serving classpath stays small).
 *
 * <ul>
 *   <li>{@link io.txmatch.model.ModelBundle}: the {@code .txmb} file format (magic, version, checksum), with
 *       {@link io.txmatch.model.BundleManifest} and its typed {@link io.txmatch.model.TrainingRecord};
 *       {@link io.txmatch.model.ModelBundle#BUNDLED} is the one default model path.</li>
 *   <li>{@link io.txmatch.model.TextNormaliser} (versioned; {@link io.txmatch.model.TextNormaliser#MAX_TEXT} is the one
 *       text limit), {@link io.txmatch.model.Featurizer}, {@link io.txmatch.model.EncoderSpec}.</li>
 *   <li>{@link io.txmatch.model.Encoder}: text to embedding and binary code, through
 *       {@link io.txmatch.model.ForwardPass}, the trained graph's function in plain Java.</li>
 *   <li>{@link io.txmatch.model.ExactJson}: the one exact-decimal JSON mapper.</li>
 * </ul>
 *
 * <p>The SameDiff graph that trains the encoder lives in the trainer ({@code io.txmatch.trainer.graph}).
 */
package io.txmatch.model;
