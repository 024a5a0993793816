package io.txmatch.model;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one text normaliser shared by training, evaluation, dedup and serving, in versions. A model bundle
 * records the version it was trained with ({@link BundleManifest#normaliserVersion()}) and its
 * {@link Encoder} normalises with that version, so an old bundle keeps its behaviour when the rules grow.
 *
 * <pre>{@code
 * TextNormaliser n = TextNormaliser.of(bundle.manifest().normaliserVersion());
 * n.normalise("POS PURCHASE XXXXXXXXXXXX1234 WALMART2447");   // v2: "POS PURCHASE % WALMART 0"
 * }</pre>
 *
 * <p><b>Version 1</b>: Unicode NFKD with combining marks dropped; upper case; every digit becomes {@code 0}
 * (store numbers, dates and card digits are noise far more often than signal); characters other than
 * letters, {@code 0} and {@code & * # ' - . / @ +} become spaces; runs of spaces collapse; trimmed.
 * Output alphabet {@link #ALPHABET_V1}.
 *
 * <p><b>Version 2</b>: version 1, then, word by word (a word is what lies between spaces):
 * <ol>
 * <li>Fill: a run of two or more {@code -}, {@code .} or {@code /} is a space ({@code "-----"} vanishes); a
 *     run of two or more {@code # ' + & @} is one.</li>
 * <li>Masks become the one character {@link #MASK} ({@code %}), split off from the letters they are glued
 *     to. A mask starts at a run of two or more {@code *}, a run of four or more {@code X}, or a run of
 *     exactly three {@code X} beside {@code 0 # * -} ({@code XXX-}, {@code XXX0}). It then takes in, on both
 *     sides, {@code 0}, {@code *} and {@code #}, runs of {@code X} that do not end a word on the left or start
 *     one on the right ({@code FEDEX***} keeps {@code FEDEX}), and a single {@code - . /} between two such
 *     pieces ({@code XXX-XXX-XXXX}, {@code 0-000-XXX-XXXX}). Runs of one to three {@code X} glued to letters
 *     are words, not masks: {@code XXL}, {@code XXXL}, {@code EXXON}, {@code FEDEX}, {@code XEROX},
 *     {@code AXXESS}, {@code TEXACO}.</li>
 * <li>Digits: a digit run after a letter is split off ({@code WALMART0000} to {@code WALMART 0}); a run
 *     of three or more digits before a letter is split off too ({@code 0000OUTBACK} to {@code 0 OUTBACK}),
 *     one or two stay glued, as in names ({@code 0ELEVEN}, {@code 0-ELEVEN}, {@code 0M}, {@code 00ST});
 *     every digit run is then one {@code 0} ({@code #0000} and {@code #00} both become {@code #0}).</li>
 * <li>Each word loses leading and trailing {@code - . / '}; words left empty vanish.</li>
 * <li>A word {@code XXX} or {@code 0} beside a mask joins it (masked phone numbers {@code (XXX) XXX-1234},
 *     card numbers in groups {@code 0000 XXXX XXXX 0000}); masks side by side are one.</li>
 * <li>The text loses leading and trailing punctuation ({@code & * # ' - . / @ +}).</li>
 * </ol>
 * Output alphabet {@link #ALPHABET_V2}: version 1's plus {@link #MASK}, which no raw character maps to.
 *
 * <p><b>Version 3</b>: version 2 with letters and digits of every script. The first step keeps, besides
 * {@code A-Z}, every Unicode letter (after NFKD without combining marks and upper case, so case and accents
 * fold per Unicode: {@code "магнит"} and {@code "МАГНИТ"} are {@code "МАГНИТ"}, {@code "中国银行"} stays), every
 * decimal digit of any script becomes {@code 0}, and a spacing combining mark right after a kept non-Latin
 * letter stays with it (Devanagari and Bengali vowel signs), and the result is composed again (NFC: Hangul
 * syllables); the later steps count those letters as letters (so {@code МАГНИТ2447} becomes {@code МАГНИТ 0}). Symbols, emoji, format characters (zero-width spaces) and
 * combining marks with no letter still vanish, so such a text can normalise to nothing. A text with no letter
 * and no decimal digit outside {@code A-Z 0-9} (after NFKD and upper case) gets exactly version 2's output: that
 * is every text of the shipped bundle's training and evaluation data. Its {@link #alphabet()} is
 * {@link #ALPHABET_V2}: a letter outside it reaches an encoder as the id of any other character.
 *
 * <p>Version history: 1 (first release); 2 (masks as one token, digit runs as one {@code 0}, fill removed);
 * 3 (letters and digits of every script).
 * Instances are immutable and thread-safe; {@link #of} returns the one instance of each version.
 */
public final class TextNormaliser implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The token version 2 writes for a mask. */
    public static final char MASK = '%';
    /** Longest descriptor, in characters, that any part of txmatch accepts (service requests, files, dedup records). */
    public static final int MAX_TEXT = 512;
    /** Characters version 1 can output. */
    public static final String ALPHABET_V1 = " ABCDEFGHIJKLMNOPQRSTUVWXYZ0&*#'-./@+";
    /** Characters version 2 can output: version 1's (same order, so the same ids) plus {@link #MASK}. */
    public static final String ALPHABET_V2 = ALPHABET_V1 + MASK;

    /** The first rules. */
    public static final TextNormaliser VERSION_1 = new TextNormaliser(1, ALPHABET_V1);
    /** Masks, digit runs and fill (see the class comment). */
    public static final TextNormaliser VERSION_2 = new TextNormaliser(2, ALPHABET_V2);
    /** Version 2 with letters and digits of every script (see the class comment). */
    public static final TextNormaliser VERSION_3 = new TextNormaliser(3, ALPHABET_V2);
    /** The version new models are trained with. */
    public static final TextNormaliser LATEST = VERSION_3;

    private static final String PUNCTUATION = "&*#'-./@+";
    private static final String FILL = "-./";
    private static final String EDGE = "-./'";

    private final int version;
    private final String alphabet;

    private TextNormaliser(int version, String alphabet) {
        this.version = version;
        this.alphabet = alphabet;
    }

    /** The normaliser of {@code version}; throws {@link IllegalArgumentException} for a version this build lacks. */
    public static TextNormaliser of(int version) {
        return switch (version) {
            case 1 -> VERSION_1;
            case 2 -> VERSION_2;
            case 3 -> VERSION_3;
            default -> throw new IllegalArgumentException("normaliser version " + version
                    + " is not known to this build (it has versions 1 to " + LATEST.version + ")");
        };
    }

    public int version() {
        return version;
    }

    /**
     * The characters with an id of their own in an encoder of this version ({@link EncoderSpec#alphabet()}): every
     * character {@link #normalise} can output in versions 1 and 2; version 3 outputs letters of other scripts too.
     */
    public String alphabet() {
        return alphabet;
    }

    /** Normalised form of {@code raw} under this version's rules; never null, empty when nothing is left. */
    public String normalise(String raw) {
        return version == 1 ? fold(raw, false) : v2(raw);
    }

    /** Whether version 3 rules apply: letters and digits of every script. */
    private boolean allScripts() {
        return version >= 3;
    }

    @Override
    public String toString() {
        return "TextNormaliser v" + version;
    }

    private Object readResolve() throws ObjectStreamException {
        return of(version);
    }

    /**
     * Version 1, and with {@code allScripts} version 3's first step: letters and digits of every script (taken by
     * code point), spacing marks after a kept non-Latin letter. Without it, character by character, as version 1
     * always was.
     */
    private static String fold(String raw, boolean allScripts) {
        if (raw == null) {
            return "";
        }
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKD).toUpperCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length());
        boolean space = true;
        for (int i = 0; i < s.length(); ) {
            int c = allScripts ? s.codePointAt(i) : s.charAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            int mapped;
            if (c >= 'A' && c <= 'Z') {
                mapped = c;
            } else if (c >= '0' && c <= '9') {
                mapped = '0';
            } else if (type == Character.NON_SPACING_MARK) {
                continue;
            } else if (PUNCTUATION.indexOf(c) >= 0) {
                mapped = c;
            } else if (allScripts && Character.isLetter(c)) {
                mapped = c;
            } else if (allScripts && Character.isDigit(c)) {
                mapped = '0';
            } else if (allScripts && type == Character.COMBINING_SPACING_MARK && !space
                    && out.charAt(out.length() - 1) >= 128) {
                mapped = c; // a vowel sign of the letter before it
            } else {
                mapped = ' ';
            }
            if (mapped == ' ') {
                if (!space) {
                    out.append(' ');
                    space = true;
                }
            } else {
                out.appendCodePoint(mapped);
                space = false;
            }
        }
        int len = out.length();
        if (len > 0 && out.charAt(len - 1) == ' ') {
            out.setLength(len - 1);
        }
        // Version 3 composes what NFKD split and the marks left whole (Hangul syllables, two-part vowel signs);
        // the output of versions 1 and 2 is ASCII, which composition leaves alone.
        return allScripts ? Normalizer.normalize(out, Normalizer.Form.NFC) : out.toString();
    }

    /** Versions 2 and 3: the first step, then the word rules of the class comment. */
    private String v2(String raw) {
        List<String> words = new ArrayList<>();
        for (String word : fold(raw, allScripts()).split(" ")) {
            if (!word.isEmpty()) {
                String masked = digits(masks(fill(word)));
                for (String w : masked.split(" ")) {
                    w = strip(w, EDGE);
                    if (!w.isEmpty()) {
                        words.add(w);
                    }
                }
            }
        }
        String mask = String.valueOf(MASK);
        boolean joined = true;
        while (joined) {
            joined = false;
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                boolean besideMask = (i > 0 && words.get(i - 1).equals(mask))
                        || (i + 1 < words.size() && words.get(i + 1).equals(mask));
                if (besideMask && (w.equals("XXX") || w.equals("0"))) {
                    words.set(i, mask);
                    joined = true;
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            if (i > 0 && words.get(i).equals(mask) && words.get(i - 1).equals(mask)) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(words.get(i));
        }
        return strip(out.toString(), PUNCTUATION + " ");
    }

    /** Step 1: runs of {@link #FILL} become a space, other repeated punctuation one character. */
    private static String fill(String w) {
        StringBuilder out = new StringBuilder(w.length());
        for (int i = 0; i < w.length(); ) {
            char c = w.charAt(i);
            int j = run(w, i, c);
            if (j - i >= 2 && FILL.indexOf(c) >= 0) {
                out.append(' ');
            } else if (j - i >= 2 && c != '*' && PUNCTUATION.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append(w, i, j);
            }
            i = j;
        }
        return out.toString();
    }

    /** Step 2: mask spans become {@code " % "}. */
    private String masks(String w) {
        int n = w.length();
        boolean[] masked = new boolean[n];
        boolean any = false;
        for (int i = 0; i < n; ) {
            char c = w.charAt(i);
            int j = run(w, i, c);
            boolean core = (c == '*' && j - i >= 2) || (c == 'X' && j - i >= 4)
                    || (c == 'X' && j - i == 3 && (i > 0 && "0#*-".indexOf(w.charAt(i - 1)) >= 0
                    || j < n && "0#*-".indexOf(w.charAt(j)) >= 0));
            if (core) {
                int a = i;
                int b = j;
                for (int k = left(w, a); k >= 0; k = left(w, a)) {
                    a = k;
                }
                for (int k = right(w, b); k >= 0; k = right(w, b)) {
                    b = k;
                }
                java.util.Arrays.fill(masked, a, b, true);
                any = true;
            }
            i = j;
        }
        if (!any) {
            return w;
        }
        StringBuilder out = new StringBuilder(n + 4);
        for (int i = 0; i < n; i++) {
            if (!masked[i]) {
                out.append(w.charAt(i));
            } else if (i == 0 || !masked[i - 1]) {
                out.append(' ').append(MASK).append(' ');
            }
        }
        return out.toString();
    }

    /** Where a mask ending before {@code a} may start once it takes in the piece left of it; -1 if none. */
    private int left(String w, int a) {
        int k = leftPiece(w, a);
        if (k < 0 && a >= 2 && FILL.indexOf(w.charAt(a - 1)) >= 0) {
            k = leftPiece(w, a - 1);
        }
        return k;
    }

    private int leftPiece(String w, int a) {
        if (a == 0) {
            return -1;
        }
        char c = w.charAt(a - 1);
        if (c == '0' || c == '*' || c == '#') {
            return a - 1;
        }
        if (c == 'X') {
            int k = a - 1;
            while (k > 0 && w.charAt(k - 1) == 'X') {
                k--;
            }
            return k > 0 && isLetter(w.charAt(k - 1)) ? -1 : k;
        }
        return -1;
    }

    /** Where a mask starting before {@code b} may end once it takes in the piece right of it; -1 if none. */
    private int right(String w, int b) {
        int k = rightPiece(w, b);
        if (k < 0 && b + 1 < w.length() && FILL.indexOf(w.charAt(b)) >= 0) {
            k = rightPiece(w, b + 1);
        }
        return k;
    }

    private int rightPiece(String w, int b) {
        if (b >= w.length()) {
            return -1;
        }
        char c = w.charAt(b);
        if (c == '0' || c == '*' || c == '#') {
            return b + 1;
        }
        if (c == 'X') {
            int k = run(w, b, 'X');
            return k < w.length() && isLetter(w.charAt(k)) ? -1 : k;
        }
        return -1;
    }

    /** Step 3: digit runs split from the letters before them (and after them, from three digits), each one {@code 0}. */
    private String digits(String w) {
        StringBuilder out = new StringBuilder(w.length() + 2);
        for (int i = 0; i < w.length(); ) {
            char c = w.charAt(i);
            if (c != '0') {
                out.append(c);
                i++;
                continue;
            }
            int j = run(w, i, '0');
            if (i > 0 && isLetter(w.charAt(i - 1))) {
                out.append(' ');
            }
            out.append('0');
            if (j - i >= 3 && j < w.length() && isLetter(w.charAt(j))) {
                out.append(' ');
            }
            i = j;
        }
        return out.toString();
    }

    private static int run(String w, int i, char c) {
        int j = i;
        while (j < w.length() && w.charAt(j) == c) {
            j++;
        }
        return j;
    }

    /** A letter of the first step's output: {@code A-Z}, and in version 3 any other character it keeps (all letters). */
    private boolean isLetter(char c) {
        return c >= 'A' && c <= 'Z' || allScripts() && c >= 128;
    }

    private static String strip(String w, String chars) {
        int a = 0;
        int b = w.length();
        while (a < b && chars.indexOf(w.charAt(a)) >= 0) {
            a++;
        }
        while (b > a && chars.indexOf(w.charAt(b - 1)) >= 0) {
            b--;
        }
        return w.substring(a, b);
    }
}
