package io.txmatch.dedup.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The two file formats of dedup input and output, and the one rule that tells them apart: the file name's
 * extension ({@code .csv}; {@code .ndjson}, {@code .jsonl}), else the input's first character other than
 * white space and byte-order marks ({@code '{'} means NDJSON, anything else CSV). Output follows the name
 * only, CSV unless it names NDJSON.
 */
public enum Format {
    /** RFC 4180 CSV with a header row. */
    CSV,
    /** One JSON object per line. */
    NDJSON;

    /** How far {@link #of(Path, BufferedReader)} looks into a file for its first significant character. */
    static final int PEEK_LIMIT = 1 << 16;

    /** The format that {@code fileName} names by its extension, if it names one. */
    public static Optional<Format> byName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            return Optional.of(NDJSON);
        }
        return name.endsWith(".csv") ? Optional.of(CSV) : Optional.empty();
    }

    /** The format {@code path}'s file name names, if it names one. */
    public static Optional<Format> byName(Path path) {
        return byName(path.getFileName().toString());
    }

    /** The format of output written to {@code path}: NDJSON for {@code .ndjson}/{@code .jsonl}, else CSV. */
    public static Format forOutput(Path path) {
        return byName(path).orElse(CSV);
    }

    /** The format of input named {@code fileName} whose text begins with {@code head}: by name, else by content. */
    public static Format detect(String fileName, CharSequence head) {
        return byName(fileName).orElseGet(() -> {
            for (int i = 0; i < head.length(); i++) {
                if (!insignificant(head.charAt(i))) {
                    return byFirst(head.charAt(i));
                }
            }
            return CSV;
        });
    }

    /**
     * The format of the file at {@code path}, read through {@code in}: by name, else by content. Looks ahead at
     * most {@value #PEEK_LIMIT} characters and leaves {@code in} where it was.
     */
    static Format of(Path path, BufferedReader in) throws IOException {
        Optional<Format> named = byName(path);
        return named.isPresent() ? named.get() : of(in);
    }

    /** The format of the text read through {@code in}, by content; looks ahead as {@link #of(Path, BufferedReader)}. */
    static Format of(BufferedReader in) throws IOException {
        in.mark(PEEK_LIMIT);
        int c;
        do {
            c = in.read();
        } while (c >= 0 && insignificant((char) c));
        in.reset();
        return c < 0 ? CSV : byFirst((char) c);
    }

    private static boolean insignificant(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\uFEFF';
    }

    private static Format byFirst(char c) {
        return c == '{' ? NDJSON : CSV;
    }
}
