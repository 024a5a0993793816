package io.txmatch.index;

import static io.txmatch.index.fixtures.ClusteredCodes.near;
import static io.txmatch.index.fixtures.ClusteredCodes.random;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SealedSegmentTest {

    /** The slots a batched lookup of {@code values} finds in {@code table}, sorted. */
    private static List<Integer> found(SealedSegment seg, int table, long[] values) {
        List<Integer> slots = new ArrayList<>();
        seg.lookup(table, values, values.length, new Segment.Scratch(), (s, slot, t) -> {
            assertThat(t).isEqualTo(table);
            slots.add(slot);
        });
        slots.sort(null);
        return slots;
    }

    /**
     * Slots kept in 3 bytes (up to 2^24 codes) and in ints (beyond) answer every lookup alike, and each found
     * slot really holds one of the values.
     */
    @ParameterizedTest
    @CsvSource({"64, 2", "128, 4", "100, 4"})
    void packed_and_int_slot_orders_find_the_same_slots(int bits, int m) {
        Random r = new Random(bits * 31L + m);
        Substrings layout = new Substrings(bits, m);
        int words = Codes.words(bits);
        int n = 70_000; // slots past 2^16: all three bytes of a packed slot matter
        int[] ids = new int[n];
        long[] codes = new long[n * words];
        long[][] centres = new long[200][];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = random(r, bits);
        }
        for (int i = 0; i < n; i++) {
            ids[i] = 3 * i + 1;
            System.arraycopy(near(r, centres[r.nextInt(centres.length)], bits, 0.05), 0, codes, i * words, words);
        }
        SealedSegment packed = SealedSegment.build(layout, ids, codes, n);
        SealedSegment wide = SealedSegment.build(layout, ids, codes, n, 0);
        assertThat(packed.ids()).isEqualTo(wide.ids());
        assertThat(packed.bytes()).isEqualTo(wide.bytes() - (m - 1L) * n); // 3n bytes a table, not 4n
        for (int round = 0; round < 50; round++) {
            long[] code = near(r, centres[r.nextInt(centres.length)], bits, 0.03);
            for (int t = 0; t < m; t++) {
                long[] values = new long[1 + layout.length(t)];
                values[0] = layout.value(code, 0, t);
                for (int b = 0; b < layout.length(t); b++) {
                    values[1 + b] = values[0] ^ (1L << b);
                }
                List<Integer> slots = found(packed, t, values);
                assertThat(slots).isEqualTo(found(wide, t, values));
                for (int slot : slots) {
                    long v = layout.value(packed.codes(), slot * words, t);
                    assertThat(values).contains(v);
                }
            }
        }
    }
}
