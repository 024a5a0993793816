/**
 * Benchmarks of the index: {@link io.txmatch.benchmarks.IndexBenchmark} (behind {@code ./txmatch bench index}:
 * MIH against the scan in one process, medians and ratios) and JMH micro-benchmarks
 * ({@link io.txmatch.benchmarks.HammingScanBenchmark}, {@link io.txmatch.benchmarks.IndexQueryBenchmark}), run
 * from the {@code bench} profile's jar. No timing is asserted in any test; the default build only checks their
 * answers.
 */
package io.txmatch.benchmarks;
