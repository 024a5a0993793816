package io.txmatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code txmatch bench}: declared so the command surface is stable; the benchmarks are not built yet. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks (index: Multi-Index Hashing against a linear scan).",
                "NOT AVAILABLE YET: tracked in the index issue. Exits with status 2."})
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("txmatch bench is not available yet: the index benchmarks are tracked in the index issue.");
        return 2;
    }
}
