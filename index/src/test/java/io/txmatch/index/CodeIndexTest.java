package io.txmatch.index;

import static io.txmatch.index.fixtures.ClusteredCodes.near;
import static io.txmatch.index.fixtures.ClusteredCodes.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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

    /** How the codes reach the index: all in the mutable delta, sealed by compaction, or bulk-built. */
    enum Load { PUTS, COMPACTED, BUILT }

    static Stream<Arguments> widthsAndLoads() {
        return IntStream.of(30, 32, 64, 100, 128, 256).boxed()
                .flatMap(b -> Arrays.stream(Load.values()).map(l -> Arguments.of(b, l)));
    }

    @ParameterizedTest
    @MethodSource("widthsAndLoads")
    void radius_and_knn_equal_brute_force_with_filters_and_deletes(int bits, Load load) {
        Random r = new Random(1234 + bits);
        Map<Integer, long[]> truth = new HashMap<>();
        List<long[]> centres = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            centres.add(random(r, bits));
        }
        // Substrings of about 10 bits, so that forced MIH really probes balls of radius 0..2 at radii up to
        // bits/4 (with the default 32-bit substrings those balls outgrow a scan and MIH hands over to it).
        int m = Math.max(CostModel.defaultSubstrings(bits), bits / 10);
        CodeIndex.Builder builder = CodeIndex.builder(bits).substrings(m);
        CodeIndex index = new CodeIndex(bits, m);
        for (int id = 0; id < 1500; id++) {
            long[] c = id % 2 == 0 ? random(r, bits) : near(r, centres.get(r.nextInt(centres.size())), bits, 0.05);
            if (load == Load.BUILT) {
                builder.add(id, c);
            } else {
                index.put(id, c);
            }
            truth.put(id, c);
        }
        if (load == Load.BUILT) {
            index = builder.build();
        } else if (load == Load.COMPACTED) {
            index.compact();
        }
        // After sealing, deletes and updates are tombstones plus delta entries; a few ids come back.
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
                    SearchResult res = index.search(Query.radius(query, radius).among(allowed).on(path));
                    assertThat(res.neighbors()).as("bits %d radius %d path %s", bits, radius, path)
                            .isEqualTo(expected.stream().filter(n -> n.distance() <= rr).toList());
                    if (path == SearchPath.MIH) {
                        assertThat(res.route()).isEqualTo(Route.MIH);
                    }
                }
                for (int k : new int[] {1, 5, 50}) {
                    assertThat(index.search(Query.knn(query, k).among(allowed).on(path)).neighbors()).as("bits %d k %d path %s", bits, k, path)
                            .isEqualTo(expected.subList(0, Math.min(k, expected.size())));
                    for (int cap : new int[] {0, bits / 8, bits / 4}) {
                        List<Neighbor> within = expected.stream().filter(n -> n.distance() <= cap).toList();
                        assertThat(index.search(Query.knn(query, k).within(cap).among(allowed).on(path)).neighbors())
                                .as("bits %d k %d within %d path %s", bits, k, cap, path)
                                .isEqualTo(within.subList(0, Math.min(k, within.size())));
                        if (path == SearchPath.AUTO) {
                            for (int probe = 0; probe <= 2; probe++) {
                                checkProbed(index, query, k, cap, probe, allowed, within);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Probed k-NN: its hits are true hits within the radius, in order; no code the pigeonhole guarantees
     * (within m(probe + 1) - 1) is missing unless k nearer ones were found; with probes to radius / m it is exact.
     */
    private static void checkProbed(CodeIndex index, long[] query, int k, int cap, int probe, RoaringBitmap allowed,
                                    List<Neighbor> within) {
        List<Neighbor> got = index.search(Query.knn(query, k).within(cap).probing(probe).among(allowed)).neighbors();
        String what = "k " + k + " within " + cap + " probe " + probe;
        assertThat(within).as(what).containsAll(got);
        assertThat(got).as(what).isSorted().hasSizeLessThanOrEqualTo(k);
        int guaranteed = index.substrings() * (probe + 1) - 1;
        for (Neighbor n : within) {
            if (n.distance() <= guaranteed && !got.contains(n)) {
                assertThat(got).as(what + ": %s missing", n).hasSize(k).allSatisfy(h -> assertThat(h).isLessThan(n));
            }
        }
        if (probe >= cap / index.substrings()) {
            assertThat(got).as(what).isEqualTo(within.subList(0, Math.min(k, within.size())));
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
        assertThat(index.search(Query.radius(q, 2)).route()).isEqualTo(Route.MIH);
        assertThat(index.search(Query.radius(q, 2)).candidates()).isLessThan(1000);
        assertThat(index.search(Query.radius(q, 30)).route()).isEqualTo(Route.SCAN);
        // Among 200k uniformly random 64-bit codes the 10th neighbour lies ~17 bits away: balls that large
        // cost more than the scan, so the model scans; so it does for a filter admitting 5 codes.
        assertThat(index.search(Query.knn(q, 10)).route()).isEqualTo(Route.SCAN);
        RoaringBitmap few = RoaringBitmap.bitmapOf(1, 2, 3, 4, 5);
        assertThat(index.search(Query.knn(q, 10).among(few)).route()).isEqualTo(Route.SCAN);
        assertThat(index.search(Query.knn(q, 10).among(few)).neighbors()).hasSize(5);
        SearchResult forced = index.search(Query.knn(q, 10).on(SearchPath.MIH));
        assertThat(forced.neighbors()).isEqualTo(index.search(Query.knn(q, 10).on(SearchPath.SCAN)).neighbors());
    }

    @Test
    void forced_mih_knn_finishes_exactly_when_the_balls_grow_too_large() {
        Random r = new Random(5);
        CodeIndex index = new CodeIndex(128, 4); // 32-bit substrings: large balls early
        for (int id = 0; id < 300; id++) {
            index.put(id, random(r, 128));
        }
        long[] q = random(r, 128);
        SearchResult mih = index.search(Query.knn(q, 3).on(SearchPath.MIH));
        assertThat(mih.route()).isEqualTo(Route.MIH_THEN_SCAN);
        assertThat(mih.neighbors()).isEqualTo(index.search(Query.knn(q, 3).on(SearchPath.SCAN)).neighbors());
    }

    @Test
    void substring_layout_is_validated() {
        assertThat(new CodeIndex(64).substrings()).isEqualTo(2);
        assertThat(new CodeIndex(100).substrings()).isEqualTo(4);
        assertThat(new CodeIndex(256).substrings()).isEqualTo(8);
        assertThatThrownBy(() -> new CodeIndex(128, 3)).hasMessageContaining("at most 32 bits");
        assertThatThrownBy(() -> new CodeIndex(64, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejects_codes_of_the_wrong_width() {
        CodeIndex index = new CodeIndex(40);
        assertThatThrownBy(() -> index.put(1, new long[2])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.put(1, new long[] {1L << 40})).hasMessageContaining("beyond its width");
        assertThatThrownBy(() -> index.search(Query.radius(new long[1], 41))).hasMessageContaining("radius");
        assertThatThrownBy(() -> index.search(Query.knn(new long[1], 0))).hasMessageContaining("k must");
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
        SearchResult r = index.search(Query.radius(new long[] {0b1000}, 2));
        assertThat(r.route()).isEqualTo(Route.SCAN);
        assertThat(r.candidates()).isEqualTo(2);
        assertThat(r.neighbors()).containsExactly(new Neighbor(9, 0), new Neighbor(3, 2));
    }

    @Test
    void writes_past_the_delta_limit_compact_on_their_own_and_answers_stay_exact() {
        Random r = new Random(77);
        CodeIndex index = new CodeIndex(64);
        Map<Integer, long[]> truth = new HashMap<>();
        long[] centre = random(r, 64);
        for (int i = 0; i < 30_000; i++) {
            int id = r.nextInt(12_000);
            if (r.nextInt(4) == 0) {
                assertThat(index.remove(id)).isEqualTo(truth.remove(id) != null);
            } else {
                long[] c = near(r, centre, 64, 0.1);
                index.put(id, c);
                truth.put(id, c);
            }
        }
        assertThat(index.size()).isEqualTo(truth.size());
        // Folded at least once: a delta of every live code would cost 300 bytes each.
        assertThat(index.bytes()).isLessThan(100L * truth.size());
        for (int q = 0; q < 20; q++) {
            long[] query = near(r, centre, 64, 0.1);
            List<Neighbor> expected = brute(truth, query, null);
            SearchResult within = index.search(Query.radius(query, 6).on(SearchPath.MIH));
            assertThat(within.route()).isEqualTo(Route.MIH);
            assertThat(within.neighbors()).isEqualTo(expected.stream().filter(n -> n.distance() <= 6).toList());
            assertThat(index.search(Query.knn(query, 10).on(SearchPath.MIH)).neighbors()).isEqualTo(expected.subList(0, 10));
        }
        Map<Integer, long[]> seen = new HashMap<>();
        index.forEach((id, code) -> seen.put(id, code.clone()));
        assertThat(seen).containsOnlyKeys(truth.keySet());
        truth.forEach((id, c) -> assertThat(seen.get(id)).isEqualTo(c));
    }

    /**
     * The default layout (32-bit substrings) over enough codes that a bucket's entries keep only 8 of their
     * 20 bits below the bucket: the residual byte rejects, the code settles. Codes are made to collide in
     * those 8 bits (and in the bucket) while differing in between, so a lookup that trusted the byte would
     * report a code twice or at the wrong distance.
     */
    @ParameterizedTest
    @MethodSource("longSubstringWidths")
    void long_substrings_whose_residual_byte_only_filters_equal_brute_force(int bits) {
        Random r = new Random(77 + bits);
        Map<Integer, long[]> truth = new HashMap<>();
        CodeIndex.Builder builder = CodeIndex.builder(bits);
        List<long[]> centres = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            centres.add(random(r, bits));
        }
        for (int id = 0; id < 30_000; id++) {
            long[] c = near(r, centres.get(r.nextInt(centres.size())), bits, 0.04);
            if (id % 3 == 2) {
                // Same top 12 and low 8 bits of every 32-bit substring as some earlier code, middle bits random.
                long[] twin = truth.get(r.nextInt(id)).clone();
                for (int w = 0; w < twin.length; w++) {
                    twin[w] ^= (r.nextLong() & 0x000FFF00_000FFF00L);
                }
                c = twin;
            }
            builder.add(id, c);
            truth.put(id, c);
        }
        CodeIndex index = builder.build();
        assertThat(index.substrings()).isEqualTo(CostModel.defaultSubstrings(bits));
        for (int qi = 0; qi < 60; qi++) {
            long[] q = near(r, truth.get(r.nextInt(truth.size())), bits, 0.02);
            List<Neighbor> all = brute(truth, q, null);
            for (int radius = 0; radius <= 2 * index.substrings() + 1; radius++) {
                int within = radius;
                List<Neighbor> expected = all.stream().filter(h -> h.distance() <= within).toList();
                assertThat(index.search(Query.radius(q, radius).on(SearchPath.MIH)).neighbors()).isEqualTo(expected);
            }
            assertThat(index.search(Query.knn(q, 5).on(SearchPath.MIH)).neighbors()).isEqualTo(all.subList(0, 5));
        }
    }

    /** Short substrings over many codes: each bucket is one whole substring value, no residual bytes kept. */
    @Test
    void buckets_that_are_whole_substrings_equal_brute_force() {
        Random r = new Random(31);
        Map<Integer, long[]> truth = new HashMap<>();
        CodeIndex.Builder builder = CodeIndex.builder(30).substrings(3); // 10-bit substrings, 2^10 buckets each
        List<long[]> centres = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            centres.add(random(r, 30));
        }
        for (int id = 0; id < 6000; id++) {
            long[] c = id % 2 == 0 ? random(r, 30) : near(r, centres.get(r.nextInt(centres.size())), 30, 0.05);
            builder.add(id, c);
            truth.put(id, c);
        }
        CodeIndex index = builder.build();
        for (int qi = 0; qi < 40; qi++) {
            long[] q = near(r, truth.get(r.nextInt(truth.size())), 30, 0.03);
            List<Neighbor> all = brute(truth, q, null);
            for (int radius = 0; radius <= 7; radius++) {
                int within = radius;
                assertThat(index.search(Query.radius(q, radius).on(SearchPath.MIH)).neighbors())
                        .isEqualTo(all.stream().filter(h -> h.distance() <= within).toList());
            }
            assertThat(index.search(Query.knn(q, 10).on(SearchPath.MIH)).neighbors()).isEqualTo(all.subList(0, 10));
        }
    }

    static IntStream longSubstringWidths() {
        return IntStream.of(64, 128);
    }

    @Test
    void a_built_64_bit_index_stays_within_twice_the_raw_codes_and_ids() {
        Random r = new Random(3);
        CodeIndex.Builder b = CodeIndex.builder(64);
        int n = 200_000;
        for (int id = 0; id < n; id++) {
            b.add(id, random(r, 64));
        }
        CodeIndex index = b.build();
        assertThat(index.substrings()).isEqualTo(2);
        // 8 bytes of code and 4 of id per entry, raw.
        assertThat(index.bytes() / (double) n).isLessThanOrEqualTo(2 * 12.0);
    }

    @Test
    void candidates_count_only_codes_the_filter_admits() {
        CodeIndex index = new CodeIndex(64);
        for (int id = 0; id < 80; id++) {
            index.put(id, new long[] {id < 40 ? 0xFFFFL << id % 40 : 3L << (id - 40)});
        }
        long[] q = {3L};
        RoaringBitmap mine = new RoaringBitmap();
        mine.add(0L, 40L);
        SearchResult r = index.search(Query.radius(q, 3).among(mine).on(SearchPath.MIH));
        assertThat(r.neighbors()).allSatisfy(n -> assertThat(mine.contains(n.id())).isTrue());
        // Codes of other owners near the query (ids 40, 41 ...) are not counted as verified.
        int admitted = 0;
        for (Neighbor n : index.search(Query.radius(q, 64).among(mine).on(SearchPath.SCAN)).neighbors()) {
            admitted += Hamming.distance(q, new long[] {0xFFFFL << n.id() % 40}) <= 64 ? 1 : 0;
        }
        assertThat(r.candidates()).isLessThanOrEqualTo(admitted);
        assertThat(index.search(Query.radius(q, 3).among(RoaringBitmap.bitmapOf()).on(SearchPath.MIH)).candidates()).isZero();
    }

    @Test
    void the_builder_rejects_a_repeated_id() {
        CodeIndex.Builder b = CodeIndex.builder(32).add(1, new long[] {5}).add(1, new long[] {6});
        assertThatThrownBy(b::build).hasMessageContaining("id 1 appears twice");
    }
}
