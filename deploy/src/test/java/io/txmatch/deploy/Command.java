package io.txmatch.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** An external command run to completion within a deadline, its stdout and stderr kept together for messages. */
record Command(List<String> argv, int exit, boolean timedOut, String output) {

    /** True when it ended by itself with exit status 0. */
    boolean ok() {
        return !timedOut && exit == 0;
    }

    /** What a failure message needs: the command, how it ended, and the last of its output. */
    String describe() {
        String tail = output.length() > 4000 ? "..." + output.substring(output.length() - 4000) : output;
        return String.join(" ", argv) + (timedOut ? " passed its deadline" : " exited " + exit) + ":\n" + tail;
    }

    /** Runs {@code argv} in {@code dir} with {@code env} added; killed (with its children) at the deadline. */
    static Command run(Path dir, Map<String, String> env, Duration deadline, List<String> argv) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> copy(p.getInputStream(), out), "command-output");
            reader.setDaemon(true);
            reader.start();
            boolean ended = p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(2000);
            String text;
            synchronized (out) {
                text = out.toString(StandardCharsets.UTF_8);
            }
            return new Command(argv, ended ? p.exitValue() : -1, !ended, text);
        } catch (IOException e) {
            return new Command(argv, -1, false, "could not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + argv, e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the process was killed: what it printed so far is kept
        }
    }
}
