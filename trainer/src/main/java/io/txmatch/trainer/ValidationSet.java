package io.txmatch.trainer;

import io.txmatch.model.Encoder;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.data.Merchant;
import io.txmatch.trainer.eval.OneShotEval;
import java.util.List;
import java.util.function.Function;

/** One-shot validation during training: one enrolled descriptor per merchant, two queries each. */
final class ValidationSet implements EmbeddingEvaluator {
    private final OneShotEval.Protocol protocol;

    private ValidationSet(OneShotEval.Protocol protocol) {
        this.protocol = protocol;
    }

    static ValidationSet of(OneShotEval.Protocol protocol) {
        return new ValidationSet(protocol);
    }

    static ValidationSet of(List<Merchant> merchants, List<Family> families, long seed) {
        return new ValidationSet(OneShotEval.protocol("validation", merchants, families, families, 2, seed));
    }

    @Override
    public String name() {
        return "validation one-shot top-1";
    }

    /** Float-cosine top-1 with embeddings from {@code embed} (the training graph, mid-training). */
    @Override
    public double evaluate(Function<List<String>, float[][]> embed) {
        return OneShotEval.top1Cosine(embed.apply(protocol.gallery()), embed.apply(protocol.queries()), protocol.truth());
    }

    /** Expected top-1 of pure Hamming ranking with a finished encoder. */
    double top1Hamming(Encoder encoder) {
        return OneShotEval.top1Hamming(encoder.encode(protocol.gallery()).codes(), encoder.encode(protocol.queries()).codes(),
                protocol.truth());
    }
}
