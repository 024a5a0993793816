package io.txmatch.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.txmatch.model.TextNormaliser;
import java.util.List;
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
}
