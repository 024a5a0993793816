package io.txmatch.cli;

import picocli.CommandLine.Command;

/** {@code txmatch bench}: the benchmark commands, each with its own options. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks, off the test suite; each ends with a summary line.",
                "Quote ratios against the baseline of the same run, not absolute times: these machines are shared."},
        subcommands = {BenchIndexCommand.class, BenchDedupCommand.class, DedupQualityCommand.class})
final class BenchCommand {
}
