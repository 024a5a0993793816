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
        for (int i = 0; i < 293; i++) {
            texts.add("POS PURCHASE MERCHANT " + i + " CITY " + (char) ('A' + i % 26));
        }
        Encoder.Encoded batch = encoder.encode(texts);
        for (int i : new int[] {0, 100, 256, 292}) {
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
    void the_encoder_normalises_with_its_bundles_version() throws Exception {
        List<String> texts = List.of("STORE #12 POSXXXXXXXX", "STORE #4410 POS XXXX1234");
        Encoder v1 = Encoder.of(RandomBundles.random(RandomBundles.tinySpec(TextNormaliser.VERSION_2), 13, 1));
        Encoder v2 = Encoder.of(RandomBundles.random(RandomBundles.tinySpec(TextNormaliser.VERSION_2), 13, 2));
        assertThat(v1.normaliser()).isSameAs(TextNormaliser.VERSION_1);
        assertThat(v2.normaliser()).isSameAs(TextNormaliser.VERSION_2);
        Encoder.Encoded e1 = v1.encode(texts);
        Encoder.Encoded e2 = v2.encode(texts);
        assertThat(e1.embeddings()[0]).isNotEqualTo(e1.embeddings()[1]);
        assertThat(e2.embeddings()[0]).isEqualTo(e2.embeddings()[1]);
    }

    /**
     * Codes and embedding hashes ({@code Arrays.hashCode}) of the version 1 bundle that was the default until
     * 2026-12-02 (kept as a test resource), captured before version 2 existed: an old bundle keeps its normaliser.
     */
    @Test
    void a_version_1_bundle_encodes_exactly_as_before_version_2() throws Exception {
        Encoder d = Encoder.load(java.nio.file.Path.of("src", "test", "resources", "bundles", "v1-charcnn-2026-11-22.txmb"));
        assertThat(d.normaliser()).isSameAs(TextNormaliser.VERSION_1);
        List<String> texts = List.of("CHECKCARD 0615 OUTBACK 0310 TEMPE AZ", "WAL-MART #2447 PHOENIX AZ",
                "SQ *JOE'S CAFE", "POS PURCHASE XXXXXXXXXXXX1234 SHOPXXXXXXXX", "AMAZON.COM*2K4LJ0A12 AMZN.COM/BILL WA",
                "7-ELEVEN 12345 ***********", "", "Café Müller -----");
        long[] codes = {0x538e0cdaed03c7daL, 0x128e9db8645dc2beL, 0xffa8ac9885151e69L, 0x349b7742c75d605fL,
            0x1b96a4502af1b7e2L, 0x780e8c04f32ab761L, 0xbba838096958c269L, 0xb2be8d99319052a9L};
        int[] embeddingHashes = {1178497054, 272662024, -1196641246, -1392675773, -465329810, -561959681, -41919946,
            300161059};
        Encoder.Encoded e = d.encode(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(e.codes()[i]).as(texts.get(i)).containsExactly(codes[i]);
            assertThat(java.util.Arrays.hashCode(e.embeddings()[i])).as(texts.get(i)).isEqualTo(embeddingHashes[i]);
        }
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
