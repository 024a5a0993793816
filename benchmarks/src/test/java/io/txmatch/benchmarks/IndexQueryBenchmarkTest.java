package io.txmatch.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.txmatch.index.CodeIndex;
import io.txmatch.index.Query;
import io.txmatch.index.Route;
import io.txmatch.index.SearchPath;
import io.txmatch.index.SearchResult;
import org.junit.jupiter.api.Test;

class IndexQueryBenchmarkTest {
    private static IndexQueryBenchmark built(int n) {
        IndexQueryBenchmark b = new IndexQueryBenchmark();
        b.n = n;
        b.bits = 64;
        b.substrings = 0;
        b.build();
        return b;
    }

    @Test
    void mih_and_scan_benchmarks_return_the_same_hits() {
        IndexQueryBenchmark b = built(20_000);
        for (int radius : new int[] {1, 3}) {
            IndexQueryBenchmark.Radius r = new IndexQueryBenchmark.Radius();
            r.radius = radius;
            assertThatCode(() -> r.check(b)).doesNotThrowAnyException();
            IndexQueryBenchmark.Cursor mihCursor = new IndexQueryBenchmark.Cursor();
            IndexQueryBenchmark.Cursor scanCursor = new IndexQueryBenchmark.Cursor();
            long hits = 0;
            for (int i = 0; i < IndexQueryBenchmark.QUERIES; i++) {
                SearchResult mih = b.mihRadius(r, mihCursor);
                SearchResult scan = b.scanRadius(r, scanCursor);
                assertThat(mih.route()).isEqualTo(Route.MIH);
                assertThat(scan.route()).isEqualTo(Route.SCAN);
                assertThat(mih.neighbors()).isEqualTo(scan.neighbors());
                hits += scan.neighbors().size();
            }
            // Queries sit near stored codes in clusters: a radius search finds something on the whole.
            assertThat(hits).as("radius %d", radius).isPositive();
        }
    }

    @Test
    void knn_benchmark_matches_the_scan() {
        IndexQueryBenchmark b = built(20_000);
        CodeIndex index = b.index();
        IndexQueryBenchmark.Cursor cursor = new IndexQueryBenchmark.Cursor();
        for (int i = 0; i < IndexQueryBenchmark.QUERIES; i++) {
            long[] query = b.queries()[i];
            SearchResult auto = b.knn10Auto(cursor);
            assertThat(auto.neighbors()).hasSize(10);
            assertThat(auto.neighbors()).isEqualTo(index.search(Query.knn(query, 10).on(SearchPath.SCAN)).neighbors());
        }
    }

    @Test
    void cursor_cycles_through_the_queries() {
        IndexQueryBenchmark b = built(1_000);
        IndexQueryBenchmark.Cursor cursor = new IndexQueryBenchmark.Cursor();
        long[][] queries = b.queries();
        for (int i = 0; i < 2 * IndexQueryBenchmark.QUERIES; i++) {
            assertThat(cursor.next(queries)).isSameAs(queries[i % IndexQueryBenchmark.QUERIES]);
        }
    }

    @Test
    void build_is_seeded() {
        assertThat(built(1_000).queries()).isDeepEqualTo(built(1_000).queries());
    }
}
