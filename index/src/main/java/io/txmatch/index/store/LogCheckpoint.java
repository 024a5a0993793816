package io.txmatch.index.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The checkpoint of a {@link RecordLog}: how many bytes of the log were acknowledged (forced to disk before a
 * writer was told so), in {@code <log>.ckpt} next to it.
 *
 * <p>Byte layout, version 1, big-endian: two fixed slots of 36 bytes, written alternately (double buffering), so
 * a torn write spoils one slot at most and the other still holds the previous checkpoint:
 * <pre>
 * slot: int32 magic 0x5458434B ("TXCK") | int32 version (1) | int64 generation | int64 log epoch
 *       | int64 acknowledged length | int32 CRC32C of the 32 bytes before it
 * </pre>
 * The valid slot of the higher generation counts. Both slots are written when the file is created, so the file
 * never grows afterwards (a full disk cannot fail a checkpoint). The epoch names the log file the length belongs
 * to: compaction writes a new log of the next epoch.
 */
final class LogCheckpoint implements AutoCloseable {
    static final int MAGIC = 0x5458434B;
    static final int VERSION = 1;
    static final String SUFFIX = ".ckpt";
    private static final int SLOT = 36;

    /** One checkpoint: {@code length} bytes of the log of {@code epoch} were acknowledged. */
    record State(long generation, long epoch, long length) {
    }

    private final Path path;
    private final FileChannel channel;
    private State state;

    private LogCheckpoint(Path path, FileChannel channel, State state) {
        this.path = path;
        this.channel = channel;
        this.state = state;
    }

    /** The checkpoint file of the log at {@code log}. */
    static Path pathOf(Path log) {
        return log.resolveSibling(log.getFileName() + SUFFIX);
    }

    /** Reads the checkpoint of {@code log}: null when there is none (a log of an older build). */
    static State read(Path log) throws IOException {
        Path p = pathOf(log);
        if (!Files.exists(p)) {
            return null;
        }
        byte[] b = Files.readAllBytes(p);
        if (b.length != 2 * SLOT) {
            throw new CorruptLogException(p + ": a log checkpoint is " + 2 * SLOT + " bytes, this one " + b.length
                    + "; delete it to open the log without the check of its acknowledged length");
        }
        State best = null;
        for (int i = 0; i < 2; i++) {
            State s = slot(ByteBuffer.wrap(b, i * SLOT, SLOT).slice());
            if (s != null && (best == null || s.generation() > best.generation())) {
                best = s;
            }
        }
        if (best == null) {
            throw new CorruptLogException(p + ": both slots of the log checkpoint are damaged; delete it to open the log "
                    + "without the check of its acknowledged length");
        }
        return best;
    }

    private static State slot(ByteBuffer b) {
        if (b.getInt(0) != MAGIC || b.getInt(4) != VERSION || b.getInt(32) != crc(b, 32)) {
            return null;
        }
        return new State(b.getLong(8), b.getLong(16), b.getLong(24));
    }

    /**
     * Writes the checkpoint of {@code log} afresh (both slots, forced, via a temporary file renamed into place) and
     * opens it for updates.
     */
    static LogCheckpoint create(Path log, long epoch, long length) throws IOException {
        Path p = pathOf(log);
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
        State s = new State(1, epoch, length);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            writeSlot(ch, 0, s);
            writeSlot(ch, 1, s);
            ch.force(true);
        }
        Files.move(tmp, p, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        RecordLog.forceDirectory(p);
        return new LogCheckpoint(p, FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE), s);
    }

    /**
     * Records that {@code length} bytes of the log of {@code epoch} are acknowledged, in the older slot. Forced only
     * when {@code force}: an unforced checkpoint may lag after a power loss, which only weakens the check, never
     * makes it wrong, as it is written after the log bytes it counts are on disk.
     */
    synchronized void update(long epoch, long length, boolean force) throws IOException {
        if (epoch == state.epoch() && length < state.length() && !force) {
            return; // a group-commit force that finished after a later one: the checkpoint never moves back
        }
        State s = new State(state.generation() + 1, epoch, length);
        writeSlot(channel, (int) (s.generation() & 1), s);
        if (force) {
            channel.force(false);
        }
        state = s;
    }

    synchronized State state() {
        return state;
    }

    Path path() {
        return path;
    }

    private static void writeSlot(FileChannel ch, int slot, State s) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SLOT);
        b.putInt(MAGIC).putInt(VERSION).putLong(s.generation()).putLong(s.epoch()).putLong(s.length());
        b.putInt(crc(b, 32)).flip();
        long pos = (long) slot * SLOT;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    private static int crc(ByteBuffer b, int len) {
        CRC32C c = new CRC32C();
        c.update(b.duplicate().position(0).limit(len));
        return (int) c.getValue();
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
