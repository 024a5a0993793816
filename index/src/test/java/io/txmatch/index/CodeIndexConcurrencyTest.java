package io.txmatch.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.txmatch.index.fixtures.ClusteredCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** One writer, many readers: a reader sees each write wholly or not at all, on every search path. */
class CodeIndexConcurrencyTest {
    @Test
    void readers_never_see_a_torn_write() throws Exception {
        int bits = 100;
        int n = 2000;
        Random r = new Random(17);
        long[][] a = new long[n][];
        long[][] b = new long[n][];
        CodeIndex index = new CodeIndex(bits);
        for (int id = 0; id < n; id++) {
            a[id] = ClusteredCodes.random(r, bits);
            b[id] = ClusteredCodes.near(r, a[id], bits, 0.2);
            index.put(id, a[id]);
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Future<Integer> writer = pool.submit(() -> {
            Random w = new Random(1);
            int writes = 0;
            while (!stop.get() && writes < 200_000) {
                int id = w.nextInt(n);
                switch (w.nextInt(3)) {
                    case 0 -> index.put(id, a[id]);
                    case 1 -> index.put(id, b[id]);
                    default -> {
                        index.remove(id);
                        index.put(id, w.nextBoolean() ? a[id] : b[id]);
                    }
                }
                writes++;
            }
            return writes;
        });
        List<Future<Integer>> readers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            SearchPath path = SearchPath.values()[t];
            long seed = t;
            readers.add(pool.submit(() -> {
                Random q = new Random(seed);
                int checked = 0;
                for (int i = 0; i < 300; i++) {
                    int target = q.nextInt(n);
                    long[] query = ClusteredCodes.near(q, a[target], bits, 0.03);
                    SearchResult res = i % 2 == 0 ? index.search(Query.radius(query, 12).on(path)) : index.search(Query.knn(query, 5).on(path));
                    for (Neighbor hit : res.neighbors()) {
                        int da = Hamming.distance(query, a[hit.id()]);
                        int db = Hamming.distance(query, b[hit.id()]);
                        assertThat(hit.distance()).as("id %d on %s", hit.id(), path).isIn(da, db);
                        checked++;
                    }
                }
                return checked;
            }));
        }
        int checked = 0;
        for (Future<Integer> f : readers) {
            checked += f.get(2, TimeUnit.MINUTES);
        }
        stop.set(true);
        assertThat(writer.get(1, TimeUnit.MINUTES)).isPositive();
        pool.shutdown();
        assertThat(checked).isGreaterThan(100);
        assertThat(index.size()).isEqualTo(n);
        // After the dust settles, both paths agree exactly.
        long[] q = ClusteredCodes.random(new Random(3), bits);
        assertThat(index.search(Query.knn(q, 20).on(SearchPath.MIH)).neighbors()).isEqualTo(index.search(Query.knn(q, 20).on(SearchPath.SCAN)).neighbors());
    }
}
