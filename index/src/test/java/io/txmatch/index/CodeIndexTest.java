package io.txmatch.index;

import static io.txmatch.index.IndexBenchmark.near;
import static io.txmatch.index.IndexBenchmark.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class CodeIndexTest {

    /** The same answers computed a second way: every stored code, sorted by (distance, id). */
    static List<Neighbor> brute(Map<Integer, long[]> codes, long[] q, RoaringBitmap allowed) {
        List<Neighbor> all = new ArrayList<>();
        codes.forEach((id, c) -> {
            if (allowed == null || allowed.contains(id)) {
                all.add(new Neighbor(id, Hamming.distance(q, c)));
            }
        });
        all.sort(null);
        return all;
    }

    @ParameterizedTest
    @ValueSource(ints = {30, 32, 64, 100, 128, 256})
    void radius_and_knn_equal_brute_force_with_filters_and_deletes(int bits) {
        Random r = new Random(1234 + bits);
        CodeIndex index = new CodeIndex(bits);
        Map<Integer, long[]> truth = new HashMap<>();
        List<long[]> centres = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            centres.add(random(r, bits));
        }
        for (int id = 0; id < 1500; id++) {
            long[] c = id % 2 == 0 ? random(r, bits) : near(r, centres.get(r.nextInt(centres.size())), bits, 0.05);
            index.put(id, c);
            truth.put(id, c);
        }
        for (int i = 0; i < 300; i++) {
            int id = r.nextInt(1500);
            assertThat(index.remove(id)).isEqualTo(truth.remove(id) != null);
        }
        for (int i = 0; i < 100; i++) { // updates replace the old code
            int id = r.nextInt(1500);
            long[] c = near(r, centres.get(0), bits, 0.02);
            index.put(id, c);
            truth.put(id, c);
        }
        assertThat(index.size()).isEqualTo(truth.size());
        for (int q = 0; q < 40; q++) {
            long[] query = q % 2 == 0 ? random(r, bits) : near(r, centres.get(r.nextInt(centres.size())), bits, 0.03);
            RoaringBitmap allowed = null;
            if (q % 3 == 0) {
                allowed = new RoaringBitmap();
                for (int id = 0; id < 1500; id += 2) {
                    allowed.add(id);
                }
            }
            List<Neighbor> expected = brute(truth, query, allowed);
            for (SearchPath path : SearchPath.values()) {
                for (int radius = 0; radius <= bits / 4; radius += Math.max(1, bits / 32)) {
                    int rr = radius;
                    assertThat(index.radius(query, radius, allowed, path).neighbors())
                            .as("bits %d radius %d path %s", bits, radius, path)
                            .isEqualTo(expected.stream().filter(n -> n.distance() <= rr).toList());
                }
                for (int k : new int[] {1, 5, 50}) {
                    assertThat(index.knn(query, k, allowed, path).neighbors()).as("bits %d k %d path %s", bits, k, path)
                            .isEqualTo(expected.subList(0, Math.min(k, expected.size())));
                }
            }
        }
    }

    @Test
    void the_cost_model_takes_mih_for_small_radii_and_the_scan_for_large_ones() {
        Random r = new Random(99);
        CodeIndex index = new CodeIndex(64);
        for (int id = 0; id < 200_000; id++) {
            index.put(id, random(r, 64));
        }
        long[] q = random(r, 64);
        assertThat(index.radius(q, 2, null).path()).isEqualTo("mih");
        assertThat(index.radius(q, 2, null).candidates()).isLessThan(1000);
        assertThat(index.radius(q, 30, null).path()).isEqualTo("scan");
        SearchResult knn = index.knn(q, 10, null);
        assertThat(knn.path()).startsWith("mih");
        assertThat(knn.neighbors()).isEqualTo(index.knn(q, 10, null, SearchPath.SCAN).neighbors());
    }

    @Test
    void forced_mih_knn_finishes_exactly_when_the_balls_grow_too_large() {
        Random r = new Random(5);
        CodeIndex index = new CodeIndex(128, 4); // 32-bit substrings: large balls early
        for (int id = 0; id < 300; id++) {
            index.put(id, random(r, 128));
        }
        long[] q = random(r, 128);
        SearchResult mih = index.knn(q, 3, null, SearchPath.MIH);
        assertThat(mih.path()).isEqualTo("mih+scan");
        assertThat(mih.neighbors()).isEqualTo(index.knn(q, 3, null, SearchPath.SCAN).neighbors());
    }

    @Test
    void substring_layout_is_validated() {
        assertThat(new CodeIndex(64).substrings()).isEqualTo(3);
        assertThat(new CodeIndex(256).substrings()).isEqualTo(13);
        assertThatThrownBy(() -> new CodeIndex(128, 3)).hasMessageContaining("at most 32 bits");
        assertThatThrownBy(() -> new CodeIndex(64, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejects_codes_of_the_wrong_width() {
        CodeIndex index = new CodeIndex(40);
        assertThatThrownBy(() -> index.put(1, new long[2])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.put(1, new long[] {1L << 40})).hasMessageContaining("beyond its width");
        assertThatThrownBy(() -> index.radius(new long[1], 41, null)).hasMessageContaining("radius");
        assertThatThrownBy(() -> index.knn(new long[1], 0, null)).hasMessageContaining("k must");
        assertThatThrownBy(() -> new CodeIndex(29)).hasMessageContaining("30..256");
        assertThatThrownBy(() -> new CodeIndex(257)).hasMessageContaining("30..256");
    }

    @Test
    void hex_round_trips_for_every_width() {
        Random r = new Random(7);
        for (int bits = Codes.MIN_BITS; bits <= Codes.MAX_BITS; bits++) {
            long[] c = random(r, bits);
            String hex = Codes.toHex(c, bits);
            assertThat(hex).hasSize(Codes.words(bits) * 16 - (Codes.words(bits) * 64 - bits) / 4);
            assertThat(Codes.fromHex(hex, bits)).isEqualTo(c);
        }
        assertThatThrownBy(() -> Codes.fromHex("abc", 64)).hasMessageContaining("too short");
    }

    @Test
    void search_reports_path_and_candidates() {
        CodeIndex index = new CodeIndex(64);
        index.put(3, new long[] {0b1011});
        index.put(9, new long[] {0b1000});
        SearchResult r = index.radius(new long[] {0b1000}, 2, null);
        assertThat(r.path()).isEqualTo("scan");
        assertThat(r.candidates()).isEqualTo(2);
        assertThat(r.neighbors()).containsExactly(new Neighbor(9, 0), new Neighbor(3, 2));
    }
}
