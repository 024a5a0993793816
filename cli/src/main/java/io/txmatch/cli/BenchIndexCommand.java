package io.txmatch.cli;

import io.txmatch.benchmarks.IndexBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code txmatch bench index}: Multi-Index Hashing against the linear scan, in one process. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"The index: Multi-Index Hashing against the linear scan.",
                "Builds N seeded clustered codes, runs the same queries through both paths in one process (the first"
                        + " 1,000 queries' answers compared), and prints medians over rounds of at least 0.2 s after a"
                        + " warm-up. 200 repeated queries stay in cache; --queries 20000 does not.",
                "Quote ratios, not absolute times: these machines are shared."})
final class BenchIndexCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--n", paramLabel = "N", description = "Codes in the index (default: ${DEFAULT-VALUE}).", defaultValue = "1000000")
    int n;

    @Option(names = "--bits", paramLabel = "BITS", description = "Code width, 30..256 (default: ${DEFAULT-VALUE}).", defaultValue = "64")
    int bits;

    @Option(names = "--radius", paramLabel = "BITS", description = "Hamming radius (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int radius;

    @Option(names = "--queries", paramLabel = "N", description = "Distinct queries, each run once per pass (default: ${DEFAULT-VALUE}).", defaultValue = "200")
    int queries;

    @Option(names = "--rounds", paramLabel = "N", description = "Timed rounds per path (default: ${DEFAULT-VALUE}).", defaultValue = "5")
    int rounds;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of codes and queries (default: ${DEFAULT-VALUE}).", defaultValue = "7")
    long seed;

    @Option(names = "--substrings", paramLabel = "M", description = "MIH substrings (default: ceil(bits / 32), the longest; more suit larger radii).")
    Integer substrings;

    @Option(names = "--codes-out", paramLabel = "FILE",
            description = "Also write the codes, queries and MIH's hit total here, for bench/faiss_bench.py.")
    Path codesOut;

    @Override
    public Integer call() throws IOException {
        if (n < 1 || queries < 1 || rounds < 1 || radius < 0 || radius > bits) {
            throw new IllegalArgumentException("--n, --queries and --rounds must be positive and --radius 0..bits");
        }
        IndexBenchmark.Result r = substrings == null
                ? IndexBenchmark.run(n, bits, radius, queries, rounds, seed, codesOut)
                : IndexBenchmark.run(n, bits, radius, substrings, queries, rounds, seed, codesOut);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("substrings=%d mean_candidates=%.1f mean_hits=%.1f heap_bytes_per_code=%.1f%n", r.substrings(),
                r.meanCandidates(), r.meanHits(), r.heapBytesPerCode());
        out.println(r.line());
        out.flush();
        return 0;
    }
}
