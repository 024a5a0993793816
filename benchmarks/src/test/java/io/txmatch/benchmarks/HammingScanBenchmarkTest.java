package io.txmatch.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.txmatch.index.CodeIndex;
import io.txmatch.index.Codes;
import io.txmatch.index.Query;
import io.txmatch.index.SearchPath;
import org.junit.jupiter.api.Test;

class HammingScanBenchmarkTest {
    private static final int COUNT = 5_000;

    @Test
    void scan_counts_what_a_bit_count_and_the_index_count() {
        for (int bits : new int[] {64, 100, 128, 256}) {
            HammingScanBenchmark b = new HammingScanBenchmark();
            b.bits = bits;
            // Random codes sit about bits / 2 apart: this radius admits a real share of them.
            b.radius = bits / 2 - 4;
            b.fill(COUNT);
            int words = Codes.words(bits);
            long[] codes = b.codes();
            long[] query = b.query();

            int expected = 0;
            CodeIndex index = new CodeIndex(bits);
            for (int s = 0; s < COUNT; s++) {
                long[] code = new long[words];
                System.arraycopy(codes, s * words, code, 0, words);
                index.put(s, code);
                int d = 0;
                for (int i = 0; i < words; i++) {
                    d += Long.bitCount(query[i] ^ code[i]);
                }
                if (d <= b.radius) {
                    expected++;
                }
            }

            assertThat(expected).as("bits=%d", bits).isBetween(1, COUNT - 1);
            assertThat(b.scan()).as("bits=%d", bits).isEqualTo(expected);
            assertThat(index.search(Query.radius(query, b.radius).on(SearchPath.SCAN)).neighbors()).hasSize(expected);
        }
    }

    @Test
    void query_is_one_bit_from_a_stored_code() {
        HammingScanBenchmark b = new HammingScanBenchmark();
        b.bits = 64;
        b.radius = 0;
        b.fill(COUNT);
        assertThat(b.scan()).isZero();
        b.radius = 1;
        assertThat(b.scan()).isGreaterThanOrEqualTo(1);
    }
}
