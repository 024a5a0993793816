package io.txmatch.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.txmatch.index.Hamming;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinkerTest {
    @Test
    void candidates_are_the_nearest_codes_within_the_radius_exactly_as_brute_force_finds_them() {
        for (int bits : new int[] {64, 128}) {
            Random r = new Random(bits);
            int n = 3000;
            int words = bits / 64;
            long[] codes = new long[n * words];
            long[] centre = new long[words];
            for (int i = 0; i < n; i++) {
                if (i % 30 == 0) {
                    for (int w = 0; w < words; w++) {
                        centre[w] = r.nextLong();
                    }
                }
                for (int w = 0; w < words; w++) {
                    long flips = 0;
                    for (int b = 0; b < 64; b++) {
                        if (r.nextDouble() < 0.08) {
                            flips |= 1L << b;
                        }
                    }
                    codes[i * words + w] = centre[w] ^ flips;
                }
            }
            int[] group = new int[n];
            for (int i = 0; i < n; i++) {
                group[i] = i % 7 == 0 ? 1 : 0;
            }
            NodeVectors v = new NodeVectors(bits, 1, new float[n], codes);
            DedupOptions o = DedupOptions.defaults().withBlocking(bits / 4, 10);
            Linker linker = new Linker(v, group, new int[n], o);
            for (int q = 0; q < n; q += 37) {
                int node = q;
                List<int[]> all = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    int d = Hamming.distance(v.code(node), v.code(j));
                    if (j != node && group[j] == group[node] && d <= o.radius()) {
                        all.add(new int[] {d, j});
                    }
                }
                all.sort(Comparator.<int[]>comparingInt(x -> x[0]).thenComparingInt(x -> x[1]));
                int[] expected = all.stream().limit(o.maxCandidates()).mapToInt(x -> x[1]).toArray();
                assertThat(linker.candidates(node)).as("bits %d node %d", bits, node).containsExactly(expected);
            }
        }
    }
}
