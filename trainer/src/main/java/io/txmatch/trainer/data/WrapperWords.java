package io.txmatch.trainer.data;

import io.txmatch.match.WordIndex;
import io.txmatch.match.WordPrior;
import io.txmatch.model.TextNormaliser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the {@link WordPrior} table: renders descriptors of training merchants in fresh randomised contexts
 * ({@link Family#RANDOMISED}: open wrapper vocabulary, cities, store numbers, cuts), where the merchant field of each is
 * known, and counts per normalised word how often it stood in the merchant field and how often around it.
 *
 * <pre>{@code
 * java -cp "$(cat cli/target/classpath.txt)" io.txmatch.trainer.data.WrapperWords match/src/main/resources/io/txmatch/match/wrapper-words.tsv.gz
 * }</pre>
 *
 * <p>The bundled table: the default bundle's training merchants (seed 42, its local-merchant count, the training part
 * of {@link MerchantSplit}), 300,000 renders from {@code new Random(7)}, words kept when seen at least twice in a
 * wrapper with nameness below 0.9. Same arguments, same bytes.
 */
public final class WrapperWords {
    /** Renders of the bundled table. */
    public static final int RENDERS = 300_000;
    /** Seed of the bundled table's renders. */
    public static final long SEED = 7;

    private WrapperWords() {
    }

    /** {@code word -> {name count, wrapper count}} over {@code renders} descriptors of {@code merchants}. */
    public static Map<String, int[]> count(List<Merchant> merchants, int renders, long seed) {
        DescriptorGenerator gen = new DescriptorGenerator();
        TextNormaliser norm = TextNormaliser.LATEST;
        Random r = new Random(seed);
        Map<String, int[]> counts = new HashMap<>();
        for (int i = 0; i < renders; i++) {
            Merchant m = merchants.get(r.nextInt(merchants.size()));
            DescriptorGenerator.Rendered x = gen.render(m, gen.context(r), r);
            Set<String> name = Set.of(WordIndex.words(norm.normalise(x.merchantField())));
            for (String w : new HashSet<>(List.of(WordIndex.words(norm.normalise(x.text()))))) {
                counts.computeIfAbsent(w, k -> new int[2])[name.contains(w) ? 0 : 1]++;
            }
        }
        return counts;
    }

    /** Writes the words seen at least twice in a wrapper with nameness below 0.9, sorted, in {@link WordPrior}'s format. */
    public static void write(Map<String, int[]> counts, Path out) throws IOException {
        StringBuilder body = new StringBuilder();
        new TreeMap<>(counts).forEach((w, c) -> {
            if (c[1] >= 2 && WordPrior.nameness(c[0], c[1]) < 0.9) {
                body.append(w).append('\t').append(c[0]).append('\t').append(c[1]).append('\n');
            }
        });
        String text = WordPrior.MAGIC + " " + WordPrior.VERSION + " " + WordPrior.checksum(body.toString()) + "\n" + body;
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(out))) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** {@code WrapperWords OUT}: the bundled table (see the class comment). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: WrapperWords OUT.tsv.gz");
            System.exit(2);
        }
        long seed = 42;
        int locals = 3000;
        MerchantSplit split = MerchantSplit.of(new DescriptorGenerator().merchants(seed, locals), seed);
        Map<String, int[]> counts = count(split.train(), RENDERS, SEED);
        write(counts, Path.of(args[0]));
        System.out.println("wrapper words: " + split.train().size() + " training merchants, " + RENDERS + " renders, "
                + counts.size() + " words counted -> " + args[0]);
    }
}
