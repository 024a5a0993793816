/**
 * The {@code ./txmatch} command line (picocli): {@link io.txmatch.cli.Main} and one command class per
 * subcommand ({@code serve}, {@code train}, {@code eval}, {@code dedup}, {@code bench ...}). Commands only parse
 * options and call the modules: the dedup options come from {@code io.txmatch.options}, the served match from
 * {@code io.txmatch.match}, evaluation from the trainer. {@link io.txmatch.cli.ServeMain} is the serving image's
 * entry point, with only the service on its classpath.
 */
package io.txmatch.cli;
