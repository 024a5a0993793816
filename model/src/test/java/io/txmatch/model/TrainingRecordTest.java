package io.txmatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEFAULT = Path.of("..", "models", "default.txmb");
    private static final Path V1 = Path.of("src", "test", "resources", "bundles", "v1-charcnn-2026-11-22.txmb");

    /** The manifest's JSON exactly as stored in a bundle file (layout in {@link ModelBundle}). */
    private static byte[] storedManifest(byte[] bundle) {
        int length = ByteBuffer.wrap(bundle, 8, 4).getInt();
        return Arrays.copyOfRange(bundle, 12, 12 + length);
    }

    @Test
    void the_shipped_bundle_fills_the_record() throws Exception {
        TrainingRecord t = ModelBundle.read(DEFAULT).manifest().training();
        assertThat(t.encoderSteps()).isEqualTo(2000);
        assertThat(t.batch()).isEqualTo("64x2");
        assertThat(t.loss()).isEqualTo("infonce, temperature 0.05");
        assertThat(t.learningRate()).isEqualTo(0.001);
        assertThat(t.localMerchants()).isEqualTo(3000);
        assertThat(t.nsiBrands()).isEqualTo(12549);
        assertThat(t.excludedNames()).isEqualTo(308);
        assertThat(t.hardNegatives()).isEqualTo(0.25);
        assertThat(t.heldOutFamilies()).containsExactly("ach", "bill_pay", "visa_dda");
        assertThat(t.hasherSteps()).isEqualTo(1500);
        assertThat(t.noiseSigma()).isEqualTo(2.0);
        assertThat(t.realNames()).as("trained before train --names recorded it").isNull();
        assertThat(t.userData()).isNull();
        assertThat(t.other()).containsOnlyKeys("normaliserNote"); // written when the manifest moved to version 3
        assertThat(t.curves().encoderLoss()).hasSize(101).first().satisfies(p -> assertThat(p.step()).isEqualTo(1.0));
        assertThat(t.curves().validationTop1()).hasSize(21).first().satisfies(p -> assertThat(p.step()).isZero());
        assertThat(t.curves().hasherLoss()).hasSize(61).last().satisfies(p -> assertThat(p.step()).isEqualTo(1500.0));
    }

    @Test
    void the_first_bundle_reads_its_missing_keys_as_null() throws Exception {
        TrainingRecord t = ModelBundle.read(V1).manifest().training();
        assertThat(t.encoderSteps()).isEqualTo(1000);
        assertThat(t.loss()).isEqualTo("batch-hard triplet, margin 0.5");
        assertThat(t.nsiBrands()).isNull();
        assertThat(t.excludedNames()).isNull();
        assertThat(t.hardNegatives()).isNull();
        assertThat(t.realNames()).isNull();
        assertThat(t.curves().validationTop1()).hasSize(11);
    }

    /** The typed record writes back the very JSON the trainer stored: same keys, values and number forms. */
    @Test
    void stored_manifests_are_written_back_as_the_same_json() throws Exception {
        for (Path p : List.of(DEFAULT, V1)) {
            byte[] file = Files.readAllBytes(p);
            ModelBundle b = ModelBundle.read(p);
            byte[] rewritten = storedManifest(b.toBytes());
            JsonNode stored = JSON.readTree(storedManifest(file));
            assertThat(JSON.readTree(rewritten)).as("%s", p).isEqualTo(stored);
            // Same text for every training value too (2.0 stays 2.0, 3000 stays 3000, curve steps stay decimals).
            String text = new String(rewritten, StandardCharsets.UTF_8);
            stored.get("training").fields().forEachRemaining(e ->
                    assertThat(text).as("%s %s", p, e.getKey()).contains("\"" + e.getKey() + "\":" + e.getValue()));
            assertThat(rewritten).hasSameSizeAs(storedManifest(file));
        }
    }

    @Test
    void every_field_round_trips_through_a_bundle() throws Exception {
        TrainingRecord t = new TrainingRecord(90, "32x2", "batch-hard triplet, margin 0.5", 2e-3, 600, 300, 2, 1, 0.25,
                List.of("ach"), 150, 2.0, new TrainingRecord.UserData("mine.csv", "ab12", 900, "replace", 240, "by merchant"),
                new TrainingRecord.Curves(List.of(new TrainingRecord.Point(1, 0.9), new TrainingRecord.Point(10, 0.5)),
                        List.of(new TrainingRecord.Point(0, 0.2)), List.of()), Map.of());
        ModelBundle b = withTraining(RandomBundles.random(RandomBundles.tinySpec(), 7), t);
        ModelBundle back = ModelBundle.fromBytes(b.toBytes(), "x");
        assertThat(back.manifest().training()).isEqualTo(t);
        assertThat(back.toBytes()).isEqualTo(b.toBytes());
        String json = JSON.readTree(storedManifest(b.toBytes())).get("training").toString();
        assertThat(json).startsWith("{\"encoderSteps\":90,\"batch\":\"32x2\",").contains("\"learningRate\":0.002,")
                .contains("\"encoderLoss\":[[1.0,0.9],[10.0,0.5]]").contains("\"hasherLoss\":[]")
                .contains("\"userData\":{\"source\":\"mine.csv\",\"sha256\":\"ab12\",\"descriptors\":900,\"mode\":\"replace\"");
    }

    @Test
    void unknown_keys_are_kept_and_written_back_after_the_known_ones() throws Exception {
        ObjectNode manifest = (ObjectNode) JSON.readTree(storedManifest(Files.readAllBytes(DEFAULT)));
        ObjectNode training = (ObjectNode) manifest.get("training");
        training.putObject("augment").put("rate", 0.5);
        training.put("zCommand", "train --steps 10");
        TrainingRecord t = JSON.treeToValue(training, TrainingRecord.class);
        assertThat(t.other()).containsOnlyKeys("normaliserNote", "augment", "zCommand");
        assertThat(t.other().get("augment").get("rate").doubleValue()).isEqualTo(0.5);
        JsonNode back = JSON.valueToTree(t);
        assertThat(back).isEqualTo(training);
        List<String> keys = names(back.fieldNames());
        assertThat(keys.subList(keys.size() - 3, keys.size())).containsExactly("normaliserNote", "augment", "zCommand");
        assertThatThrownBy(() -> new TrainingRecord(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, Map.of("batch", JSON.getNodeFactory().textNode("2x2")))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_empty_or_missing_training_object_reads_as_empty_and_a_wrong_type_is_refused() throws Exception {
        assertThat(JSON.readValue("{}", TrainingRecord.class)).isEqualTo(TrainingRecord.EMPTY);
        assertThat(JSON.readValue("{\"localMerchants\":null}", TrainingRecord.class)).isEqualTo(TrainingRecord.EMPTY);
        assertThat(new BundleManifest(BundleManifest.CHARCNN_V1, 1, RandomBundles.tinySpec(), 1, "h", "t", null, null).training())
                .isSameAs(TrainingRecord.EMPTY);
        assertThat(JSON.readValue("{\"curves\":{\"encoderLoss\":[[1,2]]}}", TrainingRecord.class).curves().hasherLoss())
                .isEmpty();

        ModelBundle b = RandomBundles.random(RandomBundles.tinySpec(), 8);
        String good = new String(storedManifest(b.toBytes()), StandardCharsets.UTF_8);
        // Keys the random bundle does not write (a repeated key would win over these).
        for (String bad : List.of("\"nsiBrands\":\"3000\"", "\"realNames\":1.5", "\"userData\":\"mine.csv\"",
                "\"curves\":{\"encoderLoss\":[[1]]}", "\"hardNegatives\":true")) {
            String json = good.replace("\"training\":{", "\"training\":{" + bad + ",");
            assertThatThrownBy(() -> ModelBundle.fromBytes(bundleWithManifest(b, json), "x")).as(bad)
                    .isInstanceOf(BundleFormatException.class).hasMessageContaining("unreadable manifest").hasMessageContaining("training.");
        }
    }

    private static ModelBundle withTraining(ModelBundle b, TrainingRecord t) {
        BundleManifest m = b.manifest();
        return new ModelBundle(new BundleManifest(m.architecture(), m.normaliserVersion(), m.spec(), m.seed(), m.dataHash(),
                m.createdAt(), t, m.metrics()), b.tensors());
    }

    /** {@code b}'s bytes with its manifest replaced by {@code json} and the checksum recomputed. */
    private static byte[] bundleWithManifest(ModelBundle b, String json) throws Exception {
        byte[] bytes = b.toBytes();
        int length = ByteBuffer.wrap(bytes, 8, 4).getInt();
        byte[] manifest = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(bytes.length - length + manifest.length);
        out.put(bytes, 0, 8).putInt(manifest.length).put(manifest).put(bytes, 12 + length, bytes.length - 12 - length - 4);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    private static <T> List<T> names(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
