package io.txmatch.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txmatch.model.TextNormaliser;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DedupNodesTest {
    private static final List<DedupRecord> RECORDS = List.of(DedupRecord.of("1", "STORE #12 CARD XXXX1234"),
            DedupRecord.of("2", "store #4410 card ****9876"), DedupRecord.of("3", "STORE #12 CARD XXXX1234"),
            DedupRecord.of("4", "OTHER SHOP"));

    @Test
    void records_are_one_node_when_the_normaliser_cannot_tell_their_texts_apart() {
        DedupNodes v1 = DedupNodes.of(RECORDS, DedupOptions.defaults(), TextNormaliser.VERSION_1);
        assertThat(v1.size()).isEqualTo(3);
        assertThat(v1.nodeOf(2)).isEqualTo(v1.nodeOf(0));
        assertThat(v1.nodeOf(1)).isNotEqualTo(v1.nodeOf(0));

        DedupNodes v2 = DedupNodes.of(RECORDS, DedupOptions.defaults(), TextNormaliser.VERSION_2);
        assertThat(v2.size()).isEqualTo(2);
        assertThat(v2.nodeOf(1)).isEqualTo(v2.nodeOf(0));
        assertThat(DedupNodes.nodeKey(RECORDS.get(1), DedupOptions.defaults(), TextNormaliser.VERSION_2))
                .startsWith("STORE #0 CARD %\u0000");
    }
    @Test
    void numbering_nodes_by_their_first_records_gives_the_numbers_of_numbering_every_record() {
        DedupOptions amounts = DedupOptions.defaults().withConstraints(true, 3, false);
        List<DedupRecord> records = List.of(
                new DedupRecord("a", "SHELL OIL 12", new BigDecimal("5"), LocalDate.of(2026, 1, 2), Map.of()),
                new DedupRecord("b", "WAL-MART", new BigDecimal("7"), LocalDate.of(2026, 1, 2), Map.of()),
                new DedupRecord("c", "SHELL OIL 99", new BigDecimal("5.00"), LocalDate.of(2026, 1, 2), Map.of()),
                new DedupRecord("d", "SHELL OIL", new BigDecimal("7"), LocalDate.of(2026, 1, 3), Map.of()),
                new DedupRecord("e", "WAL-MART", new BigDecimal("7"), LocalDate.of(2026, 1, 2), Map.of()));
        DedupNodes all = DedupNodes.of(records, amounts, TextNormaliser.VERSION_2);
        assertThat(all.size()).isEqualTo(3);
        assertThat(all.nodeOf(2)).isEqualTo(all.nodeOf(0)); // 5 equals 5.00, digits normalise away
        assertThat(all.nodeOf(4)).isEqualTo(all.nodeOf(1));
        assertThat(all.group(2)).isEqualTo(all.group(1)).isNotEqualTo(all.group(0)); // amount 7 twice
        assertThat(all.epochDay(2)).isEqualTo((int) LocalDate.of(2026, 1, 3).toEpochDay());

        // What the Spark job does: each node once, by its first record, in that order.
        DedupNodes.Numbering firsts = new DedupNodes.Numbering(amounts, TextNormaliser.VERSION_2);
        for (int i : new int[] {0, 1, 3}) {
            DedupRecord r = records.get(i);
            firsts.addNode(DedupNodes.nodeKey(r, amounts, TextNormaliser.VERSION_2), i, r.text(), DedupNodes.groupKey(r, amounts),
                    DedupNodes.epochDay(r, amounts));
        }
        for (int node = 0; node < all.size(); node++) {
            assertThat(firsts.firstRecords()[node]).isEqualTo(all.firstRecord(node));
            assertThat(firsts.groups()[node]).isEqualTo(all.group(node));
            assertThat(firsts.epochDays()[node]).isEqualTo(all.epochDay(node));
            assertThat(firsts.texts()[node]).isEqualTo(all.text(node));
        }
        for (int i = 0; i < records.size(); i++) {
            assertThat(firsts.nodeOf(DedupNodes.nodeKey(records.get(i), amounts, TextNormaliser.VERSION_2))).isEqualTo(all.nodeOf(i));
        }
        assertThatThrownBy(() -> firsts.addNode("late", 2, "X", "", 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(firsts::nodes).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_checker_names_the_first_bad_record_and_why() {
        DedupNodes.Checker dated = new DedupNodes.Checker(DedupOptions.defaults().withConstraints(false, 2, false));
        dated.check("a", true);
        assertThatThrownBy(() -> dated.check("b", false)).isInstanceOfSatisfying(InvalidRecord.class, e -> {
            assertThat(e.record()).isEqualTo(1);
            assertThat(e.reason()).isEqualTo(InvalidRecord.Reason.MISSING_DATE);
            assertThat(e.id()).isEqualTo("b");
        }).hasMessage("record b has no date; a date constraint needs one on every record");
        DedupNodes.Checker plain = new DedupNodes.Checker(DedupOptions.defaults());
        plain.check(DedupRecord.of("a", "X"));
        plain.check("b", false);
        assertThatThrownBy(() -> plain.check(DedupRecord.of("a", "Y"))).isInstanceOfSatisfying(InvalidRecord.class, e -> {
            assertThat(e.record()).isEqualTo(2);
            assertThat(e.reason()).isEqualTo(InvalidRecord.Reason.REPEATED_ID);
        }).hasMessage("record id 'a' occurs more than once");
    }
}
