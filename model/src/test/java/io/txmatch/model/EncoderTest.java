package io.txmatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncoderTest {
    private final Encoder encoder;

    EncoderTest() throws Exception {
        encoder = Encoder.of(RandomBundles.random(RandomBundles.tinySpec(), 11));
    }

    @Test
    void embeddings_are_unit_length_and_codes_have_the_bundle_width() {
        Encoder.Encoded e = encoder.encode(List.of("WAL-MART #2447 PHOENIX AZ", "x", "", "SQ *JOE'S CAFE"));
        for (float[] v : e.embeddings()) {
            double n = 0;
            for (float f : v) {
                n += f * f;
            }
            assertThat(Math.sqrt(n)).isCloseTo(1.0, within(1e-4));
        }
        for (long[] c : e.codes()) {
            assertThat(c).hasSize(1);
            assertThat(c[0] >>> 40).isZero();
        }
    }

    @Test
    void a_text_encodes_the_same_alone_and_inside_a_large_batch() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < Encoder.MAX_BATCH + 37; i++) {
            texts.add("POS PURCHASE MERCHANT " + i + " CITY " + (char) ('A' + i % 26));
        }
        Encoder.Encoded batch = encoder.encode(texts);
        for (int i : new int[] {0, 100, Encoder.MAX_BATCH, Encoder.MAX_BATCH + 36}) {
            Encoder.Encoded one = encoder.encode(List.of(texts.get(i)));
            assertThat(one.codes()[0]).isEqualTo(batch.codes()[i]);
            for (int d = 0; d < one.embeddings()[0].length; d++) {
                assertThat(one.embeddings()[0][d]).isCloseTo(batch.embeddings()[i][d], within(1e-5f));
            }
        }
    }

    @Test
    void normalisation_happens_inside_the_encoder() {
        Encoder.Encoded e = encoder.encode(List.of("checkcard 0615 outback", "CHECKCARD 9999 OUTBACK"));
        assertThat(e.codes()[0]).isEqualTo(e.codes()[1]);
    }

    @Test
    void pack_sets_bit_i_for_positive_logit_i() {
        float[] logits = new float[70];
        logits[0] = 1;
        logits[63] = 0.5f;
        logits[64] = 2;
        logits[69] = -1;
        assertThat(Encoder.pack(logits)).containsExactly(1L | (1L << 63), 1L);
    }

    @Test
    void a_bundle_missing_a_tensor_is_refused() {
        ModelBundle good = RandomBundles.random(RandomBundles.tinySpec(), 12);
        Map<String, ModelBundle.Tensor> t = new LinkedHashMap<>(good.tensors());
        t.remove("hash_W");
        assertThatThrownBy(() -> Encoder.of(new ModelBundle(good.manifest(), t))).hasMessageContaining("hash_W");
    }
}
