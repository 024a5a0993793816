package io.txmatch.dedup.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where a dedup output file goes, checked before any work is done ({@link #of}) and written so that it never
 * damages a file: a regular file (or a new one) is written to a temporary file beside it and moved into place,
 * so a failed run leaves no partial output; a target that exists and is not a regular file (a FIFO,
 * {@code /dev/stdout}, a terminal) is written directly, never replaced by a rename.
 *
 * <pre>{@code
 * OutputFile out = OutputFile.of(Path.of("clusters.csv"), "--out");
 * out.refuseSame(Path.of("tx.csv"), "--in");
 * out.write(w -> w.write("id,cluster_id,score\n"));
 * }</pre>
 */
public final class OutputFile {
    /** What writes the content. */
    @FunctionalInterface
    public interface Content {
        /** Writes to {@code w}; need not flush or close. */
        void writeTo(Writer w) throws IOException;
    }

    private final Path path;
    private final String option;

    private OutputFile(Path path, String option) {
        this.path = path;
        this.option = option;
    }

    /**
     * {@code path} as an output target named {@code option} in messages ({@code --out}); throws
     * {@link IllegalArgumentException} naming the path when it is a directory, or when it is no existing
     * special file and its directory does not exist or cannot be written.
     */
    public static OutputFile of(Path path, String option) {
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(option + " " + path + ": is a directory");
        }
        if (!direct(path)) {
            Path dir = path.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new IllegalArgumentException(option + " " + path + ": directory " + dir + " does not exist");
            }
            if (!Files.isWritable(dir)) {
                throw new IllegalArgumentException(option + " " + path + ": directory " + dir + " is not writable");
            }
        }
        return new OutputFile(path, option);
    }

    /** The target. */
    public Path path() {
        return path;
    }

    /**
     * Throws {@link IllegalArgumentException} when this target is the file {@code other} (named {@code otherOption}
     * in messages: {@code --in} is "the input file"), also through symbolic or hard links: writing it would replace
     * that file.
     */
    public void refuseSame(Path other, String otherOption) throws IOException {
        boolean same = Files.exists(path) && Files.exists(other) ? Files.isSameFile(path, other)
                : path.toAbsolutePath().normalize().equals(other.toAbsolutePath().normalize());
        if (same) {
            String what = otherOption.equals("--in") ? "the input file" : "the same file as " + otherOption;
            throw new IllegalArgumentException(option + " " + path + " is " + what + " (" + otherOption + " " + other
                    + "); writing it would replace that file: choose another");
        }
    }

    /** Writes {@code content} as UTF-8: through a temporary file for a regular target, directly for a special one. */
    public void write(Content content) throws IOException {
        if (direct(path)) {
            try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path, StandardOpenOption.WRITE),
                    StandardCharsets.UTF_8), 1 << 16)) {
                content.writeTo(w);
            }
            return;
        }
        // Through a link: replace the file it points to, keep the link.
        Path target = Files.isSymbolicLink(path) ? path.toRealPath() : path;
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(), ".tmp");
        try {
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16)) {
                content.writeTo(w);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Whether {@code path} is written directly: it exists and is not a regular file, or it is a device path
     * ({@code /dev/stdout} stays the process's output even when that is redirected to a file).
     */
    private static boolean direct(Path path) {
        return Files.exists(path) && (!Files.isRegularFile(path) || path.toAbsolutePath().normalize().startsWith("/dev"));
    }
}
