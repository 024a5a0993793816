/**
 * Dedup input and output files, in one place: {@link io.txmatch.dedup.io.Format} decides CSV or NDJSON (by
 * the file name, else by the first character), a {@link io.txmatch.dedup.io.RecordReader} turns the text into
 * {@link io.txmatch.dedup.DedupRecord records} ({@link io.txmatch.dedup.io.CsvReader} on Apache Commons CSV,
 * {@link io.txmatch.dedup.io.NdjsonReader}), either a whole file or one line at a time for readers that split
 * input by lines (the Spark job), and {@link io.txmatch.dedup.io.ResultWriter} writes the per-record result.
 *
 * <pre>{@code
 * List<DedupRecord> records = RecordReader.read(Path.of("tx.csv"), Columns.of("id", "text"));
 * ResultWriter.write(Path.of("clusters.csv"), new DedupEngine(encoder).run(records, options, DedupProgress.NONE));
 * }</pre>
 *
 * <p>Every input problem is an {@link java.lang.IllegalArgumentException} that names the source and, where there
 * is one, the line, and rejects the whole input; a bad row ({@link io.txmatch.dedup.io.BadRow}) may instead be set
 * aside ({@link io.txmatch.dedup.io.InputFile}). Outputs go through {@link io.txmatch.dedup.io.OutputFile}:
 * checked before any work, never the input, never left half-written, FIFOs and devices written directly.
 */
package io.txmatch.dedup.io;
