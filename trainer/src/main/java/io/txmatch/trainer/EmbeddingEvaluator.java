package io.txmatch.trainer;

import java.util.List;
import java.util.function.Function;

/**
 * Scores an encoder from its embeddings, higher is better; {@link EncoderTraining} calls it every few steps, keeps the
 * weights of the best score and stops when the score stalls (as sentence-transformers calls the evaluator it is given).
 */
public interface EmbeddingEvaluator {
    /** What the score is, for logs and the manifest ({@code "validation one-shot top-1"}). */
    String name();

    /** The score of the encoder whose embeddings of raw texts {@code embed} returns. */
    double evaluate(Function<List<String>, float[][]> embed);
}
