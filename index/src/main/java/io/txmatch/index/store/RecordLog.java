package io.txmatch.index.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * An append-only, checksummed log of opaque records: the write-ahead log under everything txmatch stores.
 *
 * <pre>{@code
 * try (RecordLog log = RecordLog.open(path, payload -> apply(payload))) {
 *     log.append(bytes); // durable when it returns
 * }
 * }</pre>
 *
 * <p>Byte layout, version 1, big-endian:
 * <pre>
 * header:  int32 magic 0x5458574C ("TXWL") | int32 version (1) | int32 CRC32C of the 8 bytes before
 * record:  int32 length n (0..MAX_RECORD) | int32 ~n | int32 CRC32C of the payload | n bytes payload
 * </pre>
 * Recovery ({@link #open}) replays every intact record in order. A damaged <em>last</em> record, the
 * trace of a crash in the middle of an append, is dropped and the file truncated before it; damage
 * anywhere else raises {@link CorruptLogException}, so a damaged log never yields silently missing data.
 * {@link #append} forces each record to disk before it returns; {@link #write} plus {@link #sync} lets
 * concurrent writers share one force (group commit).
 */
public final class RecordLog implements Closeable {
    /** "TXWL". */
    public static final int MAGIC = 0x5458574C;
    /** Format version this build writes and reads. */
    public static final int VERSION = 1;
    /** Largest payload accepted. */
    public static final int MAX_RECORD = 16 << 20;
    private static final int HEADER = 12;
    private static final int RECORD_HEADER = 12;

    private final Path path;
    private final FileChannel channel;
    private final Object syncLock = new Object();
    private long records;
    private long droppedTailBytes;
    private long end;
    private long durable; // guarded by syncLock
    private boolean syncing; // guarded by syncLock
    private long syncs; // guarded by syncLock
    private volatile IOException broken;

    private RecordLog(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Opens or creates the log at {@code path} and hands each intact record's payload to {@code replay},
     * in append order, before returning.
     */
    public static RecordLog open(Path path, Consumer<byte[]> replay) throws IOException {
        boolean created = !Files.exists(path);
        if (created && path.toAbsolutePath().getParent() != null) {
            Files.createDirectories(path.toAbsolutePath().getParent());
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        RecordLog log = new RecordLog(path, ch);
        try {
            if (ch.size() == 0) {
                ByteBuffer h = ByteBuffer.allocate(HEADER);
                h.putInt(MAGIC).putInt(VERSION).putInt(crc(h.array(), 0, 8)).flip();
                writeFully(ch, h, 0);
                ch.force(true);
                forceDirectory(path);
            } else {
                log.recover(replay);
            }
            ch.position(ch.size());
            log.end = ch.size();
            log.durable = log.end;
            return log;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private void recover(Consumer<byte[]> replay) throws IOException {
        long size = channel.size();
        if (size < HEADER) {
            throw new CorruptLogException(path + ": too short for a log header (" + size + " bytes)");
        }
        ByteBuffer h = ByteBuffer.allocate(HEADER);
        readFully(channel, h, 0);
        if (h.getInt(0) != MAGIC) {
            throw new CorruptLogException(path + ": not a txmatch log (bad magic number)");
        }
        if (h.getInt(8) != crc(h.array(), 0, 8)) {
            throw new CorruptLogException(path + ": log header checksum mismatch");
        }
        if (h.getInt(4) != VERSION) {
            throw new CorruptLogException(path + ": log version " + h.getInt(4) + " is not supported (this build reads " + VERSION + ")");
        }
        long pos = HEADER;
        ByteBuffer rh = ByteBuffer.allocate(RECORD_HEADER);
        while (pos < size) {
            long remaining = size - pos;
            if (remaining < RECORD_HEADER) {
                truncateTail(pos, size);
                return;
            }
            rh.clear();
            readFully(channel, rh, pos);
            int len = rh.getInt(0);
            if (len != ~rh.getInt(4) || len < 0 || len > MAX_RECORD) {
                if (zerosFrom(pos, size)) {
                    truncateTail(pos, size);
                    return;
                }
                throw new CorruptLogException(path + ": damaged record header at byte " + pos);
            }
            long end = pos + RECORD_HEADER + len;
            if (end > size) {
                truncateTail(pos, size);
                return;
            }
            ByteBuffer payload = ByteBuffer.allocate(len);
            readFully(channel, payload, pos + RECORD_HEADER);
            if (crc(payload.array(), 0, len) != rh.getInt(8)) {
                if (end == size) {
                    truncateTail(pos, size);
                    return;
                }
                throw new CorruptLogException(path + ": checksum mismatch in record at byte " + pos);
            }
            replay.accept(payload.array());
            records++;
            pos = end;
        }
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

    private void truncateTail(long pos, long size) throws IOException {
        droppedTailBytes = size - pos;
        channel.truncate(pos);
        channel.force(true);
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
            // Leave no partial record behind a failed write; recovery would drop it anyway.
            channel.truncate(start);
            throw e;
        }
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
        synchronized (this) {
            target = end;
        }
        boolean forced = false;
        try {
            channel.force(false);
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

    /** Intact records replayed at open plus records appended since. */
    public synchronized long records() {
        return records;
    }

    /** Bytes of a torn last record dropped at open (0 when the log was clean). */
    public long droppedTailBytes() {
        return droppedTailBytes;
    }

    public Path path() {
        return path;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
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

    private static void forceDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Not every platform can open a directory; the file itself is already forced.
        }
    }
}
