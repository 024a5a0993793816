package io.txmatch.cli;

import io.txmatch.match.TenantQuotas;
import io.txmatch.service.ServiceConfig;
import io.txmatch.service.TxmatchServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code txmatch serve}: runs the REST service until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the REST service with a model bundle and a local data directory.",
                "Prints the URL once the model and catalogue are loaded; Ctrl-C stops it gracefully."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).", defaultValue = "7070")
    int port;

    @Option(names = "--data", description = "Data directory, created when missing (default: ${DEFAULT-VALUE}).", defaultValue = "data")
    Path data;

    @Option(names = "--keys", paramLabel = "FILE",
            description = {"API keys, lines 'KEY TENANT': every /v1 request then needs 'Authorization: Bearer KEY' and a",
                    "tenant sees only its own merchants. Without it: one default tenant, loopback addresses only."})
    Path keys;

    @Option(names = "--model", description = "Model bundle (default: the bundled models/default.txmb).")
    Path model;

    @Option(names = "--quota-merchants", paramLabel = "N", description = "Most merchants per tenant (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + TenantQuotas.Limits.DEFAULT_MERCHANTS)
    long quotaMerchants;

    @Option(names = "--quota-examples", paramLabel = "N",
            description = "Most examples per tenant, all its merchants together (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + TenantQuotas.Limits.DEFAULT_EXAMPLES)
    long quotaExamples;

    @Option(names = "--quota-bytes", paramLabel = "N", description = {"Most stored bytes per tenant: UTF-8 of names,",
            "categories, metadata and examples (default: ${DEFAULT-VALUE}, 1 GiB)."},
            defaultValue = "" + TenantQuotas.Limits.DEFAULT_BYTES)
    long quotaBytes;

    @Override
    public Integer call() throws Exception {
        Path bundle = model != null ? model : Launcher.defaultModel();
        TxmatchServer server = TxmatchServer.start(new ServiceConfig(host, port, data, bundle, keys,
                new TenantQuotas.Limits(quotaMerchants, quotaExamples, quotaBytes)));
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
}
