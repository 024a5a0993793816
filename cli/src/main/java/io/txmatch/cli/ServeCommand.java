package io.txmatch.cli;

import io.txmatch.match.TenantQuotas;
import io.txmatch.service.ServiceConfig;
import io.txmatch.service.TxmatchServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code txmatch serve}: runs the REST service until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the REST service on a model bundle and a data directory.",
                "Prints the URL once the model and catalogue are loaded; Ctrl-C stops it gracefully."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", paramLabel = "HOST", description = "Address to bind (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).", defaultValue = "7070")
    int port;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory, created when missing (default: ${DEFAULT-VALUE}).", defaultValue = "data")
    Path data;

    @Option(names = "--keys", paramLabel = "FILE",
            description = "API keys, lines 'KEY TENANT': every /v1 request then needs 'Authorization: Bearer KEY' and a"
                    + " tenant sees only its own merchants. Without it: one default tenant, loopback addresses only.")
    Path keys;

    @Option(names = "--model", paramLabel = "BUNDLE", description = "Model bundle to serve (default: the bundled models/default.txmb).")
    Path model;

    @Spec
    CommandSpec spec;
    @Option(names = "--quota-merchants", paramLabel = "N", description = "Most merchants per tenant (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + TenantQuotas.Limits.DEFAULT_MERCHANTS)
    long quotaMerchants;

    @Option(names = "--quota-examples", paramLabel = "N",
            description = "Most examples per tenant, all its merchants together (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + TenantQuotas.Limits.DEFAULT_EXAMPLES)
    long quotaExamples;

    @Option(names = "--quota-bytes", paramLabel = "N", description = "Most stored bytes per tenant: UTF-8 of names,"
            + " categories, metadata and examples (default: ${DEFAULT-VALUE}, 1 GiB).",
            defaultValue = "" + TenantQuotas.Limits.DEFAULT_BYTES)
    long quotaBytes;

    @Option(names = "--operator-key-file", paramLabel = "FILE",
            description = "With --keys: a file holding the operator key (one line, 16+ characters, no tenant's key); only it"
                    + " reads /metrics and the counts of /health/ready, without it /metrics answers 403.")
    Path operatorKey;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "A connection or body read waiting this long for a byte is answered 408 (default: ${DEFAULT-VALUE}).")
    long idleTimeoutS;

    @Option(names = "--min-data-rate", paramLabel = "BYTES_PER_S", defaultValue = "1024",
            description = "A request body arriving slower is answered 408; 0 for none (default: ${DEFAULT-VALUE}).")
    long minDataRate;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "200",
            description = "Connections held at once, below the 250 threads; more wait to be accepted (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--header-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "A request line and headers not complete this long after their first byte (or a new connection"
                    + " silent this long) is answered 408 and closed (default: ${DEFAULT-VALUE}).")
    long headerTimeoutS;

    @Option(names = "--max-heavy-requests", paramLabel = "N", defaultValue = "0",
            description = "Batch matches served at once, more get 503; 0 sizes it to the heap (default: ${DEFAULT-VALUE}).")
    int maxHeavyRequests;

    @Override
    public Integer call() throws Exception {
        if (keys != null) {
            keyFileWarning(keys).ifPresent(w -> spec.commandLine().getErr().println("warning: " + w));
            spec.commandLine().getErr().flush();
        }
        checkDataDirectory();
        Path bundle = model != null ? model : Launcher.defaultModel();
        ServiceConfig.HttpLimits limits = new ServiceConfig.HttpLimits(Duration.ofSeconds(idleTimeoutS), minDataRate,
                maxConnections, maxHeavyRequests, Duration.ofSeconds(headerTimeoutS));
        TxmatchServer server = TxmatchServer.start(new ServiceConfig(host, port, data, bundle, keys,
                new TenantQuotas.Limits(quotaMerchants, quotaExamples, quotaBytes), operatorKey, limits));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "txmatch-shutdown"));
        try {
            server.awaitReady(Duration.ofMinutes(10));
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            server.close();
            return 1;
        }
        String shown = host.contains(":") ? "[" + host + "]" : host;
        System.out.println("txmatch ready at http://" + shown + ":" + server.port() + " (data: " + data.toAbsolutePath()
                + ", model: " + bundle + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** An empty {@code --data} (which would put the catalogue in the working directory) or a file is a usage error. */
    private void checkDataDirectory() {
        if (data.toString().isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--data is empty: name the data directory (it is created when missing)");
        }
        if (Files.exists(data) && !Files.isDirectory(data)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--data " + data.toAbsolutePath() + " is not a directory: name a directory (created when missing)");
        }
    }

    /** A warning when the key file {@code keys} can be read by its group or others (POSIX file systems only). */
    static Optional<String> keyFileWarning(Path keys) {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(keys);
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty(); // not POSIX, or missing: the server's own check of the file reports that
        }
        if (perms.stream().noneMatch(EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ)::contains)) {
            return Optional.empty();
        }
        return Optional.of("the key file " + keys.toAbsolutePath() + " is readable by group or others ("
                + PosixFilePermissions.toString(perms) + "): anyone who reads it can act as any tenant; chmod 600 it");
    }
}
