package io.txmatch.index.store;

import static io.txmatch.index.store.StoreFixtures.contents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txmatch.index.Query;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IndexStoreTest {
    @TempDir
    Path dir;

    /** Applies {@code n} seeded random puts and removes to the store and to {@code truth}. */
    static void churn(IndexStore store, Map<Integer, long[]> truth, Random r, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            int id = r.nextInt(300);
            if (r.nextInt(5) == 0) {
                assertThat(store.remove(id)).isEqualTo(truth.remove(id) != null);
            } else {
                long[] code = {r.nextLong() & 0xFFFFFFFFFFL};
                store.put(id, code);
                truth.put(id, code);
            }
        }
    }

    /** The store's data files (not its lock file). */
    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().equals(DirectoryLock.FILE)).sorted().toList();
        }
    }

    @Test
    void a_second_open_of_one_directory_is_refused_until_the_first_closes() throws IOException {
        try (IndexStore store = IndexStore.open(dir, 40, IndexStore.Sync.EVERY_WRITE)) {
            assertThatThrownBy(() -> IndexStore.open(dir, 40, IndexStore.Sync.EVERY_WRITE))
                    .isInstanceOf(DirectoryLockedException.class);
        }
        IndexStore.open(dir, 40, IndexStore.Sync.EVERY_WRITE).close();
    }

    @ParameterizedTest
    @EnumSource(IndexStore.Sync.class)
    void writes_survive_reopen_with_and_without_a_checkpoint(IndexStore.Sync sync) throws IOException {
        Random r = new Random(11);
        Map<Integer, long[]> truth = new HashMap<>();
        try (IndexStore store = IndexStore.open(dir, 40, sync)) {
            churn(store, truth, r, 500);
        }
        try (IndexStore store = IndexStore.open(dir, 40, sync)) {
            assertThat(store.replayed()).isEqualTo(500);
            assertThat(contents(store.index())).isEqualTo(contents(truth));
            store.checkpoint();
            churn(store, truth, r, 120);
        }
        assertThat(files(dir).stream().map(p -> p.getFileName().toString()))
                .containsExactly("snapshot-00000000000000000500.txis", "wal-00000000000000000501.log");
        try (IndexStore store = IndexStore.open(dir, 40, sync)) {
            assertThat(store.snapshotSequence()).isEqualTo(500);
            assertThat(store.replayed()).isEqualTo(120);
            assertThat(store.sequence()).isEqualTo(620);
            assertThat(contents(store.index())).isEqualTo(contents(truth));
            long[] q = truth.values().iterator().next();
            assertThat(store.index().search(Query.knn(q, 1)).neighbors().get(0).distance()).isZero();
        }
    }

    @Test
    void concurrent_writers_with_group_commit_lose_nothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        Map<Integer, long[]> truth = new HashMap<>();
        try (IndexStore store = IndexStore.open(dir, 64, IndexStore.Sync.GROUP)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        store.put(thread * 1000 + i, new long[] {thread * 1000L + i});
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(store.sequence()).isEqualTo(600);
        } finally {
            pool.shutdown();
        }
        for (int t = 0; t < 6; t++) {
            for (int i = 0; i < 100; i++) {
                truth.put(t * 1000 + i, new long[] {t * 1000L + i});
            }
        }
        try (IndexStore store = IndexStore.open(dir, 64, IndexStore.Sync.GROUP)) {
            assertThat(contents(store.index())).isEqualTo(contents(truth));
        }
    }

    @Test
    void a_log_cut_anywhere_in_its_last_record_recovers_every_earlier_write() throws IOException {
        Random r = new Random(5);
        Map<Integer, long[]> truth = new HashMap<>();
        try (IndexStore store = IndexStore.open(dir, 64, IndexStore.Sync.EVERY_WRITE)) {
            churn(store, truth, r, 40);
            store.checkpoint();
            churn(store, truth, r, 30);
        }
        Map<Integer, long[]> before = new HashMap<>(truth);
        try (IndexStore store = IndexStore.open(dir, 64, IndexStore.Sync.EVERY_WRITE)) {
            store.put(999, new long[] {42});
        }
        Path wal = dir.resolve("wal-00000000000000000041.log");
        byte[] full = Files.readAllBytes(wal);
        int last = 12 + 13 + 8; // record header + put of one word
        for (int cut = full.length - last; cut < full.length; cut++) {
            Files.write(wal, java.util.Arrays.copyOf(full, cut));
            try (IndexStore store = IndexStore.open(dir, 64, IndexStore.Sync.EVERY_WRITE)) {
                assertThat(contents(store.index())).as("cut at %d", cut).isEqualTo(contents(before));
                assertThat(store.sequence()).isEqualTo(70);
            }
        }
    }

    @Test
    void damage_anywhere_else_is_a_clear_error() throws IOException {
        Random r = new Random(8);
        Map<Integer, long[]> truth = new HashMap<>();
        try (IndexStore store = IndexStore.open(dir, 64, IndexStore.Sync.EVERY_WRITE)) {
            churn(store, truth, r, 60);
            store.checkpoint();
            churn(store, truth, r, 20);
        }
        Path snap = dir.resolve("snapshot-00000000000000000060.txis");
        Path wal = dir.resolve("wal-00000000000000000061.log");
        byte[] snapBytes = Files.readAllBytes(snap);
        byte[] walBytes = Files.readAllBytes(wal);
        Random flips = new Random(1);
        for (int trial = 0; trial < 40; trial++) {
            int at = flips.nextInt(snapBytes.length);
            flip(snap, at);
            assertThatThrownBy(() -> IndexStore.open(dir, 64, IndexStore.Sync.EVERY_WRITE).close())
                    .as("snapshot byte %d", at).isInstanceOf(CorruptStoreException.class);
            Files.write(snap, snapBytes);
        }
        for (int trial = 0; trial < 40; trial++) {
            int at = flips.nextInt(walBytes.length - 40); // not in the last record: that one may be torn
            flip(wal, at);
            assertThatThrownBy(() -> IndexStore.open(dir, 64, IndexStore.Sync.EVERY_WRITE).close())
                    .as("log byte %d", at).isInstanceOf(CorruptStoreException.class);
            Files.write(wal, walBytes);
        }
        Files.write(snap, java.util.Arrays.copyOf(snapBytes, snapBytes.length - 8));
        assertThatThrownBy(() -> IndexStore.open(dir, 64, IndexStore.Sync.EVERY_WRITE).close())
                .hasMessageContaining("truncated");
        Files.write(snap, snapBytes);
        assertThatThrownBy(() -> IndexStore.open(dir, 128, IndexStore.Sync.EVERY_WRITE).close())
                .hasMessageContaining("64-bit");
        Files.delete(snap);
        assertThatThrownBy(() -> IndexStore.open(dir, 64, IndexStore.Sync.EVERY_WRITE).close())
                .hasMessageContaining("records are missing");
        Files.write(snap, snapBytes);
        try (IndexStore store = IndexStore.open(dir, 64, IndexStore.Sync.EVERY_WRITE)) {
            assertThat(contents(store.index())).isEqualTo(contents(truth));
        }
    }

    @Test
    void a_checkpoint_cut_short_leaves_a_store_that_opens_whole() throws IOException {
        Random r = new Random(9);
        Map<Integer, long[]> truth = new HashMap<>();
        try (IndexStore store = IndexStore.open(dir, 64, IndexStore.Sync.EVERY_WRITE)) {
            churn(store, truth, r, 50);
        }
        Path oldWal = dir.resolve("wal-00000000000000000001.log");
        byte[] oldWalBytes = Files.readAllBytes(oldWal);
        try (IndexStore store = IndexStore.open(dir, 64, IndexStore.Sync.EVERY_WRITE)) {
            store.checkpoint();
            churn(store, truth, r, 10);
        }
        // As if the crash came after the snapshot was renamed but before the old log was deleted, with a
        // half-written temporary snapshot lying about too.
        Files.write(oldWal, oldWalBytes);
        Files.write(dir.resolve("snapshot-00000000000000000060.txis.tmp"), new byte[] {1, 2, 3});
        try (IndexStore store = IndexStore.open(dir, 64, IndexStore.Sync.EVERY_WRITE)) {
            assertThat(contents(store.index())).isEqualTo(contents(truth));
            assertThat(store.sequence()).isEqualTo(60);
        }
        assertThat(Files.exists(dir.resolve("snapshot-00000000000000000060.txis.tmp"))).isFalse();
    }

    private static void flip(Path p, int at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x5A);
        }
    }

    @Test
    void a_repeated_log_record_after_the_snapshot_is_an_error_not_skipped() throws IOException {
        Path wal = dir.resolve("wal-00000000000000000001.log");
        try (IndexStore store = IndexStore.open(dir, 64, IndexStore.Sync.EVERY_WRITE)) {
            store.put(1, new long[] {1});
            store.put(2, new long[] {2});
        }
        // Append a copy of the first record (sequence 1) after the second.
        byte[] bytes = Files.readAllBytes(wal);
        int first = 12; // after the log header
        int len = java.nio.ByteBuffer.wrap(bytes, first, 4).getInt() + 12;
        byte[] copy = java.util.Arrays.copyOfRange(bytes, first, first + len);
        Files.write(wal, copy, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> IndexStore.open(dir, 64, IndexStore.Sync.EVERY_WRITE).close())
                .isInstanceOf(CorruptStoreException.class).hasMessageContaining("follows record 2");
    }
}
