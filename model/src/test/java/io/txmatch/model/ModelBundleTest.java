package io.txmatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    @TempDir
    Path dir;

    @Test
    void round_trip_is_byte_identical() throws Exception {
        ModelBundle b = RandomBundles.random(RandomBundles.tinySpec(), 1);
        Path p = dir.resolve("m.txmb");
        b.write(p);
        ModelBundle back = ModelBundle.read(p);
        assertThat(back.manifest()).isEqualTo(b.manifest());
        assertThat(back.tensors().keySet()).containsExactlyElementsOf(b.tensors().keySet());
        assertThat(back.toBytes()).isEqualTo(Files.readAllBytes(p));
    }

    @Test
    void any_flipped_byte_is_rejected() throws Exception {
        byte[] good = RandomBundles.random(RandomBundles.tinySpec(), 2).toBytes();
        for (int pos = 0; pos < good.length; pos += Math.max(1, good.length / 300)) {
            byte[] bad = good.clone();
            bad[pos] ^= 0x10;
            int at = pos;
            assertThatThrownBy(() -> ModelBundle.fromBytes(bad, "x")).as("flip at %d", at).isInstanceOf(BundleFormatException.class);
        }
    }

    @Test
    void truncated_and_foreign_files_are_rejected_with_a_reason() throws Exception {
        byte[] good = RandomBundles.random(RandomBundles.tinySpec(), 3).toBytes();
        assertThatThrownBy(() -> ModelBundle.fromBytes(Arrays.copyOf(good, good.length / 2), "x"))
                .isInstanceOf(BundleFormatException.class);
        assertThatThrownBy(() -> ModelBundle.fromBytes("not a bundle, just some text".getBytes(), "x"))
                .hasMessageContaining("bad magic");
        byte[] v2 = good.clone();
        ByteBuffer.wrap(v2).putInt(4, 2);
        assertThatThrownBy(() -> ModelBundle.fromBytes(v2, "x")).hasMessageContaining("version 2");
        assertThatThrownBy(() -> ModelBundle.read(dir.resolve("missing.txmb"))).hasMessageContaining("not found");
    }

    @Test
    void normaliser_versions_1_to_3_are_read_and_any_other_is_refused() throws Exception {
        for (int version : new int[] {1, 2, 3}) {
            ModelBundle b = RandomBundles.random(RandomBundles.tinySpec(TextNormaliser.of(version)), 4, version);
            assertThat(ModelBundle.fromBytes(b.toBytes(), "x").manifest().normaliserVersion()).isEqualTo(version);
        }
        for (int version : new int[] {0, 4, -1}) {
            byte[] bytes = RandomBundles.random(RandomBundles.tinySpec(), 5, version).toBytes();
            assertThatThrownBy(() -> ModelBundle.fromBytes(bytes, "old.txmb")).isInstanceOf(BundleFormatException.class)
                    .hasMessage("old.txmb: trained with normaliser version " + version
                            + " is not known to this build (it has versions 1 to 3)");
        }
        ModelBundle future = RandomBundles.random(RandomBundles.tinySpec(), 6, 4);
        assertThatThrownBy(() -> Encoder.of(future)).isInstanceOf(BundleFormatException.class)
                .hasMessageContaining("normaliser version 4");
    }

    @Test
    void the_committed_default_bundle_loads() throws Exception {
        Path bundled = Path.of("..", "models", "default.txmb");
        ModelBundle b = ModelBundle.read(bundled);
        assertThat(b.manifest().spec().bits()).isEqualTo(64);
        // Trained with version 2; version 3 gives the same output on all its training and evaluation texts.
        assertThat(b.manifest().normaliserVersion()).isEqualTo(3);
        assertThat(b.manifest().training().other().get("normaliserNote").asText()).contains("without retraining");
        assertThat(b.manifest().spec().alphabet()).isEqualTo(TextNormaliser.ALPHABET_V2);
        assertThat(Encoder.of(b).normaliser()).isSameAs(TextNormaliser.VERSION_3);
        assertThat(Encoder.of(b).encode(java.util.List.of("CHECKCARD 0615 OUTBACK 0310 TEMPE AZ")).codes()[0]).hasSize(1);
    }
}
