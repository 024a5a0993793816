package io.txmatch.index;

import static io.txmatch.index.fixtures.ClusteredCodes.near;
import static io.txmatch.index.fixtures.ClusteredCodes.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class QueryTest {

    @Test
    void factories_and_withers_set_one_field_each() {
        long[] code = {5};
        RoaringBitmap some = RoaringBitmap.bitmapOf(1, 2);
        Query radius = Query.radius(code, 3);
        assertThat(radius.isKnn()).isFalse();
        assertThat(radius.radius()).isEqualTo(3);
        assertThat(radius.maxProbe()).isEqualTo(Query.UNBOUNDED);
        assertThat(radius.path()).isEqualTo(SearchPath.AUTO);
        assertThat(radius.allowed()).isNull();

        Query knn = Query.knn(code, 7).within(12).probing(1).among(some).on(SearchPath.MIH);
        assertThat(knn.code()).isSameAs(code);
        assertThat(knn.k()).isEqualTo(7);
        assertThat(knn.radius()).isEqualTo(12);
        assertThat(knn.maxProbe()).isEqualTo(1);
        assertThat(knn.allowed()).isSameAs(some);
        assertThat(knn.path()).isEqualTo(SearchPath.MIH);
        assertThat(Query.knn(code, 7).radius()).isEqualTo(Query.UNBOUNDED);
    }

    @Test
    void inconsistent_queries_are_refused() {
        long[] code = {5};
        assertThatThrownBy(() -> Query.knn(code, 0)).hasMessageContaining("k must be at least 1");
        assertThatThrownBy(() -> Query.radius(code, -1)).hasMessageContaining("radius must be 0 or more");
        assertThatThrownBy(() -> Query.knn(code, 3).within(-2)).hasMessageContaining("radius must be 0 or more");
        assertThatThrownBy(() -> Query.knn(code, 3).probing(-1)).hasMessageContaining("probe radius");
        assertThatThrownBy(() -> Query.radius(code, 3).within(2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Query.radius(code, 3).probing(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Query.knn(code, 3).probing(1).on(SearchPath.SCAN)).hasMessageContaining("probed");
        assertThatThrownBy(() -> Query.radius(null, 3)).hasMessageContaining("code is null");
        assertThatThrownBy(() -> Query.radius(code, 3).on(null)).hasMessageContaining("path is null");
        CodeIndex index = new CodeIndex(40);
        assertThatThrownBy(() -> index.search(Query.knn(new long[1], 2).within(41))).hasMessageContaining("radius must be 0..40");
        assertThatThrownBy(() -> index.search(Query.knn(new long[2], 2))).hasMessageContaining("words");
    }

    @Test
    void routes_keep_their_wire_names() {
        // The HTTP API and the logs show these strings: they are a wire format.
        assertThat(Route.MIH.wireName()).isEqualTo("mih");
        assertThat(Route.SCAN.wireName()).isEqualTo("scan");
        assertThat(Route.MIH_THEN_SCAN.wireName()).isEqualTo("mih+scan");
        assertThat(Route.MIH_PROBED.wireName()).isEqualTo("mih-probed");
        assertThat(Route.values()).hasSize(4);
    }

    @Test
    void a_probe_that_stops_short_says_so_and_an_exact_one_does_not() {
        Random r = new Random(11);
        CodeIndex.Builder b = CodeIndex.builder(64).substrings(8);
        for (int id = 0; id < 2_000; id++) {
            b.add(id, random(r, 64));
        }
        CodeIndex index = b.build();
        long[] q = random(r, 64);
        // Random codes lie ~32 bits apart: 8-bit substrings probed to 0 bits are certain only within 7.
        SearchResult probed = index.search(Query.knn(q, 5).within(40).probing(0));
        assertThat(probed.route()).isEqualTo(Route.MIH_PROBED);
        SearchResult exact = index.search(Query.knn(q, 5).within(40));
        assertThat(exact.route()).isNotEqualTo(Route.MIH_PROBED);
        assertThat(exact.neighbors()).isEqualTo(index.search(Query.knn(q, 5).on(SearchPath.SCAN)).neighbors());
    }

    @Test
    void a_frozen_view_answers_as_the_index_did_and_ignores_later_writes() {
        Random r = new Random(21);
        CodeIndex index = new CodeIndex(64, 4);
        long[] centre = random(r, 64);
        for (int id = 0; id < 3_000; id++) {
            index.put(id, near(r, centre, 64, 0.1));
        }
        for (int id = 0; id < 3_000; id += 7) {
            index.remove(id);
        }
        CodeIndex.Frozen frozen = index.freeze();
        long[][] queries = new long[20][];
        SearchResult[][] before = new SearchResult[queries.length][];
        RoaringBitmap odd = new RoaringBitmap();
        odd.add(1L, 3_000L);
        odd.flip(0L, 3_000L);
        for (int i = 0; i < queries.length; i++) {
            queries[i] = near(r, centre, 64, 0.1);
            before[i] = new SearchResult[] {
                    index.search(Query.radius(queries[i], 5)),
                    index.search(Query.knn(queries[i], 10).among(odd)),
                    index.search(Query.knn(queries[i], 10).within(4).probing(0))};
        }
        for (int id = 3_000; id < 4_000; id++) {
            index.put(id, near(r, centre, 64, 0.05)); // nearer than most: later searches of the index change
        }
        for (int i = 0; i < queries.length; i++) {
            assertThat(frozen.search(Query.radius(queries[i], 5))).isEqualTo(before[i][0]);
            assertThat(frozen.search(Query.knn(queries[i], 10).among(odd))).isEqualTo(before[i][1]);
            assertThat(frozen.search(Query.knn(queries[i], 10).within(4).probing(0))).isEqualTo(before[i][2]);
        }
        assertThat(index.search(Query.radius(queries[0], 64)).neighbors()).hasSize(frozen.size() + 1_000);
        assertThatThrownBy(() -> frozen.search(Query.radius(new long[2], 1))).hasMessageContaining("words");
    }
}
