package io.txmatch.match;

import io.txmatch.model.TextNormaliser;
import java.util.HashMap;
import java.util.Map;

/**
 * What the lexical channel counts in a text: character n-grams of its normalised form, padded with one
 * space at each end, as the TF-IDF char-trigram baseline does. A gram is packed into a {@code long}, 16 bits
 * per character, so at most 4 characters.
 *
 * @param minN               shortest gram (1..4)
 * @param maxN               longest gram (minN..4)
 * @param normaliserVersion  the {@link TextNormaliser} version applied before counting
 */
public record LexicalFeatures(int minN, int maxN, int normaliserVersion) {
    /** Trigrams of the latest normaliser. */
    public static final LexicalFeatures DEFAULT = new LexicalFeatures(3, 3, TextNormaliser.LATEST.version());

    public LexicalFeatures {
        if (minN < 1 || maxN > 4 || minN > maxN) {
            throw new IllegalArgumentException("n-gram lengths must satisfy 1 <= minN <= maxN <= 4, got " + minN + ".." + maxN);
        }
        TextNormaliser.of(normaliserVersion); // refuses a version this build does not know
    }

    /** The normalised form the grams are taken from. */
    public String normalise(String raw) {
        return TextNormaliser.of(normaliserVersion).normalise(raw);
    }

    /** Gram counts of a raw text. */
    public Map<Long, Integer> counts(String raw) {
        return countsOfNormalised(normalise(raw));
    }

    /** Gram counts of an already normalised text. */
    public Map<Long, Integer> countsOfNormalised(String normalised) {
        String s = " " + normalised + " ";
        Map<Long, Integer> out = new HashMap<>();
        for (int n = minN; n <= maxN; n++) {
            for (int i = 0; i + n <= s.length(); i++) {
                long key = n;
                for (int j = 0; j < n; j++) {
                    key = (key << 16) | s.charAt(i + j);
                }
                out.merge(key, 1, Integer::sum);
            }
        }
        return out;
    }
}
