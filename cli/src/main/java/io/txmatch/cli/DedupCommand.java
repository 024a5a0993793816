package io.txmatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code txmatch dedup}: declared so the command surface is stable; the engine is not built yet. */
@Command(name = "dedup", mixinStandardHelpOptions = true,
        description = {"Batch dedup of transaction records (CSV or NDJSON) into merchant clusters.",
                "NOT AVAILABLE YET: the dedup engine is tracked in the batch-dedup issue. Exits with status 2."})
final class DedupCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("txmatch dedup is not available yet: the dedup engine is tracked in the batch-dedup issue.");
        return 2;
    }
}
