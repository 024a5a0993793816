package io.txmatch.cli;

import picocli.CommandLine;

/**
 * {@code txmatch serve} as a program of its own: the serving image's entry point. It loads no other command, so
 * its classpath is the service's runtime classpath plus this jar and picocli, without the trainer or the dedup CLI.
 */
public final class ServeMain {
    private ServeMain() {
    }

    public static void main(String[] args) {
        System.exit(Main.withErrorHandler(new CommandLine(new ServeCommand())).execute(args));
    }
}
