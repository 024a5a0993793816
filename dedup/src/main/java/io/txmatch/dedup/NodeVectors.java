package io.txmatch.dedup;

import io.txmatch.index.Codes;
import io.txmatch.model.Encoder;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;

/**
 * Embeddings and binary codes of every node, in flat arrays (node {@code i}'s embedding is
 * {@code embeddings[i * dim .. (i + 1) * dim)}, its code {@code codes[i * words .. (i + 1) * words)}).
 */
public final class NodeVectors implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** Texts encoded per task; small enough for steady progress, large enough to keep both cores busy. */
    static final int CHUNK = 512;

    private final int bits;
    private final int dim;
    private final int words;
    private final float[] embeddings;
    private final long[] codes;

    /** Wraps already computed vectors (the Spark job collects them from its executors). */
    public NodeVectors(int bits, int dim, float[] embeddings, long[] codes) {
        Codes.checkBits(bits);
        this.bits = bits;
        this.dim = dim;
        this.words = Codes.words(bits);
        if (embeddings.length % dim != 0 || codes.length % words != 0 || embeddings.length / dim != codes.length / words) {
            throw new IllegalArgumentException("embeddings and codes disagree on the node count");
        }
        this.embeddings = embeddings;
        this.codes = codes;
    }

    /** Encodes every node's text with {@code encoder}, in parallel chunks. */
    public static NodeVectors encode(Encoder encoder, DedupNodes nodes, DedupProgress progress) {
        int n = nodes.size();
        NodeVectors v = empty(encoder, n);
        progress.stage(DedupProgress.Stage.ENCODE, n);
        IntStream.range(0, (n + CHUNK - 1) / CHUNK).parallel().forEach(c -> {
            if (progress.cancelled()) {
                throw new CancellationException("dedup cancelled");
            }
            int from = c * CHUNK;
            int to = Math.min(n, from + CHUNK);
            v.fill(encoder, from, IntStream.range(from, to).mapToObj(nodes::text).toList());
            progress.advance(to - from);
        });
        return v;
    }

    /** Encodes a list of raw texts (one vector per text): the per-partition step of the Spark job. */
    public static NodeVectors encode(Encoder encoder, List<String> texts) {
        NodeVectors v = empty(encoder, texts.size());
        for (int from = 0; from < texts.size(); from += CHUNK) {
            v.fill(encoder, from, texts.subList(from, Math.min(texts.size(), from + CHUNK)));
        }
        return v;
    }

    private static NodeVectors empty(Encoder encoder, int n) {
        return new NodeVectors(encoder.bits(), encoder.spec().embeddingDim(), new float[n * encoder.spec().embeddingDim()],
                new long[n * Codes.words(encoder.bits())]);
    }

    /** Encodes {@code texts} into the vectors of nodes {@code from, from + 1, ...}. */
    private void fill(Encoder encoder, int from, List<String> texts) {
        Encoder.Encoded e = encoder.encode(texts);
        for (int i = 0; i < texts.size(); i++) {
            System.arraycopy(e.embeddings()[i], 0, embeddings, (from + i) * dim, dim);
            System.arraycopy(e.codes()[i], 0, codes, (from + i) * words, words);
        }
    }

    public int size() {
        return codes.length / words;
    }

    public int bits() {
        return bits;
    }

    public int dim() {
        return dim;
    }

    /** The flat embedding array (read only by convention). */
    public float[] embeddings() {
        return embeddings;
    }

    /** The flat code array (read only by convention). */
    public long[] codes() {
        return codes;
    }

    /** A copy of node {@code i}'s code. */
    public long[] code(int i) {
        return java.util.Arrays.copyOfRange(codes, i * words, (i + 1) * words);
    }

    /** Cosine of nodes {@code i} and {@code j} (embeddings are L2-normalised). */
    public float cosine(int i, int j) {
        int a = i * dim;
        int b = j * dim;
        float s = 0;
        for (int c = 0; c < dim; c++) {
            s += embeddings[a + c] * embeddings[b + c];
        }
        return s;
    }
}
