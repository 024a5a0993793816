package io.txmatch.index.store;

import io.txmatch.index.CodeIndex;
import io.txmatch.index.Codes;
import io.txmatch.index.CostModel;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@link CodeIndex} made durable: every write goes to a write-ahead {@link RecordLog} before it is
 * acknowledged, and {@link #checkpoint()} writes a checksummed snapshot so the log stays short.
 *
 * <pre>{@code
 * try (IndexStore store = IndexStore.open(dir, 64, IndexStore.Sync.GROUP)) {
 *     store.put(7, code);                  // durable when it returns
 *     store.index().search(Query.knn(query, 5));   // search the live index
 * }
 * }</pre>
 *
 * <p>Files in the directory: {@code snapshot-S.txis} (see {@link SnapshotFile}: the state after log record
 * {@code S}) and {@code wal-F.log} (log records numbered from {@code F}). A log record is
 * {@code byte op (1 put, 2 remove) | int64 sequence | int32 id | code words (put only)}, big-endian.
 *
 * <p>Recovery ({@link #open}) = the newest snapshot, then every log record after it, in order. A torn last
 * record of the newest log (a crash during a write) is dropped; anything else that does not add up (a
 * damaged snapshot or log record, a gap in the sequence, a code of the wrong width) raises
 * {@link CorruptStoreException} rather than open with missing or wrong data.
 *
 * <p>The open store holds the directory's {@link DirectoryLock}: a second open, in this process or another, is
 * refused until it is closed.
 *
 * <p>Writes are serialised; searches run concurrently through {@link #index()}. With {@link Sync#EVERY_WRITE}
 * a write becomes visible only once it is on disk. With {@link Sync#GROUP} concurrent writers share one
 * force of the log (group commit): each still returns only once its record is on disk, but a search may
 * see a write up to one force earlier than that.
 */
public final class IndexStore implements Closeable {
    /** When a write is forced to disk. */
    public enum Sync {
        /** Force the log inside each write, before the write is applied. */
        EVERY_WRITE,
        /** Apply, then force outside the write lock so concurrent writers share forces. */
        GROUP
    }

    private static final byte PUT = 1;
    private static final byte REMOVE = 2;
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{20})\\.txis");
    private static final Pattern WAL = Pattern.compile("wal-(\\d{20})\\.log");

    private final Path dir;
    private final int bits;
    private final int words;
    private final Sync sync;
    private final CodeIndex index;
    private final DirectoryLock lock;
    private final Object writeLock = new Object();
    private final Object checkpointLock = new Object();
    private RecordLog log; // guarded by writeLock
    private long sequence; // guarded by writeLock
    private long snapshotSequence;
    private long replayed;
    private boolean failed; // guarded by writeLock

    private IndexStore(Path dir, int bits, Sync sync, CodeIndex index, RecordLog log, long sequence, long snapshotSequence,
                       long replayed, DirectoryLock lock) {
        this.lock = lock;
        this.dir = dir;
        this.bits = bits;
        this.words = Codes.words(bits);
        this.sync = sync;
        this.index = index;
        this.log = log;
        this.sequence = sequence;
        this.snapshotSequence = snapshotSequence;
        this.replayed = replayed;
    }

    /**
     * Opens the store in {@code dir} (created when missing) for {@code bits}-bit codes, recovering its
     * contents: the newest snapshot, then the log records after it.
     */
    public static IndexStore open(Path dir, int bits, Sync sync) throws IOException {
        return open(dir, bits, CostModel.defaultSubstrings(bits), sync);
    }

    /**
     * As {@link #open(Path, int, Sync)}, with {@code substrings} MIH tables for a store that has no snapshot
     * yet; a snapshot's own count wins over it.
     */
    public static IndexStore open(Path dir, int bits, int substrings, Sync sync) throws IOException {
        Codes.checkBits(bits);
        DirectoryLock lock = DirectoryLock.acquire(dir); // creates dir when missing
        try {
            IndexStore store = open(dir, bits, substrings, sync, lock);
            return store;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static IndexStore open(Path dir, int bits, int substrings, Sync sync, DirectoryLock lock) throws IOException {
        Listing files = Listing.of(dir);
        TreeMap<Long, Path> snapshots = files.snapshots();
        TreeMap<Long, Path> logs = files.logs();
        for (Path p : files.unfinished()) {
            Files.delete(p); // a checkpoint that did not finish
        }
        CodeIndex index;
        long snapshotSeq = 0;
        if (snapshots.isEmpty()) {
            index = new CodeIndex(bits, substrings);
        } else {
            SnapshotFile.Loaded loaded = SnapshotFile.read(snapshots.lastEntry().getValue(), bits);
            if (loaded.sequence() != snapshots.lastKey()) {
                throw new CorruptStoreException(snapshots.lastEntry().getValue() + ": holds sequence " + loaded.sequence()
                        + ", its name says " + snapshots.lastKey());
            }
            index = loaded.index();
            snapshotSeq = loaded.sequence();
        }
        int words = Codes.words(bits);
        long covered = snapshotSeq;
        long[] seq = {snapshotSeq};
        long[] applied = {0};
        RecordLog current = null;
        List<Long> starts = new ArrayList<>(logs.keySet());
        try {
            for (int i = 0; i < starts.size(); i++) {
                long start = starts.get(i);
                Path p = logs.get(start);
                if (i + 1 < starts.size() && starts.get(i + 1) <= snapshotSeq + 1) {
                    continue; // wholly covered by the snapshot: a checkpoint was cut short before deleting it
                }
                if (start > seq[0] + 1) {
                    throw new CorruptStoreException(p + ": starts at record " + start + " but the store holds only up to "
                            + seq[0] + "; records are missing");
                }
                RecordLog l = RecordLog.open(p, payload -> {
                    ByteBuffer b = ByteBuffer.wrap(payload);
                    byte op = b.get();
                    long s = b.getLong();
                    int id = b.getInt();
                    if (s <= covered) {
                        return; // in the snapshot already
                    }
                    if (s != seq[0] + 1) {
                        throw new IllegalStateException(p + ": record " + s + " follows record " + seq[0]);
                    }
                    if (op == PUT && b.remaining() == 8 * words) {
                        long[] code = new long[words];
                        b.asLongBuffer().get(code);
                        index.put(id, code);
                    } else if (op == REMOVE && b.remaining() == 0) {
                        index.remove(id);
                    } else {
                        throw new IllegalStateException(p + ": record " + s + " is not a valid " + bits + "-bit operation");
                    }
                    seq[0] = s;
                    applied[0]++;
                });
                if (i + 1 < starts.size()) {
                    if (l.droppedTailBytes() > 0) {
                        l.close();
                        throw new CorruptStoreException(p + ": a log that later logs follow ends in a torn record");
                    }
                    l.close();
                } else {
                    current = l;
                }
            }
            if (current == null) {
                current = RecordLog.open(walPath(dir, seq[0] + 1), payload -> { });
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new CorruptStoreException(e.getMessage(), e);
        } catch (CorruptLogException e) {
            throw new CorruptStoreException(e.getMessage(), e);
        }
        return new IndexStore(dir, bits, sync, index, current, seq[0], snapshotSeq, applied[0], lock);
    }

    /** The store's files by kind: snapshots and logs keyed by the sequence in their names. */
    private record Listing(TreeMap<Long, Path> snapshots, TreeMap<Long, Path> logs, List<Path> unfinished) {
        static Listing of(Path dir) throws IOException {
            Listing l = new Listing(new TreeMap<>(), new TreeMap<>(), new ArrayList<>());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String name = p.getFileName().toString();
                    Matcher s = SNAPSHOT.matcher(name);
                    Matcher w = WAL.matcher(name);
                    if (s.matches()) {
                        l.snapshots.put(Long.parseLong(s.group(1)), p);
                    } else if (w.matches()) {
                        l.logs.put(Long.parseLong(w.group(1)), p);
                    } else if (name.endsWith(".txis.tmp")) {
                        l.unfinished.add(p);
                    }
                }
            }
            return l;
        }
    }

    private static Path walPath(Path dir, long first) {
        return dir.resolve(String.format(Locale.ROOT, "wal-%020d.log", first));
    }

    private static Path snapshotPath(Path dir, long sequence) {
        return dir.resolve(String.format(Locale.ROOT, "snapshot-%020d.txis", sequence));
    }

    /** The live index, for searches. Write through the store, never to the index directly. */
    public CodeIndex index() {
        return index;
    }

    /** Code width. */
    public int bits() {
        return bits;
    }

    /** Sequence number of the last write. */
    public long sequence() {
        synchronized (writeLock) {
            return sequence;
        }
    }

    /** Log records replayed at open (after the snapshot). */
    public long replayed() {
        return replayed;
    }

    /** Sequence number the newest snapshot holds (0 when there is none). */
    public long snapshotSequence() {
        synchronized (checkpointLock) {
            return snapshotSequence;
        }
    }

    /** Stores {@code code} under {@code id}; durable when this returns. */
    public void put(int id, long[] code) throws IOException {
        Codes.check(code, bits);
        ByteBuffer b = ByteBuffer.allocate(13 + 8 * words);
        b.put(PUT).putLong(0).putInt(id);
        for (long w : code) {
            b.putLong(w);
        }
        write(b, () -> index.put(id, code));
    }

    /** Removes {@code id}; durable when this returns. Returns whether it was stored. */
    public boolean remove(int id) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(13);
        b.put(REMOVE).putLong(0).putInt(id);
        boolean[] was = new boolean[1];
        write(b, () -> was[0] = index.remove(id));
        return was[0];
    }

    private void write(ByteBuffer record, Runnable apply) throws IOException {
        long end;
        RecordLog target;
        synchronized (writeLock) {
            if (failed) {
                throw new IOException(dir + ": an earlier write failed to reach disk; reopen the store");
            }
            record.putLong(1, sequence + 1);
            try {
                target = log;
                end = target.write(record.array());
                if (sync == Sync.EVERY_WRITE) {
                    target.sync(end);
                }
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            sequence++;
            apply.run();
        }
        if (sync == Sync.GROUP) {
            try {
                target.sync(end);
            } catch (IOException e) {
                synchronized (writeLock) {
                    failed = true;
                }
                throw e;
            }
        }
    }

    /**
     * Writes a snapshot of the current state and starts a new log after it, then deletes the files the
     * snapshot makes redundant. Writes wait while the log is switched and the index compacted (linear in
     * its size); searches never wait.
     * Returns the snapshot's sequence number.
     */
    public long checkpoint() throws IOException {
        synchronized (checkpointLock) {
            long at;
            CodeIndex.Frozen frozen;
            synchronized (writeLock) {
                if (failed) {
                    throw new IOException(dir + ": an earlier write failed to reach disk; reopen the store");
                }
                at = sequence;
                if (at == snapshotSequence) {
                    return at;
                }
                log.sync(log.end());
                log.close();
                log = RecordLog.open(walPath(dir, at + 1), payload -> { });
                forceDirectory(dir);
                frozen = index.freeze();
            }
            SnapshotFile.write(snapshotPath(dir, at), frozen, bits, index.substrings(), at);
            snapshotSequence = at;
            Listing files = Listing.of(dir);
            for (Path p : files.snapshots().headMap(at, false).values()) {
                Files.delete(p);
            }
            for (Path p : files.logs().headMap(at, true).values()) {
                Files.delete(p); // every log but the new one, wal-(at + 1), is covered by the snapshot
            }
            forceDirectory(dir);
            return at;
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (writeLock) {
            try (DirectoryLock l = lock) {
                log.close();
            }
        }
    }

    static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir.toAbsolutePath(), StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Not every platform can open a directory; the files themselves are already forced.
        }
    }
}
