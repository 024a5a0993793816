package io.txmatch.index;

import java.util.HexFormat;

/** Validation and text form of binary codes packed into {@code long[]} (see {@link Hamming}). */
public final class Codes {
    /** Narrowest code width an index accepts. */
    public static final int MIN_BITS = 30;
    /** Widest code width an index accepts. */
    public static final int MAX_BITS = 256;

    private Codes() {
    }

    /** Number of 64-bit words that hold a code of {@code bits} bits. */
    public static int words(int bits) {
        return (bits + 63) >>> 6;
    }

    /** Throws unless {@code bits} is a supported width. */
    public static int checkBits(int bits) {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException("code width must be " + MIN_BITS + ".." + MAX_BITS + " bits, got " + bits);
        }
        return bits;
    }

    /** Throws unless {@code code} has exactly the words for {@code bits} and no bit set at or past {@code bits}. */
    public static void check(long[] code, int bits) {
        if (code == null) {
            throw new IllegalArgumentException("code is null");
        }
        int words = words(bits);
        if (code.length != words) {
            throw new IllegalArgumentException("code has " + code.length + " words, a " + bits + "-bit code has " + words);
        }
        int tail = bits & 63;
        if (tail != 0 && (code[words - 1] >>> tail) != 0) {
            throw new IllegalArgumentException("code has bits set beyond its width of " + bits);
        }
    }

    /**
     * Hex form, most significant nibble first per 64-bit word, words in order, trimmed to
     * {@code ceil(bits / 4)} digits of the last word.
     */
    public static String toHex(long[] code, int bits) {
        check(code, bits);
        StringBuilder sb = new StringBuilder();
        HexFormat hex = HexFormat.of();
        for (int w = 0; w < code.length; w++) {
            int wordBits = Math.min(64, bits - 64 * w);
            int digits = (wordBits + 3) / 4;
            String full = hex.toHexDigits(code[w]);
            sb.append(full, 16 - digits, 16);
        }
        return sb.toString();
    }

    /** Inverse of {@link #toHex}. */
    public static long[] fromHex(String text, int bits) {
        long[] code = new long[words(bits)];
        int pos = 0;
        for (int w = 0; w < code.length; w++) {
            int wordBits = Math.min(64, bits - 64 * w);
            int digits = (wordBits + 3) / 4;
            if (pos + digits > text.length()) {
                throw new IllegalArgumentException("hex code too short for " + bits + " bits");
            }
            code[w] = Long.parseUnsignedLong(text.substring(pos, pos + digits), 16);
            pos += digits;
        }
        if (pos != text.length()) {
            throw new IllegalArgumentException("hex code too long for " + bits + " bits");
        }
        check(code, bits);
        return code;
    }
}
