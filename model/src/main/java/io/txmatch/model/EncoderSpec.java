package io.txmatch.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shape of the char-CNN encoder and its hashing layer; written into the bundle manifest.
 *
 * @param alphabet      characters with their own id; id 0 is padding, id 1 any other character. The
 *                      bundle's own list, so a bundle keeps its ids: {@link TextNormaliser#alphabet()} of the
 *                      version it was trained with ({@link TextNormaliser#ALPHABET_V1} in bundles of
 *                      version 1)
 * @param maxLength     characters kept of a normalised text (longer texts are cut)
 * @param convWidths    kernel widths of the parallel convolutions
 * @param filters       filters per kernel width
 * @param ngramBuckets  hashed character-trigram buckets of the side branch (0 turns it off)
 * @param ngramDim      width of the trigram branch's dense layer
 * @param embeddingDim  width of the L2-normalised embedding
 * @param bits          width of the binary code (30..256)
 */
public record EncoderSpec(String alphabet, int maxLength, List<Integer> convWidths, int filters,
                          int ngramBuckets, int ngramDim, int embeddingDim, int bits) {
    public EncoderSpec {
        convWidths = List.copyOf(convWidths);
        if (alphabet == null || alphabet.isEmpty()) {
            throw new IllegalArgumentException("alphabet is empty");
        }
        if (maxLength < 8 || maxLength > 512) {
            throw new IllegalArgumentException("maxLength must be 8..512");
        }
        if (convWidths.isEmpty() || convWidths.stream().anyMatch(w -> w < 1 || w > 9)) {
            throw new IllegalArgumentException("convWidths must be non-empty, each 1..9");
        }
        if (filters < 1 || embeddingDim < 2 || ngramBuckets < 0 || (ngramBuckets > 0 && ngramDim < 1)) {
            throw new IllegalArgumentException("filters, embeddingDim, ngramBuckets or ngramDim out of range");
        }
        if (bits < 30 || bits > 256) {
            throw new IllegalArgumentException("bits must be 30..256, got " + bits);
        }
    }

    /**
     * The default shape: the {@link TextNormaliser#LATEST} alphabet, widths 3 and 5 with 128 filters each,
     * 4096 trigram buckets, 128-d, 64 bits.
     */
    public static EncoderSpec defaults() {
        return new EncoderSpec(TextNormaliser.LATEST.alphabet(), 64, List.of(3, 5), 128, 4096, 128, 128, 64);
    }

    /** The same shape with another code width. */
    public EncoderSpec withBits(int newBits) {
        return new EncoderSpec(alphabet, maxLength, convWidths, filters, ngramBuckets, ngramDim, embeddingDim, newBits);
    }

    /**
     * The bundle tensors this shape needs, name to shape, in the order training writes them: per kernel width
     * {@code w} {@code conv<w>_W [w * vocab, filters]} and {@code conv<w>_b [filters]}; with the trigram branch
     * {@code ngram_W [buckets, ngramDim]} and {@code ngram_b [ngramDim]}; {@code dense_W [hidden, embeddingDim]}
     * and {@code dense_b}, where hidden is {@code filters * widths + ngramDim}; {@code hash_W [embeddingDim, bits]}
     * and {@code hash_b [bits]}. Training's graph asks for exactly these; {@link Encoder} refuses a bundle that
     * lacks one.
     */
    public Map<String, long[]> tensorShapes() {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (int w : convWidths) {
            out.put("conv" + w + "_W", new long[] {(long) w * vocabSize(), filters});
            out.put("conv" + w + "_b", new long[] {filters});
        }
        long hidden = (long) filters * convWidths.size();
        if (ngramBuckets > 0) {
            out.put("ngram_W", new long[] {ngramBuckets, ngramDim});
            out.put("ngram_b", new long[] {ngramDim});
            hidden += ngramDim;
        }
        out.put("dense_W", new long[] {hidden, embeddingDim});
        out.put("dense_b", new long[] {embeddingDim});
        out.put("hash_W", new long[] {embeddingDim, bits});
        out.put("hash_b", new long[] {bits});
        return Collections.unmodifiableMap(out);
    }

    /** Number of character ids: padding, unknown, then the alphabet. */
    public int vocabSize() {
        return alphabet.length() + 2;
    }
}
