/**
 * Batch dedup on Apache Spark ({@code local[*]} by default): {@link io.txmatch.spark.SparkDedup} runs the dedup
 * engine's own reading ({@code io.txmatch.dedup.io}), checks and node numbering ({@code DedupNodes}) and writes
 * output byte-identical to {@code ./txmatch dedup}; {@link io.txmatch.spark.SparkDedupMain} is
 * {@code ./txmatch spark dedup}, with the options declared once in {@code io.txmatch.options}. Its own
 * classpath, never the CLI's.
 */
package io.txmatch.spark;
