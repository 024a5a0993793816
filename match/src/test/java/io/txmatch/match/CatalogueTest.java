package io.txmatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txmatch.index.store.RecordLog;
import io.txmatch.model.Encoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue without HTTP: enrol, match, add examples, delete, tenancy and the log it replays. */
class CatalogueTest {
    @TempDir
    Path data;

    private Catalogue open() throws IOException {
        return Catalogue.open(data, BundledEncoder.matcher());
    }

    /** Enrols a merchant with one example; its id. */
    private static String enrol(Catalogue c, String tenant, String name, String example) throws IOException {
        return c.enrol(tenant, name, null, null, List.of(example)).id();
    }

    private static List<String> ids(Catalogue.Result r) {
        return r.matches().stream().map(m -> m.merchant().id()).toList();
    }

    @Test
    void an_enrolled_merchant_matches_first_at_once() throws IOException {
        try (Catalogue c = open()) {
            c.enrol("acme", "Walmart", null, null, List.of("WAL-MART #2447 PHOENIX AZ"));
            Catalogue.Merchant outback = c.enrol("acme", "Outback Steakhouse", "restaurants", "{\"store\": 310}",
                    List.of("CHECKCARD 0615 OUTBACK 0310 TEMPE AZ"));
            assertThat(outback.id()).matches("m_[0-9a-f]{16}");
            assertThat(outback.metadata()).isEqualTo("{\"store\":310}");
            Catalogue.Result r = c.match("acme", "POS PURCHASE OUTBACK STEAKHOUSE 0310 TEMPE AZ", 5, null);
            assertThat(r.matches().get(0).merchant()).isEqualTo(outback);
            assertThat(r.matches().get(0).scores().exemplar()).isEqualTo("CHECKCARD 0615 OUTBACK 0310 TEMPE AZ");
            assertThat(r.bestScore()).isEqualTo(r.outcome().bestScore()).isBetween(0.0, 1.0);
            assertThat(r.confidence()).isEqualTo(Confidence.Calibration.SERVED.of(r.outcome()));
            assertThat(c.merchantCount()).isEqualTo(2);
            assertThat(c.exemplarCount()).isEqualTo(2);
        }
    }

    @Test
    void batch_answers_match_single_answers_in_input_order() throws IOException {
        try (Catalogue c = open()) {
            String walmart = c.enrol("acme", "Walmart", null, null, List.of("WAL-MART #2447 PHOENIX AZ")).id();
            String outback = c.enrol("acme", "Outback", null, null, List.of("CHECKCARD 0615 OUTBACK 0310 TEMPE AZ")).id();
            List<Catalogue.Result> batch = c.matchAll("acme", List.of("OUTBACK STEAKHOUSE TEMPE", "WM SUPERCENTER PHOENIX"), 1, null);
            assertThat(batch).extracting(r -> r.matches().get(0).merchant().id()).containsExactly(outback, walmart);
            assertThat(batch.get(1).matches().get(0).scores())
                    .isEqualTo(c.match("acme", "WM SUPERCENTER PHOENIX", 1, null).matches().get(0).scores());
        }
    }

    @Test
    void added_examples_match_and_deleted_merchants_are_gone() throws IOException {
        try (Catalogue c = open()) {
            Catalogue.Merchant m = c.enrol("acme", "Fenworth Cycles", null, null, List.of("TST* FENWORTH CYCLES"));
            String kept = c.enrol("acme", "Torvald Hardware", null, null, List.of("TORVALD HARDWARE STORE 4411 FARGO ND")).id();
            Catalogue.Merchant more = c.addExamples("acme", m.id(), List.of("PURCHASE AUTHORIZED ON 03/11 FENWORTH CYC DENVER CO"));
            assertThat(more.examples()).hasSize(2);
            assertThat(c.get("acme", m.id())).contains(more);
            assertThat(c.match("acme", "PURCHASE AUTHORIZED ON 03/11 FENWORTH CYC DENVER CO", 1, null).matches().get(0)
                    .scores().exemplar()).startsWith("PURCHASE AUTHORIZED");
            c.delete("acme", m.id());
            assertThat(c.get("acme", m.id())).isEmpty();
            assertThat(ids(c.match("acme", "TST* FENWORTH CYCLES", 5, null))).containsExactly(kept);
            assertThat(c.exemplarCount()).isEqualTo(1);
            assertThatThrownBy(() -> c.delete("acme", m.id())).isInstanceOfSatisfying(CatalogueException.class,
                    e -> assertThat(e.reason()).isEqualTo(CatalogueException.Reason.NO_SUCH_MERCHANT));
            assertThatThrownBy(() -> c.addExamples("acme", m.id(), List.of("X"))).isInstanceOfSatisfying(CatalogueException.class,
                    e -> assertThat(e.getMessage()).isEqualTo("no merchant with id " + m.id()));
        }
    }

    @Test
    void a_merchant_holds_a_bounded_number_of_examples() throws IOException {
        try (Catalogue c = open()) {
            String id = c.enrol("acme", "Shell", null, null, List.of("SHELL OIL 1")).id();
            List<String> many = new ArrayList<>();
            for (int i = 0; i < Catalogue.MAX_EXAMPLES_PER_MERCHANT; i++) {
                many.add("SHELL OIL " + i);
            }
            assertThatThrownBy(() -> c.addExamples("acme", id, many)).isInstanceOfSatisfying(CatalogueException.class,
                    e -> assertThat(e.reason()).isEqualTo(CatalogueException.Reason.TOO_MANY_EXAMPLES));
            assertThat(c.get("acme", id).orElseThrow().examples()).hasSize(1);
            assertThat(c.exemplarCount()).isEqualTo(1);
        }
    }

    @Test
    void a_tenant_neither_sees_matches_nor_changes_another_tenants_merchants() throws IOException {
        try (Catalogue c = open()) {
            String outback = enrol(c, "acme", "Outback", "CHECKCARD 0615 OUTBACK 0310 TEMPE AZ");
            String walmart = enrol(c, "globex", "Walmart", "WAL-MART #2447 PHOENIX AZ");
            assertThat(c.get("globex", outback)).isEmpty();
            assertThat(c.list("globex", 10, null)).extracting(Catalogue.Merchant::id).containsExactly(walmart);
            assertThat(ids(c.match("globex", "OUTBACK STEAKHOUSE TEMPE AZ", 5, null))).containsExactly(walmart);
            assertThat(c.match("nobody", "OUTBACK", 5, null).matches()).isEmpty();
            assertThat(c.match("nobody", "OUTBACK", 5, null).confidence()).isEqualTo(Confidence.UNKNOWN);
            assertThatThrownBy(() -> c.delete("globex", outback)).isInstanceOf(CatalogueException.class);
            assertThatThrownBy(() -> c.addExamples("globex", outback, List.of("OUTBACK"))).isInstanceOf(CatalogueException.class);
            assertThat(ids(c.match("acme", "OUTBACK STEAKHOUSE TEMPE AZ", 5, null))).containsExactly(outback);
        }
    }

    @Test
    void the_list_pages_in_id_order_after_the_cursor() throws IOException {
        try (Catalogue c = open()) {
            List<String> enrolled = new ArrayList<>();
            for (String name : new String[] {"Walmart", "Starbucks", "Netflix"}) {
                enrolled.add(c.enrol("acme", name, null, null, List.of(name.toUpperCase())).id());
            }
            c.enrol("globex", "Costco", null, null, List.of("COSTCO"));
            List<String> sorted = enrolled.stream().sorted().toList();
            assertThat(c.list("acme", 2, null)).extracting(Catalogue.Merchant::id).containsExactlyElementsOf(sorted.subList(0, 2));
            assertThat(c.list("acme", 2, sorted.get(1))).extracting(Catalogue.Merchant::id).containsExactly(sorted.get(2));
        }
    }

    @Test
    void a_reopened_catalogue_replays_every_write() throws IOException {
        Catalogue.Merchant kept;
        String gone;
        try (Catalogue c = open()) {
            kept = c.enrol("acme", "Moxibell Bakery", "food", "{\"a\":[1,2.5,0.12345678901234567890123]}", List.of("MOXIBELL BAKERY #12 BOSTON MA"));
            kept = c.addExamples("acme", kept.id(), List.of("MOXIBELL BAKERY BOSTON"));
            gone = c.enrol("globex", "Starbucks", null, null, List.of("STARBUCKS STORE 10432 SEATTLE WA")).id();
            c.delete("globex", gone);
        }
        try (Catalogue c = open()) {
            assertThat(c.get("acme", kept.id())).contains(kept);
            assertThat(kept.metadata()).isEqualTo("{\"a\":[1,2.5,0.12345678901234567890123]}");
            assertThat(c.get("globex", gone)).isEmpty();
            assertThat(c.merchantCount()).isEqualTo(1);
            assertThat(c.exemplarCount()).isEqualTo(2);
            assertThat(ids(c.match("acme", "MOXIBELL BAKERY BOSTON MA", 5, null))).containsExactly(kept.id());
        }
    }

    @Test
    void records_are_the_version_1_bytes_and_a_log_written_by_hand_replays() throws IOException {
        Catalogue.Merchant m = new Catalogue.Merchant("acme", "m_00000000000000aa", "Outback", null, "{\"x\":1.25}",
                List.of("OUTBACK 0310"), "2026-01-02T03:04:05Z");
        String enrol = "{\"v\":1,\"op\":\"enrol\",\"id\":\"m_00000000000000aa\",\"tenant\":\"acme\",\"name\":\"Outback\","
                + "\"metadata\":{\"x\":1.25},\"examples\":[\"OUTBACK 0310\"],\"createdAt\":\"2026-01-02T03:04:05Z\"}";
        String examples = "{\"v\":1,\"op\":\"examples\",\"id\":\"m_00000000000000aa\",\"texts\":[\"OUTBACK TEMPE\"]}";
        String delete = "{\"v\":1,\"op\":\"delete\",\"id\":\"m_00000000000000bb\"}";
        assertThat(text(CatalogueLog.encode(new CatalogueLog.Enrol(m)))).isEqualTo(enrol);
        assertThat(text(CatalogueLog.encode(new CatalogueLog.Examples(m.id(), List.of("OUTBACK TEMPE"))))).isEqualTo(examples);
        assertThat(text(CatalogueLog.encode(new CatalogueLog.Delete("m_00000000000000bb")))).isEqualTo(delete);
        assertThat(CatalogueLog.decode(CatalogueLog.encode(new CatalogueLog.Enrol(m)))).isEqualTo(new CatalogueLog.Enrol(m));

        // A record from before tenants belongs to the default tenant.
        String untenanted = "{\"v\":1,\"op\":\"enrol\",\"id\":\"m_00000000000000bb\",\"name\":\"Walmart\","
                + "\"category\":\"retail\",\"examples\":[\"WAL-MART #2447\"],\"createdAt\":\"2026-01-02T03:04:05Z\"}";
        try (RecordLog log = RecordLog.open(data.resolve(CatalogueLog.FILE), p -> { })) {
            for (String r : new String[] {enrol, untenanted, examples}) {
                log.append(r.getBytes(StandardCharsets.UTF_8));
            }
        }
        try (Catalogue c = open()) {
            assertThat(c.get("acme", m.id()).orElseThrow().examples()).containsExactly("OUTBACK 0310", "OUTBACK TEMPE");
            assertThat(c.get(Catalogue.DEFAULT_TENANT, "m_00000000000000bb").orElseThrow().category()).isEqualTo("retail");
            assertThat(c.exemplarCount()).isEqualTo(3);
        }
        try (RecordLog log = RecordLog.open(data.resolve(CatalogueLog.FILE), p -> { })) {
            log.append("{\"v\":2,\"op\":\"delete\",\"id\":\"m_00000000000000bb\"}".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(this::open).hasMessageContaining("unknown version 2");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, CatalogueException.Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CatalogueException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void metadata_must_be_a_json_object_within_the_limits() throws IOException {
        try (Catalogue c = open()) {
            assertRefused(() -> c.enrol("acme", "X", null, "[1]", List.of("X")), CatalogueException.Reason.BAD_METADATA);
            assertRefused(() -> c.enrol("acme", "X", null, "{nope", List.of("X")), CatalogueException.Reason.BAD_METADATA);
            assertRefused(() -> c.enrol("acme", "X", null, "{\"a\":" + "[".repeat(8) + "]".repeat(8) + "}", List.of("X")),
                    CatalogueException.Reason.BAD_METADATA);
            assertRefused(() -> c.enrol("acme", "X", null, "{\"a\":\"" + "x".repeat(4096) + "\"}", List.of("X")),
                    CatalogueException.Reason.BAD_METADATA);
            assertThat(c.merchantCount()).isZero();
        }
    }

    @Test
    void examples_that_normalise_to_nothing_are_refused() throws IOException {
        try (Catalogue c = open()) {
            assertRefused(() -> c.enrol("acme", "X", null, null, List.of("SHELL OIL", "!!!!")), CatalogueException.Reason.BLANK_TEXT);
            String id = enrol(c, "acme", "Shell", "SHELL OIL 0042");
            assertRefused(() -> c.addExamples("acme", id, List.of("\u200B \u0301")), CatalogueException.Reason.BLANK_TEXT);
            assertThat(c.exemplarCount()).isEqualTo(1);
            Catalogue.Result r = c.match("acme", "😀😀", 5, null);
            assertThat(r.matches()).isEmpty();
            assertThat(r.confidence()).isEqualTo(Confidence.UNKNOWN);
        }
    }

    @Test
    void quota_usage_is_counted_by_writes_freed_by_deletes_and_recounted_by_replay() throws IOException {
        String keep;
        TenantQuotas.Usage before;
        try (Catalogue c = open()) {
            keep = c.enrol("acme", "Shell", "fuel", "{\"a\":1}", List.of("SHELL OIL 0042")).id();
            c.addExamples("acme", keep, List.of("SHELL 0043", "SHELL 0044"));
            String gone = enrol(c, "acme", "Tesco", "TESCO STORES 2041");
            enrol(c, "other", "Aldi", "ALDI 12");
            c.delete("acme", gone);
            before = c.usage("acme");
            long bytes = "Shell".length() + "fuel".length() + "{\"a\":1}".length() + "SHELL OIL 0042".length() + 20;
            assertThat(before).isEqualTo(new TenantQuotas.Usage(1, 3, bytes));
            assertThat(c.usage("other").merchants()).isEqualTo(1);
            assertThat(c.usage("nobody")).isEqualTo(TenantQuotas.Usage.NONE);
        }
        try (Catalogue c = Catalogue.open(data, BundledEncoder.matcher(),
                new TenantQuotas.Limits(1, 100, 1000))) {
            assertThat(c.usage("acme")).isEqualTo(before);
            assertThatThrownBy(() -> enrol(c, "acme", "Esso", "ESSO 1")).isInstanceOfSatisfying(CatalogueException.class,
                    e -> assertThat(e.quota()).isEqualTo(TenantQuotas.Quota.MERCHANTS));
            assertThat(enrol(c, "new", "Esso", "ESSO 1")).startsWith("m_");
            assertThatThrownBy(() -> c.addExamples("acme", keep, List.of("X".repeat(1000)))).isInstanceOfSatisfying(
                    CatalogueException.class, e -> assertThat(e.quota()).isEqualTo(TenantQuotas.Quota.BYTES));
            assertThat(c.usage("acme")).isEqualTo(before);
        }
    }

    @Test
    void a_log_written_before_the_limits_still_opens_with_its_metadata_as_written() throws IOException {
        // Wider, deeper and larger than the limits allow now: old data must still open, read without a tree.
        StringBuilder meta = new StringBuilder("{\"deep\":");
        meta.append("[".repeat(200)).append("]".repeat(200)).append(",\"wide\":[");
        for (int i = 0; i < 20_000; i++) {
            meta.append(i == 0 ? "" : ",").append("[]");
        }
        meta.append("],\"x\":12345678901234567.89}");
        try (RecordLog log = RecordLog.open(data.resolve(CatalogueLog.FILE), p -> { })) {
            log.append(("{\"v\":1,\"op\":\"enrol\",\"id\":\"m_00000000000000aa\",\"tenant\":\"acme\",\"name\":\"Old\","
                    + "\"metadata\":" + meta + ",\"examples\":[\"OLD SHOP 1\"],\"createdAt\":\"2026-01-01T00:00:00Z\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        try (Catalogue c = open()) {
            assertThat(c.get("acme", "m_00000000000000aa").orElseThrow().metadata()).isEqualTo(meta.toString());
            assertThat(c.usage("acme").merchants()).isEqualTo(1);
        }
    }

    @Test
    void the_catalogue_fills_its_own_matcher() {
        Matcher used = BundledEncoder.matcher();
        used.add(List.of(new Matcher.NewExemplar("acme", "m_x", "SHELL OIL")));
        assertThatThrownBy(() -> Catalogue.open(data, used)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
