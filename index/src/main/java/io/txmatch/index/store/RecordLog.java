package io.txmatch.index.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only, checksummed log of opaque records: the write-ahead log under everything txmatch stores.
 *
 * <pre>{@code
 * try (RecordLog log = RecordLog.open(path, payload -> apply(payload))) {
 *     log.append(bytes); // durable when it returns
 * }
 * }</pre>
 *
 * <p>Byte layout, version 2, big-endian:
 * <pre>
 * header:  int32 magic 0x5458574C ("TXWL") | int32 version (2) | int64 epoch | int32 CRC32C of the 16 bytes before
 * record:  int32 length n (0..MAX_RECORD) | int32 ~n | int32 CRC32C of the payload | n bytes payload
 * </pre>
 * Version history: 1, the first, has a 12-byte header without the epoch ({@code magic | 1 | CRC32C}); it is still
 * read (epoch 0) and appended to as it is, and a {@link Mode#PLAIN} log is created with it. 2 adds the epoch, which
 * {@link #compact} raises; {@link Mode#CHECKPOINTED} logs are created with it.
 *
 * <p>Next to a {@link Mode#CHECKPOINTED} log, {@code <file>.ckpt} ({@link LogCheckpoint}) records the epoch and how many bytes of the log
 * were acknowledged: it is updated after each force of the log (group commit: one update per force, not forced
 * itself, so after a power loss it may lag the log but never lead it).
 *
 * <p>Recovery ({@link #open}) replays every intact record in order, up to the first byte that does not begin an
 * intact record. The one rule for what follows (the tail):
 * <ul>
 *   <li>the tail begins before the checkpoint's acknowledged length: acknowledged records are lost or damaged
 *       (the file was cut, even at a record boundary, or damaged): {@link CorruptLogException}, naming the file,
 *       the acknowledged and the intact length;</li>
 *   <li>otherwise it is the trace of writes never acknowledged (a crash in the middle of an append, a zeroed or
 *       torn last header, a failed write): the file is truncated before it and a warning logs its byte count
 *       ({@link #droppedTailBytes()}).</li>
 * </ul>
 * A log without a checkpoint ({@link Mode#PLAIN}, or written by a build before version 2) has no acknowledged length, and its tail is
 * dropped only when it looks like one torn append: shorter than a record header, a header of zeros to the end of
 * the file, a record reaching past the end, or a checksum mismatch in the very last record; any other damage
 * raises {@link CorruptLogException}. A checkpointed open then writes a checkpoint; one whose log is missing or
 * empty refuses. A checkpoint of an older epoch than its log
 * (a crash inside {@link #compact} after the swap) is renewed, provided the whole log is intact.
 *
 * <p>{@link #append} forces each record to disk before it returns; {@link #write} plus {@link #sync} lets
 * concurrent writers share one force (group commit). A write that fails leaves no bytes behind; one that fails for
 * lack of space throws {@link NoSpaceLeftException} and leaves the log usable.
 */
public final class RecordLog implements Closeable {
    /** "TXWL". */
    public static final int MAGIC = 0x5458574C;
    /** Format version this build writes. */
    public static final int VERSION = 2;
    /** Largest payload accepted. */
    public static final int MAX_RECORD = 16 << 20;
    /** Free bytes on the log's file system at which a log that ran out of space counts as writable again. */
    public static final long RECOVERED_FREE_BYTES = 1 << 20;
    static final String COMPACTING_SUFFIX = ".compacting";
    private static final Logger LOG = LoggerFactory.getLogger(RecordLog.class);
    private static final int HEADER_V1 = 12;
    private static final int HEADER = 20;
    private static final int RECORD_HEADER = 12;

    /** Whether a log keeps a checkpoint. */
    public enum Mode {
        /** No checkpoint, the version 1 header for a new file, the older build's recovery rule; no compaction. */
        PLAIN,
        /** A checkpoint of the acknowledged length, the version 2 header for a new file; {@link #compact} works. */
        CHECKPOINTED
    }

    /** Test hook: called after each step of {@link #compact} (1 new file forced, 2 swapped in, 3 checkpoint). */
    interface CompactionHook {
        void after(int step) throws IOException;
    }

    static volatile CompactionHook compactionHook = step -> { };

    private final Path path;
    private final Mode mode;
    private final Object syncLock = new Object();
    private FileChannel channel; // replaced by compact, guarded by this
    private LogCheckpoint checkpoint; // replaced by compact, guarded by this
    private long epoch; // guarded by this
    private long records;
    private long droppedTailBytes;
    private long end;
    private long durable; // guarded by syncLock
    private boolean syncing; // guarded by syncLock
    private long syncs; // guarded by syncLock
    private volatile IOException broken;
    private volatile boolean outOfSpace;

    private RecordLog(Path path, FileChannel channel, Mode mode) {
        this.path = path;
        this.channel = channel;
        this.mode = mode;
    }

    /**
     * Opens or creates the log at {@code path} and hands each intact record's payload to {@code replay},
     * in append order, before returning.
     */
    public static RecordLog open(Path path, Consumer<byte[]> replay) throws IOException {
        return open(path, replay, Mode.PLAIN);
    }

    /**
     * As {@link #open(Path, Consumer)}, in {@code mode}: a {@link Mode#CHECKPOINTED} log keeps a checkpoint and can
     * {@link #compact}.
     */
    public static RecordLog open(Path path, Consumer<byte[]> replay, Mode mode) throws IOException {
        if (path.toAbsolutePath().getParent() != null) {
            Files.createDirectories(path.toAbsolutePath().getParent());
        }
        Path unfinished = path.resolveSibling(path.getFileName() + COMPACTING_SUFFIX);
        if (Files.deleteIfExists(unfinished)) {
            LOG.warn("{}: removed an unfinished compaction ({}); the log itself is unchanged", path, unfinished);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        RecordLog log = new RecordLog(path, ch, mode);
        try {
            if (ch.size() == 0 && mode == Mode.PLAIN) {
                writeHeaderV1(ch);
                ch.force(true);
                forceDirectory(path);
            } else if (ch.size() == 0) {
                LogCheckpoint.State ck = LogCheckpoint.read(path);
                if (ck != null) {
                    throw new CorruptLogException(path + ": the log is missing or empty, but its checkpoint "
                            + LogCheckpoint.pathOf(path) + " says " + ck.length() + " bytes were acknowledged: acknowledged "
                            + "records are lost (delete the checkpoint too to start an empty log)");
                }
                writeHeader(ch, 0);
                ch.force(true);
                forceDirectory(path);
                log.checkpoint = LogCheckpoint.create(path, 0, HEADER);
            } else {
                log.recover(replay);
            }
            log.end = ch.size();
            log.durable = log.end;
            return log;
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (log.checkpoint != null) {
                log.checkpoint.close();
            }
            throw e;
        }
    }

    /** Where the scan of a log stopped: the end of the intact records, and why (null when at the end of the file). */
    private record Scan(long intactEnd, String damage, boolean tornAppend) {
    }

    private void recover(Consumer<byte[]> replay) throws IOException {
        long size = channel.size();
        if (size < HEADER_V1) {
            throw new CorruptLogException(path + ": too short for a log header (" + size + " bytes)");
        }
        ByteBuffer h = ByteBuffer.allocate(HEADER);
        h.limit((int) Math.min(HEADER, size));
        readFully(channel, h, 0);
        if (h.getInt(0) != MAGIC) {
            throw new CorruptLogException(path + ": not a txmatch log (bad magic number)");
        }
        int version = h.getInt(4);
        int headerLength = version == 1 ? HEADER_V1 : HEADER;
        if (version == 1 ? h.getInt(8) != crc(h.array(), 0, 8)
                : size < HEADER || h.getInt(16) != crc(h.array(), 0, 16)) {
            throw new CorruptLogException(path + ": log header checksum mismatch");
        }
        if (version != 1 && version != VERSION) {
            throw new CorruptLogException(path + ": log version " + version + " is not supported (this build reads 1 and " + VERSION + ")");
        }
        epoch = version == 1 ? 0 : h.getLong(8);
        LogCheckpoint.State ck = mode == Mode.PLAIN ? null : LogCheckpoint.read(path);
        Scan scan = scan(headerLength, size, replay);
        if (ck == null) {
            if (scan.damage() != null && !scan.tornAppend()) {
                throw new CorruptLogException(path + ": " + scan.damage());
            }
            if (mode == Mode.CHECKPOINTED) {
                LOG.info("{}: no checkpoint (a log of an older build): its acknowledged length is unknown; writing one", path);
            }
        } else if (ck.epoch() > epoch) {
            throw new CorruptLogException(path + ": the log is of epoch " + epoch + " but its checkpoint "
                    + LogCheckpoint.pathOf(path) + " is of epoch " + ck.epoch() + ": an older copy of the log was put in place");
        } else if (ck.epoch() < epoch) {
            if (scan.intactEnd() != size) {
                throw new CorruptLogException(path + ": a compacted log must be intact, but " + scan.damage());
            }
            LOG.info("{}: renewing the checkpoint after a compaction that stopped before writing it", path);
        } else if (scan.intactEnd() < ck.length()) {
            throw new CorruptLogException(path + ": " + ck.length() + " bytes were acknowledged (checkpoint "
                    + LogCheckpoint.pathOf(path) + ") but only " + scan.intactEnd() + " bytes are intact (file length " + size
                    + (scan.damage() == null ? "" : "; " + scan.damage()) + "): acknowledged records are lost");
        }
        if (scan.intactEnd() < size) {
            droppedTailBytes = size - scan.intactEnd();
            LOG.warn("{}: dropped a tail of {} bytes at byte {} that no write was acknowledged for ({})", path,
                    droppedTailBytes, scan.intactEnd(), scan.damage());
            channel.truncate(scan.intactEnd());
            channel.force(true);
        }
        if (mode == Mode.CHECKPOINTED) {
            checkpoint = LogCheckpoint.create(path, epoch, scan.intactEnd());
        }
    }

    private Scan scan(long from, long size, Consumer<byte[]> replay) throws IOException {
        long pos = from;
        ByteBuffer rh = ByteBuffer.allocate(RECORD_HEADER);
        while (pos < size) {
            long remaining = size - pos;
            if (remaining < RECORD_HEADER) {
                return new Scan(pos, "a record header cut short at byte " + pos, true);
            }
            rh.clear();
            readFully(channel, rh, pos);
            int len = rh.getInt(0);
            if (len != ~rh.getInt(4) || len < 0 || len > MAX_RECORD) {
                return new Scan(pos, "damaged record header at byte " + pos, zerosFrom(pos, size));
            }
            long end = pos + RECORD_HEADER + len;
            if (end > size) {
                return new Scan(pos, "a record at byte " + pos + " reaches past the end of the file", true);
            }
            ByteBuffer payload = ByteBuffer.allocate(len);
            readFully(channel, payload, pos + RECORD_HEADER);
            if (crc(payload.array(), 0, len) != rh.getInt(8)) {
                return new Scan(pos, "checksum mismatch in record at byte " + pos, end == size);
            }
            replay.accept(payload.array());
            records++;
            pos = end;
        }
        return new Scan(pos, null, false);
    }

    private boolean zerosFrom(long pos, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(size - pos, 1 << 16));
        for (long p = pos; p < size; p += b.capacity()) {
            b.clear();
            b.limit((int) Math.min(b.capacity(), size - p));
            readFully(channel, b, p);
            for (int i = 0; i < b.limit(); i++) {
                if (b.get(i) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Appends one record and forces it to disk; when this returns the record survives a crash. If the force
     * fails the record is cut off again, so a write the caller was told failed cannot reappear at the next
     * start; the log then refuses further writes (an fsync error may have lost pages already written).
     */
    public synchronized void append(byte[] payload) throws IOException {
        long start = end;
        long recordEnd = write(payload);
        try {
            sync(recordEnd);
        } catch (IOException e) {
            try {
                channel.truncate(start);
                end = start;
                records--;
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Appends one record without forcing it to disk and returns the log's end offset after it; pass that to
     * {@link #sync} before acknowledging the record. Writes are ordered: a record is replayed only if every
     * record written before it is.
     *
     * @throws NoSpaceLeftException when the device is full; nothing of the record is kept and the log stays usable
     */
    public synchronized long write(byte[] payload) throws IOException {
        failIfBroken();
        if (payload.length > MAX_RECORD) {
            throw new IllegalArgumentException("record of " + payload.length + " bytes exceeds " + MAX_RECORD);
        }
        ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER + payload.length);
        b.putInt(payload.length).putInt(~payload.length).putInt(crc(payload, 0, payload.length)).put(payload).flip();
        long start = end;
        try {
            writeFully(channel, b, start);
        } catch (IOException e) {
            // Leave no partial record behind a failed write. Should even the truncation fail, the bytes lie past the
            // checkpoint, and the next open drops them as never acknowledged.
            try {
                channel.truncate(start);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (NoSpaceLeftException.isNoSpace(e)) {
                outOfSpace = true;
                throw new NoSpaceLeftException(path + ": no space left on device; the write of " + b.limit()
                        + " bytes was not stored", e);
            }
            throw e;
        }
        outOfSpace = false;
        records++;
        end = start + RECORD_HEADER + payload.length;
        return end;
    }

    /**
     * Returns once every byte before {@code offset} is on disk. Group commit: while one caller forces the
     * file, later callers wait, and the next force covers all of them at once.
     */
    public void sync(long offset) throws IOException {
        synchronized (syncLock) {
            while (true) {
                failIfBroken();
                if (durable >= offset) {
                    return;
                }
                if (!syncing) {
                    syncing = true;
                    break;
                }
                try {
                    syncLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for the log to sync");
                }
            }
        }
        long target;
        long targetEpoch;
        FileChannel ch;
        LogCheckpoint ck;
        synchronized (this) {
            target = end;
            targetEpoch = epoch;
            ch = channel;
            ck = checkpoint;
        }
        boolean forced = false;
        try {
            ch.force(false);
            forced = true;
        } catch (IOException e) {
            broken = e;
            throw e;
        } finally {
            synchronized (syncLock) {
                syncing = false;
                if (forced) {
                    durable = Math.max(durable, target);
                    syncs++;
                }
                syncLock.notifyAll();
            }
        }
        try {
            if (ck != null) {
                ck.update(targetEpoch, target, false);
            }
        } catch (IOException e) {
            // The record is on disk; a checkpoint that lags only weakens the check at the next open.
            LOG.warn("{}: could not update the checkpoint: {}", path, e.getMessage());
        }
    }

    /**
     * Replaces the log's content by {@code live}, the caller's records of its live state, in order: compaction.
     * The new log (the next epoch) is written beside the old, forced, renamed over it, and its checkpoint written;
     * a crash between any two steps leaves either the old log or the new one, each whole. Writes must not run
     * alongside (the caller serialises them). On failure before the swap (a full disk, say) the log is unchanged
     * and stays usable.
     */
    public synchronized void compact(Iterable<byte[]> live) throws IOException {
        if (mode != Mode.CHECKPOINTED) {
            throw new IllegalStateException(path + ": only a checkpointed log can be compacted");
        }
        failIfBroken();
        sync(end);
        Path tmp = path.resolveSibling(path.getFileName() + COMPACTING_SUFFIX);
        long nextEpoch = epoch + 1;
        long length;
        long count = 0;
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            writeHeader(out, nextEpoch);
            long pos = HEADER;
            for (byte[] payload : live) {
                if (payload.length > MAX_RECORD) {
                    throw new IllegalArgumentException("record of " + payload.length + " bytes exceeds " + MAX_RECORD);
                }
                ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER + payload.length);
                b.putInt(payload.length).putInt(~payload.length).putInt(crc(payload, 0, payload.length)).put(payload).flip();
                writeFully(out, b, pos);
                pos += RECORD_HEADER + payload.length;
                count++;
            }
            out.force(true);
            length = pos;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            if (NoSpaceLeftException.isNoSpace(e)) {
                throw new NoSpaceLeftException(path + ": no space left on device to compact the log; it is unchanged",
                        (IOException) e);
            }
            throw e;
        }
        compactionHook.after(1);
        FileChannel next = null;
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(path);
            compactionHook.after(2);
            next = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            checkpoint.update(nextEpoch, length, true);
            compactionHook.after(3);
        } catch (IOException | RuntimeException | Error e) {
            if (next != null) {
                next.close();
            }
            // The file on disk may be the new log while this one still writes the old: only a reopen is safe.
            broken = e instanceof IOException io ? io : new IOException(e);
            throw e;
        }
        channel.close();
        channel = next;
        epoch = nextEpoch;
        end = length;
        records = count;
        synchronized (syncLock) {
            durable = length;
        }
        LOG.info("{}: compacted to {} records, {} bytes", path, count, length);
    }

    /**
     * After a failed force nothing written since the last good force can be trusted to be on disk, and a
     * later force may report success without having written it: every later write and sync fails.
     */
    private void failIfBroken() throws IOException {
        IOException b = broken;
        if (b != null) {
            throw new IOException(path + ": an earlier force to disk failed; reopen the log", b);
        }
    }

    /**
     * Why the log cannot take writes now, or null when it can. A log whose last write failed for lack of space
     * counts as writable again once its file system has {@link #RECOVERED_FREE_BYTES} free (checked at each call)
     * or a write succeeds; one whose force failed needs a reopen.
     */
    public String writeProblem() {
        IOException b = broken;
        if (b != null) {
            return "an earlier force of " + path + " to disk failed (" + b.getMessage() + "); restart to reopen the log";
        }
        if (outOfSpace) {
            long free;
            try {
                free = Files.getFileStore(path).getUsableSpace();
            } catch (IOException e) {
                free = 0;
            }
            if (free >= RECOVERED_FREE_BYTES) {
                outOfSpace = false;
                return null;
            }
            return "no space left on device for " + path + ": " + free + " bytes free, writes are expected to succeed again from "
                    + RECOVERED_FREE_BYTES;
        }
        return null;
    }

    /** Number of forces of the file since open: with group commit, fewer than the records synced. */
    public long syncs() {
        synchronized (syncLock) {
            return syncs;
        }
    }

    /** The end offset of the last record written. */
    public synchronized long end() {
        return end;
    }

    /** Intact records replayed at open plus records appended since (since the last {@link #compact}). */
    public synchronized long records() {
        return records;
    }

    /** Bytes of a torn or unacknowledged tail dropped at open (0 when the log was clean). */
    public long droppedTailBytes() {
        return droppedTailBytes;
    }

    public Path path() {
        return path;
    }

    /** Deletes the log at {@code path} and its checkpoint. */
    public static void delete(Path path) throws IOException {
        Files.deleteIfExists(LogCheckpoint.pathOf(path)); // first: a log without a checkpoint still opens
        Files.delete(path);
    }

    @Override
    public synchronized void close() throws IOException {
        try (FileChannel ch = channel; LogCheckpoint ck = checkpoint) {
            if (ck != null && broken == null && ch.isOpen()) {
                ck.update(epoch, Math.min(end, durableEnd()), true);
            }
        }
    }

    private long durableEnd() {
        synchronized (syncLock) {
            return durable;
        }
    }

    private static void writeHeaderV1(FileChannel ch) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_V1);
        h.putInt(MAGIC).putInt(1).putInt(crc(h.array(), 0, 8)).flip();
        writeFully(ch, h, 0);
    }

    private static void writeHeader(FileChannel ch, long epoch) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER);
        h.putInt(MAGIC).putInt(VERSION).putLong(epoch).putInt(crc(h.array(), 0, 16)).flip();
        writeFully(ch, h, 0);
    }

    private static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new CorruptLogException("unexpected end of log");
            }
            pos += n;
        }
    }

    static void forceDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Not every platform can open a directory; the file itself is already forced.
        }
    }
}
