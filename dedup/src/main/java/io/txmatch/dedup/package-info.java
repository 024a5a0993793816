/**
 * The batch dedup engine, one for the CLI, the REST jobs and (step for step) the Spark job.
 * {@link io.txmatch.dedup.DedupEngine} runs the stages: records become {@link io.txmatch.dedup.DedupNodes nodes}
 * (checked by {@link io.txmatch.dedup.DedupNodes.Checker}, numbered by {@link io.txmatch.dedup.DedupNodes.Numbering}),
 * nodes are encoded ({@link io.txmatch.dedup.NodeVectors}), blocked and verified ({@link io.txmatch.dedup.Linker}),
 * and clustered by average linkage ({@link io.txmatch.dedup.Clustering}); progress comes stage by stage
 * ({@link io.txmatch.dedup.DedupProgress.Stage}). Files in and out are {@link io.txmatch.dedup.io}'s.
 *
 * <pre>{@code
 * List<DedupRecord> records = RecordReader.read(Path.of("tx.csv"), Columns.of("id", "text"));
 * DedupResult r = new DedupEngine(Encoder.load(Path.of("models/default.txmb")))
 *         .run(records, DedupOptions.defaults(), DedupProgress.NONE);
 * ResultWriter.write(Path.of("clusters.csv"), r);
 * }</pre>
 *
 * <p>Knows neither Javalin nor Spark nor the trainer.
 */
package io.txmatch.dedup;
