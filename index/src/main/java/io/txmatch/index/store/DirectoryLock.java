package io.txmatch.index.store;

import java.io.Closeable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock of a data directory: at most one open store writes a directory at a time, across processes
 * (an OS file lock, {@link FileChannel#tryLock()}) and within one (a set of held directories, checked first, so a
 * second open never touches the file and cannot release the first one's lock by closing it).
 *
 * <pre>{@code
 * try (DirectoryLock lock = DirectoryLock.acquire(dataDir)) {
 *     // sole writer of dataDir until closed
 * }
 * }</pre>
 *
 * <p>The lock file {@value #FILE} holds one line, {@code pid=P host=H started=T}, naming the holder; a refused
 * open quotes it. The file stays when the lock is released (as Lucene's {@code write.lock}): the OS lock, not the
 * file's existence, is what counts, so a crashed holder leaves nothing to clean up.
 */
public final class DirectoryLock implements Closeable {
    /** The lock file's name inside the directory. */
    public static final String FILE = "txmatch.lock";
    // Lock file -> holder line, of the locks this process holds. Reading the file instead would open and close a
    // second descriptor of it, and closing any descriptor drops the process's POSIX locks on the file.
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code dir} when missing and locks it.
     *
     * @throws IllegalArgumentException when {@code dir} is the empty path
     * @throws java.nio.file.NotDirectoryException when {@code dir} exists and is not a directory
     * @throws DirectoryLockedException when another process or another open store of this one holds it
     */
    public static DirectoryLock acquire(Path dir) throws IOException {
        checkDirectory(dir);
        Files.createDirectories(dir);
        Path file = dir.toRealPath().resolve(FILE);
        String line = "pid=" + ProcessHandle.current().pid() + " host=" + host() + " started="
                + Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        String held = HELD.putIfAbsent(file, line);
        if (held != null) {
            throw new DirectoryLockedException("data directory " + dir.toAbsolutePath() + " is already open in this process (held by "
                    + held + "; lock file " + file + ")");
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held through another channel of this JVM that bypassed HELD
            }
            if (lock == null) {
                throw new DirectoryLockedException("data directory " + dir.toAbsolutePath() + " is in use by another process ("
                        + holder(ch) + "; lock file " + file + "); stop it first, or give this one another directory");
            }
            ch.truncate(0);
            ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b, b.position());
            }
            ch.force(true);
            return new DirectoryLock(file, ch, lock);
        } catch (IOException | RuntimeException e) {
            HELD.remove(file);
            if (ch != null) {
                ch.close();
            }
            throw e;
        }
    }

    /**
     * Checks that {@code dir} can be a data directory: not the empty path (which would put the files in the working
     * directory) and, when it exists, a directory.
     */
    public static void checkDirectory(Path dir) throws IOException {
        if (dir.toString().isBlank()) {
            throw new IllegalArgumentException("the data directory is an empty path; name a directory");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new java.nio.file.NotDirectoryException(dir.toAbsolutePath() + " is not a directory (the data directory must be one)");
        }
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(512);
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // read what the holder wrote
        }
        String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
        return s.isEmpty() ? "holder unknown" : "held by " + s;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } finally {
            HELD.remove(file);
        }
    }
}
