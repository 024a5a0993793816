package io.txmatch.trainer.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.txmatch.model.Encoder;
import io.txmatch.model.EncoderSpec;
import io.txmatch.model.ModelBundle;
import io.txmatch.model.RandomBundles;
import io.txmatch.model.TextNormaliser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Serving's plain-Java inference ({@link Encoder}) must compute the training graph's function ({@link GraphEncoder}):
 * same embeddings, same codes; and the graph must ask for exactly the tensors the bundle format names.
 */
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

    static void assertSame(ModelBundle bundle, List<String> texts, double maxCodeMismatch) throws Exception {
        Encoder.Encoded fast = Encoder.of(bundle).encode(texts);
        Encoder.Encoded graph = GraphEncoder.of(bundle).encode(texts);
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
        assertSame(ModelBundle.read(Path.of("..", "models", "default.txmb")), texts(3000, 5), 0.005);
    }

    @Test
    void a_random_bundle_of_another_shape_gives_the_graphs_embeddings_and_codes() throws Exception {
        assertSame(RandomBundles.random(RandomBundles.tinySpec(), 3), texts(1000, 6), 0.01);
    }

    @Test
    void a_version_2_bundle_normalises_the_same_on_both_paths() throws Exception {
        ModelBundle v2 = RandomBundles.random(RandomBundles.tinySpec(TextNormaliser.VERSION_2), 13, 2);
        List<String> texts = List.of("STORE #12 POSXXXXXXXX", "STORE #4410 POS XXXX1234");
        assertThat(GraphEncoder.of(v2).encode(texts).codes()).isEqualTo(Encoder.of(v2).encode(texts).codes());
    }

    @Test
    void the_graph_asks_for_the_tensors_of_the_spec_in_their_order() {
        EncoderSpec withTrigrams = RandomBundles.tinySpec();
        EncoderSpec without = new EncoderSpec(TextNormaliser.ALPHABET_V2, 16, List.of(3, 5, 7), 4, 0, 0, 8, 32);
        for (EncoderSpec spec : List.of(withTrigrams, without, EncoderSpec.defaults())) {
            Map<String, long[]> asked = new LinkedHashMap<>();
            SameDiff sd = SameDiff.create();
            EncoderGraph.Params record = (g, name, shape) -> {
                asked.put(name, shape);
                return g.var(name, Nd4j.zeros(shape));
            };
            EncoderGraph.hashLogits(sd, spec, EncoderGraph.embedding(sd, spec, record), record);
            assertThat(asked.keySet()).as("%s", spec).containsExactlyElementsOf(spec.tensorShapes().keySet());
            asked.forEach((name, shape) -> assertThat(shape).as(name).isEqualTo(spec.tensorShapes().get(name)));
        }
        assertThat(without.tensorShapes()).doesNotContainKeys("ngram_W", "ngram_b").containsKey("conv7_W");
    }
}
