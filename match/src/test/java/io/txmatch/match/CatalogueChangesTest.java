package io.txmatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txmatch.index.store.RecordLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Puts by external id, patches, example removals and negatives: their records, replay, compaction and quotas. */
class CatalogueChangesTest {
    @TempDir
    Path data;

    private Catalogue open(long compactAtBytes) throws IOException {
        return Catalogue.open(data, BundledEncoder.matcher(), compactAtBytes);
    }

    private Catalogue open() throws IOException {
        return open(Long.MAX_VALUE);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void the_new_record_kinds_have_fixed_bytes_and_a_log_written_by_hand_replays() throws IOException {
        Catalogue.Merchant m = new Catalogue.Merchant("acme", "m_00000000000000aa", "Outback", "food", "{\"x\":1.25}",
                List.of("OUTBACK 0310", "OUTBACK TEMPE"), "2026-01-02T03:04:05Z", "crm:1", List.of());
        String put = "{\"v\":1,\"op\":\"put\",\"id\":\"m_00000000000000aa\",\"tenant\":\"acme\",\"externalId\":\"crm:1\","
                + "\"name\":\"Outback\",\"category\":\"food\",\"metadata\":{\"x\":1.25},\"examples\":[\"OUTBACK 0310\","
                + "\"OUTBACK TEMPE\"],\"createdAt\":\"2026-01-02T03:04:05Z\"}";
        String fields = "{\"v\":1,\"op\":\"fields\",\"id\":\"m_00000000000000aa\",\"name\":\"Outback Steakhouse\","
                + "\"metadata\":{\"x\":2}}";
        String remove = "{\"v\":1,\"op\":\"remove-example\",\"id\":\"m_00000000000000aa\",\"index\":0}";
        String negatives = "{\"v\":1,\"op\":\"negatives\",\"id\":\"m_00000000000000aa\",\"texts\":[\"OUTBACK BOWLING\"]}";
        List<CatalogueLog.Entry> entries = List.of(new CatalogueLog.Put(m),
                new CatalogueLog.Fields(m.id(), "Outback Steakhouse", null, "{\"x\":2}"),
                new CatalogueLog.RemoveExample(m.id(), 0), new CatalogueLog.Negatives(m.id(), List.of("OUTBACK BOWLING")));
        List<String> expected = List.of(put, fields, remove, negatives);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(text(CatalogueLog.encode(entries.get(i)))).isEqualTo(expected.get(i));
            assertThat(CatalogueLog.decode(CatalogueLog.encode(entries.get(i)))).isEqualTo(entries.get(i));
        }
        try (RecordLog log = RecordLog.open(data.resolve(CatalogueLog.FILE), p -> { })) {
            for (String r : expected) {
                log.append(r.getBytes(StandardCharsets.UTF_8));
            }
        }
        try (Catalogue c = open()) {
            Catalogue.Merchant back = c.get("acme", "crm:1").orElseThrow();
            assertThat(back).isEqualTo(new Catalogue.Merchant("acme", m.id(), "Outback Steakhouse", null, "{\"x\":2}",
                    List.of("OUTBACK TEMPE"), m.createdAt(), "crm:1", List.of("OUTBACK BOWLING")));
            assertThat(c.exemplarCount()).isEqualTo(1);
            assertThat(c.get("other", "crm:1")).isEmpty();
        }
        try (RecordLog log = RecordLog.open(data.resolve(CatalogueLog.FILE), p -> { })) {
            log.append("{\"v\":1,\"op\":\"remove-example\",\"id\":\"m_00000000000000aa\",\"index\":5}".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(this::open).hasMessageContaining("removes example 5");
    }

    @Test
    void every_change_survives_compaction_and_a_restart_with_the_same_usage() throws IOException {
        Catalogue.Merchant external;
        Catalogue.Merchant patched;
        TenantQuotas.Usage usage;
        String negative = "OUTBACK BOWLING ALLEY TEMPE";
        try (Catalogue c = open()) {
            external = c.put("acme", "crm:1", "Outback", "food", null, List.of("OUTBACK 0310 TEMPE", "OUTBACK #2 MESA")).merchant();
            patched = c.enrol("acme", "Walmart", "retail", "{\"region\":\"US\"}", List.of("WAL-MART #2447", "WM SUPERCENTER"));
            for (int i = 0; i < 40; i++) { // dead records: compaction becomes worthwhile
                c.patch("acme", patched.id(), new Catalogue.Patch("Walmart " + i, false, null, false, null));
            }
            patched = c.patch("acme", patched.id(), new Catalogue.Patch(null, true, null, true, "{\"tier\":2}"));
            patched = c.removeExample("acme", patched.id(), 0);
            external = c.put("acme", "crm:1", "Outback Steakhouse", "food", "{\"region\":\"US\"}",
                    List.of("OUTBACK 0310 TEMPE", "OUTBACK STEAKHOUSE MESA")).merchant();
            external = c.addNegatives("acme", "crm:1", List.of(negative));
            c.delete("acme", c.enrol("acme", "Gone", null, null, List.of("GONE 1")).id());
            usage = c.usage("acme");
            assertThat(c.match("acme", negative, 5, null).matches()).extracting(x -> x.merchant().id())
                    .doesNotContain(external.id());
        }
        assertThat(patched.metadata()).isEqualTo("{\"region\":\"US\",\"tier\":2}");
        assertThat(patched.category()).isNull();
        long before = Files.size(data.resolve(CatalogueLog.FILE));
        try (Catalogue c = open(1)) {
            assertThat(Files.size(data.resolve(CatalogueLog.FILE))).as("compacted at open").isLessThan(before / 3);
        }
        try (CatalogueLog log = CatalogueLog.open(data, e -> { })) {
            assertThat(log.records()).as("put, negatives, enrol").isEqualTo(3);
        }
        try (Catalogue c = open()) {
            assertThat(c.get("acme", "crm:1")).contains(external);
            assertThat(c.get("acme", patched.id())).contains(patched);
            assertThat(c.usage("acme")).isEqualTo(usage);
            assertThat(c.exemplarCount()).isEqualTo(3);
            assertThat(c.match("acme", negative, 5, null).matches()).extracting(x -> x.merchant().id())
                    .doesNotContain(external.id());
            assertThat(c.match("acme", "OUTBACK STEAKHOUSE MESA", 5, null, new Catalogue.Filter(null,
                    Map.of("region", Set.of("\"US\""))))).satisfies(r -> assertThat(r.matches()).hasSize(2));
        }
    }

    @Test
    void quotas_count_puts_patches_removals_and_negatives() throws IOException {
        try (Catalogue c = Catalogue.open(data, BundledEncoder.matcher(),
                new TenantQuotas.Limits(2, 3, 100))) {
            String id = c.put("acme", "e1", "Shell", null, null, List.of("SHELL 1", "SHELL 2")).merchant().id();
            assertThat(c.usage("acme")).isEqualTo(new TenantQuotas.Usage(1, 2, 5 + 2 + 14));
            c.put("acme", "e1", "Shell", null, null, List.of("SHELL 1"));
            assertThat(c.usage("acme")).isEqualTo(new TenantQuotas.Usage(1, 1, 5 + 2 + 7));
            c.patch("acme", id, new Catalogue.Patch(null, true, "fuel", false, null));
            c.addNegatives("acme", id, List.of("SHELLFISH"));
            assertThat(c.usage("acme")).isEqualTo(new TenantQuotas.Usage(1, 1, 14 + 4 + 9));
            assertThatThrownBy(() -> c.put("acme", "e1", "Shell", null, null, List.of("S 1", "S 2", "S 3", "S 4")))
                    .isInstanceOfSatisfying(CatalogueException.class, e -> assertThat(e.quota()).isEqualTo(TenantQuotas.Quota.EXAMPLES));
            assertThatThrownBy(() -> c.addNegatives("acme", id, List.of("X".repeat(80))))
                    .isInstanceOfSatisfying(CatalogueException.class, e -> assertThat(e.quota()).isEqualTo(TenantQuotas.Quota.BYTES));
            assertThatThrownBy(() -> c.patch("acme", id, new Catalogue.Patch("X".repeat(80), false, null, false, null)))
                    .isInstanceOfSatisfying(CatalogueException.class, e -> assertThat(e.quota()).isEqualTo(TenantQuotas.Quota.BYTES));
            c.addExamples("acme", id, List.of("SHELL 3"));
            c.removeExample("acme", id, 0);
            assertThat(c.usage("acme")).isEqualTo(new TenantQuotas.Usage(1, 1, 14 + 4 + 9));
            TenantQuotas.Usage now = c.usage("acme");
            c.close();
            try (Catalogue again = Catalogue.open(data, BundledEncoder.matcher(),
                    new TenantQuotas.Limits(2, 3, 100))) {
                assertThat(again.usage("acme")).as("recounted by replay").isEqualTo(now);
            }
        }
    }
}
