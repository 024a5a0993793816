package io.txmatch.index.store;

import io.txmatch.index.CodeIndex;
import io.txmatch.index.Codes;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A checksummed snapshot of an index's codes: what {@link IndexStore} recovers from before replaying its log.
 *
 * <p>Byte layout, version 1, big-endian:
 * <pre>
 * int32 magic 0x54584953 ("TXIS") | int32 version (1) | int32 bits | int32 substrings | int64 sequence
 * | int32 n | n x int32 id | n x words x int64 code | int32 CRC32C of every byte before it
 * </pre>
 * {@code sequence} is the last log record the snapshot includes. Written to a temporary file, forced, then
 * renamed into place, so a reader sees a whole snapshot or none. Only ids and codes are stored; the index
 * structures are rebuilt on load (a counting sort, linear in n).
 */
final class SnapshotFile {
    static final int MAGIC = 0x54584953;
    static final int VERSION = 1;
    private static final int HEADER = 28;

    /** What a snapshot holds. */
    record Loaded(CodeIndex index, long sequence) {
    }

    private SnapshotFile() {
    }

    /** Expected file length for {@code n} codes of {@code bits} bits. */
    static long length(int n, int bits) {
        return HEADER + 4L * n + 8L * n * Codes.words(bits) + 4;
    }

    /** Writes {@code frozen} atomically at {@code path}. */
    static void write(Path path, CodeIndex.Frozen frozen, int bits, int substrings, long sequence) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        int n = frozen.size();
        CRC32C crc = new CRC32C();
        try (OutputStream raw = Files.newOutputStream(tmp);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(bits);
            out.writeInt(substrings);
            out.writeLong(sequence);
            out.writeInt(n);
            try {
                // Two passes over the immutable view: ids, then codes.
                frozen.forEach((id, code) -> writeInt(out, id));
                frozen.forEach((id, code) -> {
                    for (long w : code) {
                        writeLong(out, w);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            out.flush();
            new DataOutputStream(raw).writeInt((int) crc.getValue());
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        IndexStore.forceDirectory(path.getParent());
    }

    private static void writeInt(DataOutputStream out, int v) {
        try {
            out.writeInt(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeLong(DataOutputStream out, long v) {
        try {
            out.writeLong(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and checks the snapshot at {@code path}, for an index of {@code bits}-bit codes. */
    static Loaded read(Path path, int bits) throws IOException {
        long size = Files.size(path);
        CRC32C crc = new CRC32C();
        try (InputStream raw = Files.newInputStream(path);
             CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), crc);
             DataInputStream in = new DataInputStream(checked)) {
            if (size < HEADER + 4) {
                throw new CorruptStoreException(path + ": too short for a snapshot (" + size + " bytes)");
            }
            if (in.readInt() != MAGIC) {
                throw new CorruptStoreException(path + ": not a txmatch index snapshot (bad magic number)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new CorruptStoreException(path + ": snapshot version " + version + " is not supported (this build reads "
                        + VERSION + ")");
            }
            int fileBits = in.readInt();
            int substrings = in.readInt();
            long sequence = in.readLong();
            int n = in.readInt();
            if (fileBits != bits) {
                throw new CorruptStoreException(path + ": snapshot holds " + fileBits + "-bit codes, the store is " + bits + "-bit");
            }
            if (n < 0 || sequence < 0 || size != length(n, bits)) {
                throw new CorruptStoreException(path + ": snapshot length " + size + " does not match its header (n=" + n
                        + "); the file is truncated or damaged");
            }
            int words = Codes.words(bits);
            int[] ids = new int[n];
            for (int i = 0; i < n; i++) {
                ids[i] = in.readInt();
            }
            long[] codes = new long[n * words];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = in.readLong();
            }
            int expected = (int) crc.getValue();
            if (in.readInt() != expected) {
                throw new CorruptStoreException(path + ": snapshot checksum mismatch");
            }
            try {
                CodeIndex.Builder builder = CodeIndex.builder(bits).substrings(substrings);
                long[] code = new long[words];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(codes, i * words, code, 0, words);
                    builder.add(ids[i], code);
                }
                return new Loaded(builder.build(), sequence);
            } catch (IllegalArgumentException e) {
                throw new CorruptStoreException(path + ": snapshot content is invalid: " + e.getMessage(), e);
            }
        } catch (EOFException e) {
            throw new CorruptStoreException(path + ": snapshot ends early", e);
        }
    }
}
