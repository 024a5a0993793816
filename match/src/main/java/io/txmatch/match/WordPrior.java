package io.txmatch.match;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * How likely a word is to belong to a merchant's name rather than to the wrapper around it (channel and
 * processor words, cities, states, payment phrasings), counted over generated descriptors whose merchant field is
 * known: {@code nameness(w) = (name(w) + 1) / (name(w) + wrapper(w) + 1)}, so a word never seen in a wrapper counts
 * as a name word (1) and {@code PURCHASE} (29 times in a name, 27,408 in a wrapper) as almost none. The
 * {@link WordIndex} weighs each shared word's IDF by it, so a city or a bank's phrase that a query happens to share
 * with another merchant does not pass for its name.
 *
 * <pre>{@code
 * WordPrior.bundled().nameness("PURCHASE");   // 0.001
 * WordPrior.bundled().nameness("ALDI");       // 1.0 (never in a wrapper)
 * }</pre>
 *
 * <p>The bundled table ({@value #RESOURCE}) holds the words seen at least twice in a wrapper whose nameness is below
 * 0.9. It is built by {@code io.txmatch.trainer.data.WrapperWords} from the generator's randomised wrappers around the
 * default bundle's training merchants (README, "How a match is made"). Format: gzip of UTF-8 lines; the first is
 * {@code txmatch-wrapper-words 1 <SHA-256 hex of the rest>}, then {@code WORD TAB NAME_COUNT TAB WRAPPER_COUNT}
 * lines; a table whose header or checksum does not match is refused.
 */
public final class WordPrior {
    /** Classpath resource of the bundled table. */
    public static final String RESOURCE = "/io/txmatch/match/wrapper-words.tsv.gz";
    /** First word of the header line. */
    public static final String MAGIC = "txmatch-wrapper-words";
    /** Format version this build reads and writes. */
    public static final int VERSION = 1;
    /** No prior: every word counts as a name word. */
    public static final WordPrior NONE = new WordPrior(Map.of());

    private final Map<String, Double> nameness;

    /** Loads the bundled table on first use (so the builder that writes it can run without it). */
    private static final class Bundled {
        static final WordPrior TABLE = load();
    }

    /** The bundled table ({@value #RESOURCE}). */
    public static WordPrior bundled() {
        return Bundled.TABLE;
    }

    private WordPrior(Map<String, Double> nameness) {
        this.nameness = nameness;
    }

    /** The prior of counts {@code word -> {name, wrapper}}. */
    public static WordPrior of(Map<String, int[]> counts) {
        Map<String, Double> n = new HashMap<>();
        counts.forEach((w, c) -> n.put(w, nameness(c[0], c[1])));
        return new WordPrior(n);
    }

    /** {@code (name + 1) / (name + wrapper + 1)}. */
    public static double nameness(int name, int wrapper) {
        return (name + 1.0) / (name + wrapper + 1.0);
    }

    /** How likely {@code word} (normalised) is a name word: 1 for a word the table lacks. */
    public double nameness(String word) {
        return nameness.getOrDefault(word, 1.0);
    }

    /** Words the table holds. */
    public int size() {
        return nameness.size();
    }

    /** The SHA-256 hex of {@code body}, as the header line records it. */
    public static String checksum(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a table (gzip) written by the builder; refuses another format, version or a wrong checksum. */
    public static WordPrior read(InputStream gz) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(gz), StandardCharsets.UTF_8))) {
            String header = r.readLine();
            String[] h = header == null ? new String[0] : header.split(" ");
            if (h.length != 3 || !h[0].equals(MAGIC)) {
                throw new IOException("not a txmatch wrapper-words table");
            }
            if (!h[1].equals(Integer.toString(VERSION))) {
                throw new IOException("wrapper-words table version " + h[1] + " is not readable by this build (it reads " + VERSION + ")");
            }
            StringBuilder body = new StringBuilder();
            Map<String, int[]> counts = new HashMap<>();
            for (String line; (line = r.readLine()) != null; ) {
                body.append(line).append('\n');
                String[] f = line.split("\t");
                if (f.length != 3) {
                    throw new IOException("damaged wrapper-words line: " + line);
                }
                counts.put(f[0], new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2])});
            }
            if (!checksum(body.toString()).equals(h[2])) {
                throw new IOException("wrapper-words table checksum mismatch");
            }
            return of(counts);
        } catch (NumberFormatException e) {
            throw new IOException("damaged wrapper-words count: " + e.getMessage(), e);
        }
    }

    private static WordPrior load() {
        try (InputStream in = WordPrior.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled wrapper-words table " + RESOURCE + " is missing from the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled wrapper-words table is unreadable: " + e.getMessage(), e);
        }
    }
}
