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
        int dim = encoder.spec().embeddingDim();
        int words = Codes.words(encoder.bits());
        float[] emb = new float[n * dim];
        long[] codes = new long[n * words];
        progress.stage("encode", n);
        IntStream.range(0, (n + CHUNK - 1) / CHUNK).parallel().forEach(c -> {
            if (progress.cancelled()) {
                throw new CancellationException("dedup cancelled");
            }
            int from = c * CHUNK;
            int to = Math.min(n, from + CHUNK);
            Encoder.Encoded e = encoder.encode(IntStream.range(from, to).mapToObj(nodes::text).toList());
            for (int i = from; i < to; i++) {
                System.arraycopy(e.embeddings()[i - from], 0, emb, i * dim, dim);
                System.arraycopy(e.codes()[i - from], 0, codes, i * words, words);
            }
            progress.advance(to - from);
        });
        return new NodeVectors(encoder.bits(), dim, emb, codes);
    }

    /** Encodes a list of raw texts (one vector per text): the per-partition step of the Spark job. */
    public static NodeVectors encode(Encoder encoder, List<String> texts) {
        int dim = encoder.spec().embeddingDim();
        int words = Codes.words(encoder.bits());
        float[] emb = new float[texts.size() * dim];
        long[] codes = new long[texts.size() * words];
        for (int from = 0; from < texts.size(); from += CHUNK) {
            int to = Math.min(texts.size(), from + CHUNK);
            Encoder.Encoded e = encoder.encode(texts.subList(from, to));
            for (int i = from; i < to; i++) {
                System.arraycopy(e.embeddings()[i - from], 0, emb, i * dim, dim);
                System.arraycopy(e.codes()[i - from], 0, codes, i * words, words);
            }
        }
        return new NodeVectors(encoder.bits(), dim, emb, codes);
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
