package io.txmatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plain-Java inference must compute the SameDiff graph's function: same embeddings, same codes. */
class ForwardPassTest {
    /** Seeded texts: descriptor-like, random printable, accented, empty, and longer than maxLength. */
    static List<String> texts(int n, long seed) {
        Random r = new Random(seed);
        String[] words = {"CHECKCARD", "0615", "OUTBACK", "TEMPE", "AZ", "POS", "PURCHASE", "WAL-MART", "#2447", "SQ", "*JOE'S",
            "CAFÉ", "AMZN", "Mktp", "US*2K4", "PAYPAL", "*", "XXXXXXXX", "555-201-7788", "www.site.com", "ÜBER", "\t"};
        List<String> out = new ArrayList<>(List.of("", " ", "x", "A".repeat(200)));
        while (out.size() < n) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(12);
            for (int i = 0; i < len; i++) {
                if (r.nextInt(4) == 0) {
                    sb.append((char) (32 + r.nextInt(95)));
                } else {
                    sb.append(words[r.nextInt(words.length)]).append(' ');
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    static void assertSame(Encoder encoder, List<String> texts, double maxCodeMismatch) {
        Encoder.Encoded fast = encoder.encode(texts);
        Encoder.Encoded graph = encoder.encodeWithGraph(texts);
        double worst = 0;
        int codesDiffer = 0;
        for (int i = 0; i < texts.size(); i++) {
            for (int c = 0; c < fast.embeddings()[i].length; c++) {
                worst = Math.max(worst, Math.abs(fast.embeddings()[i][c] - graph.embeddings()[i][c]));
            }
            codesDiffer += java.util.Arrays.equals(fast.codes()[i], graph.codes()[i]) ? 0 : 1;
        }
        assertThat(worst).as("largest embedding difference").isLessThan(1e-4);
        // A logit within rounding of zero may flip its bit; that must stay rare.
        assertThat(codesDiffer / (double) texts.size()).as("texts whose codes differ").isLessThanOrEqualTo(maxCodeMismatch);
    }

    @Test
    void the_committed_bundle_gives_the_graphs_embeddings_and_codes() throws Exception {
        assertSame(Encoder.load(Path.of("..", "models", "default.txmb")), texts(3000, 5), 0.005);
    }

    @Test
    void a_random_bundle_of_another_shape_gives_the_graphs_embeddings_and_codes() throws Exception {
        assertSame(Encoder.of(RandomBundles.random(RandomBundles.tinySpec(), 3)), texts(1000, 6), 0.01);
    }
}
