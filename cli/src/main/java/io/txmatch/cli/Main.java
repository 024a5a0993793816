package io.txmatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ./txmatch} launcher. */
@Command(name = "txmatch", mixinStandardHelpOptions = true, version = "txmatch 0.1.0",
        description = "Similarity search for bank transaction descriptors.",
        subcommands = {ServeCommand.class, TrainCommand.class, EvalCommand.class, DedupCommand.class,
                BenchCommand.class, LauncherCommands.Test.class, LauncherCommands.Reliability.class,
                LauncherCommands.Spark.class, CommandLine.HelpCommand.class},
        footer = {"", "`./txmatch SUBCOMMAND --help` explains a subcommand and its options."})
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree with its error handling: a failure prints one line, not a stack trace, and exits 1. */
    static CommandLine commandLine() {
        return withErrorHandler(new CommandLine(new Main()));
    }

    /** Makes a failure of {@code cli}'s command print one line and exit 1. */
    static CommandLine withErrorHandler(CommandLine cli) {
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return 1;
        });
        return cli;
    }
}
