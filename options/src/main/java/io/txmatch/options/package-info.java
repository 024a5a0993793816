/**
 * Picocli option mixins of the dedup commands, declared once: {@code ./txmatch dedup}, {@code ./txmatch bench
 * dedup}, {@code ./txmatch bench dedup-quality} and the Spark job ({@code ./txmatch spark dedup}) take the same
 * options, with the same names, defaults, checks and help text.
 *
 * <pre>{@code
 * @Command(name = "dedup")
 * final class DedupCommand implements Callable<Integer> {
 *     @Mixin DedupColumns columns;     // --id-column, --text-column, --amount-column, --date-column, ...
 *     @Mixin DedupSettings settings;   // --threshold, --radius, --candidates, --probe
 *     @Mixin ModelOption model;        // --model
 *     @Mixin DedupOutput output;       // --[no-]csv-formula-escape
 *
 *     public Integer call() throws IOException {
 *         DedupOptions options = columns.options(settings);
 *         List<DedupRecord> records = RecordReader.read(in, columns.columns());
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>This module holds declarations only, no command: the commands stay in {@code cli/} and {@code spark/}.
 */
package io.txmatch.options;
