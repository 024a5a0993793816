package io.txmatch.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.txmatch.index.Hamming;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexBenchmarkTest {

    /**
     * A small run of {@code bench index}: the figures are sane, and the codes file it writes for other engines
     * holds a hit total that a brute-force count over the file's own codes and queries reproduces.
     */
    @Test
    void a_small_run_reports_figures_and_writes_codes_whose_hit_total_brute_force_confirms(@TempDir Path dir)
            throws Exception {
        int n = 3_000;
        int queries = 40;
        int radius = 3;
        Path file = dir.resolve("codes.bin");
        IndexBenchmark.Result r = IndexBenchmark.run(n, 64, radius, queries, 1, 7, file);
        assertThat(r.n()).isEqualTo(n);
        assertThat(r.substrings()).isEqualTo(2);
        assertThat(r.mihQps()).isPositive();
        assertThat(r.linearQps()).isPositive();
        assertThat(r.meanHits()).isPositive(); // queries sit 1-2 bits from stored codes
        assertThat(r.line()).startsWith("index-bench n=3000 bits=64 r=3: mih_qps=");

        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.remaining()).isEqualTo(36 + 8 * (n + queries) + 4);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.limit() - 4);
        assertThat(b.getInt(b.limit() - 4)).isEqualTo((int) crc.getValue());
        byte[] magic = new byte[4];
        b.get(magic);
        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("TXCB");
        assertThat(new int[] {b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt()})
                .containsExactly(1, 64, 1, n, queries, radius);
        long expectedHits = b.getLong();
        long[] codes = new long[n];
        for (int i = 0; i < n; i++) {
            codes[i] = b.getLong();
        }
        long hits = 0;
        for (int q = 0; q < queries; q++) {
            long[] query = {b.getLong()};
            for (int i = 0; i < n; i++) {
                hits += Hamming.distance(query, codes, i, 1) <= radius ? 1 : 0;
            }
        }
        assertThat(hits).isEqualTo(expectedHits).isEqualTo(Math.round(r.meanHits() * queries));
    }
}
