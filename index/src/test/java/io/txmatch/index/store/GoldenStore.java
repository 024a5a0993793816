package io.txmatch.index.store;

import io.txmatch.index.Neighbor;
import io.txmatch.index.Query;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Writes the golden store committed in {@code src/test/resources/golden/v1} and prints the answers
 * {@link GoldenStoreTest} expects of it. Run once per new format version, never to "fix" a failing golden
 * test: {@code java -cp index/target/classes:index/target/test-classes:ROARING_JAR
 * io.txmatch.index.store.GoldenStore EMPTY_DIR} after {@code mvn -pl index test-compile}.
 */
final class GoldenStore {
    static final int BITS = 64;
    static final long[][] QUERIES = {{0x00FF00FF00FF00FFL}, {0x123456789ABCDEF0L}, {-1L}};

    private GoldenStore() {
    }

    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]), true);
    }

    /** Writes the golden store into the empty {@code dir}; prints the expected answers when asked. */
    static void write(Path dir, boolean print) throws IOException {
        Random r = new Random(2026);
        // Three substrings, as when v1 was recorded: the snapshot lists codes in the index's table-0 order.
        try (IndexStore store = IndexStore.open(dir, BITS, 3, IndexStore.Sync.EVERY_WRITE)) {
            for (int id = 0; id < 120; id++) {
                store.put(id, new long[] {near(r, QUERIES[id % 3][0])});
            }
            store.checkpoint();
            for (int i = 0; i < 30; i++) {
                int id = 100 + r.nextInt(40);
                if (i % 4 == 0) {
                    store.remove(id);
                } else {
                    store.put(id, new long[] {near(r, QUERIES[i % 3][0])});
                }
            }
            if (!print) {
                return;
            }
            System.out.println("size " + store.index().size() + " sequence " + store.sequence());
            for (long[] q : QUERIES) {
                System.out.println("knn5 " + text(store.index().search(Query.knn(q, 5)).neighbors()));
                System.out.println("radius12 " + text(store.index().search(Query.radius(q, 12)).neighbors()));
            }
        }
    }

    private static long near(Random r, long centre) {
        long c = centre;
        for (int i = 0; i < 64; i++) {
            if (r.nextInt(10) == 0) {
                c ^= 1L << i;
            }
        }
        return c;
    }

    static String text(List<Neighbor> hits) {
        StringBuilder sb = new StringBuilder();
        for (Neighbor n : hits) {
            sb.append(sb.length() == 0 ? "" : " ").append(n.id()).append(':').append(n.distance());
        }
        return sb.toString();
    }
}
