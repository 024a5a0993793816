package io.txmatch.model;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one text normaliser shared by training, evaluation and serving; its {@link #VERSION} is written
 * into every model bundle, and a bundle made with another version is refused.
 *
 * <p>Version 1: Unicode NFKD with combining marks dropped; upper case; every digit becomes {@code 0}
 * (store numbers, dates and card digits are noise far more often than signal); characters other than
 * letters, {@code 0} and {@code & * # ' - . / @ +} become spaces; runs of spaces collapse; trimmed.
 */
public final class TextNormaliser {
    /** Version of the rules above. */
    public static final int VERSION = 1;

    private TextNormaliser() {
    }

    /** Normalised form of {@code raw}; never null. */
    public static String normalise(String raw) {
        if (raw == null) {
            return "";
        }
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKD).toUpperCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length());
        boolean space = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char mapped;
            if (c >= 'A' && c <= 'Z') {
                mapped = c;
            } else if (c >= '0' && c <= '9') {
                mapped = '0';
            } else if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            } else if ("&*#'-./@+".indexOf(c) >= 0) {
                mapped = c;
            } else {
                mapped = ' ';
            }
            if (mapped == ' ') {
                if (!space) {
                    out.append(' ');
                    space = true;
                }
            } else {
                out.append(mapped);
                space = false;
            }
        }
        int len = out.length();
        if (len > 0 && out.charAt(len - 1) == ' ') {
            out.setLength(len - 1);
        }
        return out.toString();
    }
}
