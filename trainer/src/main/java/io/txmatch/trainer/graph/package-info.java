/**
 * The encoder as an ND4J SameDiff graph, for training only: {@link io.txmatch.trainer.graph.EncoderGraph} builds it,
 * {@link io.txmatch.trainer.graph.GraphFeatures} turns normalised texts into its input arrays and
 * {@link io.txmatch.trainer.graph.GraphEncoder} runs it. Serving never loads this package: {@code model/} computes the
 * same function in plain Java ({@code io.txmatch.model.Encoder}), so ND4J stays on the trainer's classpath alone.
 */
package io.txmatch.trainer.graph;
