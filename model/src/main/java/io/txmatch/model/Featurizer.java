package io.txmatch.model;

/**
 * The encoder's two views of a normalised text, in plain Java: its character ids ({@link #ids}) and its
 * sparse trigram vector ({@link #trigrams}), L2-normalised, log-scaled counts of hashed character trigrams of
 * {@code " " + text + " "}. {@link ForwardPass} reads both; the trainer's graph inputs are built from them
 * too, so training and serving see one featurisation.
 */
public final class Featurizer {
    private final EncoderSpec spec;
    private final int[] charId = new int[128];

    /** A featurizer of {@code spec}'s alphabet, length and trigram buckets. */
    public Featurizer(EncoderSpec spec) {
        this.spec = spec;
        for (int i = 0; i < spec.alphabet().length(); i++) {
            char c = spec.alphabet().charAt(i);
            if (c < 128) {
                charId[c] = i + 2;
            }
        }
    }

    /** Character ids of a normalised text, cut to {@link EncoderSpec#maxLength()}: alphabet ids from 2, 1 for any other character. */
    public int[] ids(String normalised) {
        int n = Math.min(normalised.length(), spec.maxLength());
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            char c = normalised.charAt(i);
            int id = c < 128 ? charId[c] : 0;
            ids[i] = id == 0 ? 1 : id;
        }
        return ids;
    }

    /** The bucket of the trigram starting at {@code i} of {@code padded} ({@code " " + text + " "}). */
    static int trigramBucket(String padded, int i, int buckets) {
        int h = (padded.charAt(i) * 31 + padded.charAt(i + 1)) * 31 + padded.charAt(i + 2);
        h ^= h >>> 7;
        return Math.floorMod(h * 0x9E3779B1, buckets);
    }

    /**
     * The trigram vector of one normalised text, sparse: writes the non-zero buckets (ascending) to
     * {@code keys} and their values to {@code vals} (both at least {@code text.length()} long) and returns
     * how many. Values are log1p of the bucket's count, L2-normalised.
     */
    public int trigrams(String normalised, int[] keys, float[] vals) {
        int buckets = spec.ngramBuckets();
        String padded = " " + normalised + " ";
        int[] bucket = new int[Math.max(0, padded.length() - 2)];
        for (int i = 0; i < bucket.length; i++) {
            bucket[i] = trigramBucket(padded, i, buckets);
        }
        java.util.Arrays.sort(bucket);
        int distinct = 0;
        for (int i = 0; i < bucket.length; ) {
            int j = i;
            while (j < bucket.length && bucket[j] == bucket[i]) {
                j++;
            }
            keys[distinct] = bucket[i];
            vals[distinct++] = (float) Math.log1p(j - i);
            i = j;
        }
        double norm = 0;
        for (int i = 0; i < distinct; i++) {
            norm += vals[i] * vals[i];
        }
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < distinct; i++) {
                vals[i] *= inv;
            }
        }
        return distinct;
    }
}
