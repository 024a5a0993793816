package io.txmatch.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code txmatch serve} as a separate local process (the container's twin): the jars and the model the image
 * carries ({@link #STAGE}), the image's entry point, port 0, its own data directory and key file. {@link #kill9} is
 * SIGKILL. Never touches Docker.
 */
final class LocalTxmatch implements AutoCloseable {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** What the image carries (deploy/image stages it at package time): jars, the model, the same entry point. */
    static final Path STAGE = ROOT.resolve("deploy/image/target/stage");
    private static final Pattern READY = Pattern.compile("txmatch ready at (http://\\S+:\\d+)");

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<String> url = new CompletableFuture<>();

    private LocalTxmatch(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the process went away; exitCode() tells how
            }
            url.completeExceptionally(new IllegalStateException("txmatch exited before it was ready:\n" + output()));
        }, "txmatch-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code txmatch serve} on a free loopback port with a 1 GiB heap; does not wait. */
    static LocalTxmatch start(Path data, Path keys) throws IOException {
        return start(data, keys, List.of("-Xmx1g"));
    }

    /** Starts {@code txmatch serve} on a free loopback port with these JVM flags (heap etc.); does not wait. */
    static LocalTxmatch start(Path data, Path keys, List<String> jvmFlags) throws IOException {
        if (!Files.isDirectory(STAGE.resolve("lib")) || !Files.isDirectory(STAGE.resolve("txmatch"))) {
            throw new IllegalStateException("stage the image first (mvn -pl deploy/image -am package): " + STAGE + " is missing");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-Dtxmatch.home=" + STAGE, "-cp", STAGE.resolve("txmatch") + "/*:" + STAGE.resolve("lib") + "/*",
                "io.txmatch.cli.ServeMain", "--port", "0", "--data", data.toString()));
        if (keys != null) {
            cmd.addAll(List.of("--keys", keys.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        return new LocalTxmatch(pb.start());
    }

    /** Writes a key file with {@link LocalTwinEndToEndTest#KEY} for tenant {@code acme} into {@code dir}. */
    static Path writeKeys(Path dir) throws IOException {
        return Files.writeString(dir.resolve("keys.txt"), LocalTwinEndToEndTest.KEY + " acme\n");
    }

    /** Waits until the service says it is ready; returns its base URL. */
    String awaitReady(long seconds) throws Exception {
        return url.get(seconds, TimeUnit.SECONDS);
    }

    /** Waits for the process to end by itself; returns its exit code, or -1 if it still runs after {@code seconds}. */
    int awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** True while the process runs. */
    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Everything the process printed so far. */
    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, the graceful stop; SIGKILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill9();
        }
    }
}
