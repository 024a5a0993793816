package io.txmatch.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The subcommands that the {@code ./txmatch} script runs itself, without this JVM: {@code test} and
 * {@code reliability} (Maven runs) and {@code spark} (a classpath of its own). They are declared here so that
 * {@code ./txmatch --help} lists every subcommand the launcher accepts; the script's {@code SUBCOMMAND --help} text
 * explains each in full. Run through {@link Main} instead of the script, each is an error naming the script.
 */
final class LauncherCommands {
    private LauncherCommands() {
    }

    /** The behaviour of every launcher-only command reached in this JVM: an error naming the launcher. */
    private abstract static class LauncherOnly implements Callable<Integer> {
        @Parameters(hidden = true)
        List<String> args;

        @Override
        public Integer call() {
            throw new IllegalStateException("`" + getClass().getAnnotation(Command.class).name()
                    + "` is run by the ./txmatch launcher script, not by this program: run ./txmatch "
                    + getClass().getAnnotation(Command.class).name() + " --help");
        }
    }

    /** {@code ./txmatch test}: the default test suite. */
    @Command(name = "test", mixinStandardHelpOptions = true, customSynopsis = "txmatch test [MAVEN_ARGS...]",
            description = {"Run the default test suite (mvn -B verify).",
                    "Run by the launcher script; `./txmatch test --help` explains it."})
    static final class Test extends LauncherOnly {
    }

    /** {@code ./txmatch reliability}: the slow suite off the default run. */
    @Command(name = "reliability", mixinStandardHelpOptions = true,
            customSynopsis = "txmatch reliability [hostile] [--soak-minutes N] [MAVEN_ARGS...]",
            description = {"Run the reliability suite: crash, fuzz, hostile, soak...",
                    "Run by the launcher script; `./txmatch reliability --help` explains it."})
    static final class Reliability extends LauncherOnly {
    }

    /** {@code ./txmatch spark dedup}: the dedup on Apache Spark. */
    @Command(name = "spark", mixinStandardHelpOptions = true,
            customSynopsis = "txmatch spark dedup --in PATH --out FILE [--master URL] [OPTIONS...]",
            description = {"Run the dedup as an Apache Spark job (spark dedup).",
                    "Run by the launcher script on a classpath of its own; for its options see"
                            + " `./txmatch spark dedup --help`."})
    static final class Spark extends LauncherOnly {
    }
}
