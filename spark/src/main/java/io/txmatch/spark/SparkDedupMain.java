package io.txmatch.spark;

import io.txmatch.dedup.DedupFiles;
import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.DedupResult;
import java.nio.file.Path;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./txmatch spark dedup} (or {@code spark-submit --class io.txmatch.spark.SparkDedupMain}): the
 * Spark dedup job with the CLI's options and output format.
 */
@Command(name = "txmatch spark dedup", mixinStandardHelpOptions = true,
        description = {"Batch dedup as an Apache Spark job: the same steps and output as ./txmatch dedup, distributed.",
                "Input: CSV with a header row (one record per line) or NDJSON; output: CSV 'id,cluster_id,score' or NDJSON."})
public final class SparkDedupMain implements Callable<Integer> {
    @Option(names = "--in", required = true, description = "Input records (a path Spark can read: file, hdfs://, s3a://).")
    String in;

    @Option(names = "--out", required = true, description = "Output file on the driver (.csv, or .ndjson/.jsonl).")
    Path out;

    @Option(names = "--model", description = "Model bundle (.txmb) on the driver, broadcast to executors (default: the bundled models/default.txmb).")
    Path model;

    @Option(names = "--master", description = "Spark master (default: the spark-submit setting, else ${DEFAULT-VALUE}).",
            defaultValue = "local[*]")
    String master;

    @Option(names = "--partitions", description = "Partitions of the input (default: ${DEFAULT-VALUE}).", defaultValue = "8")
    int partitions;

    @Option(names = "--id-column", defaultValue = "id", description = "Id column or field (default: ${DEFAULT-VALUE}).")
    String idColumn;

    @Option(names = "--text-column", defaultValue = "text", description = "Descriptor column or field (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--threshold", defaultValue = "" + DedupOptions.DEFAULT_THRESHOLD,
            description = "Least cosine to link two texts (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--radius", defaultValue = "" + DedupOptions.DEFAULT_RADIUS,
            description = "Blocking radius in Hamming bits (default: ${DEFAULT-VALUE}).")
    int radius;

    @Option(names = "--candidates", defaultValue = "" + DedupOptions.DEFAULT_MAX_CANDIDATES,
            description = "Nearest codes compared per text (default: ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--probe", defaultValue = "" + DedupOptions.DEFAULT_PROBE_RADIUS,
            description = "Blocking bands probed this many bits around each code; -1: exact (default: ${DEFAULT-VALUE}).")
    int probe;

    @Option(names = "--amount-column", description = "Transaction-level: linked records must have equal amounts in this column.")
    String amountColumn;

    @Option(names = "--date-column", description = "Transaction-level: dates (YYYY-MM-DD) in this column; see --max-date-gap.")
    String dateColumn;

    @Option(names = "--max-date-gap", paramLabel = "DAYS", defaultValue = "3",
            description = "With --date-column: every two records of a cluster lie at most DAYS apart (default: ${DEFAULT-VALUE}).")
    int maxDateGap;

    @Option(names = "--key-column", paramLabel = "COLUMN",
            description = "Transaction-level: linked records must be equal in this column (repeatable).")
    java.util.List<String> keyColumns;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be positive");
        }
        if (maxDateGap < 0) {
            throw new IllegalArgumentException("--max-date-gap must be 0 or more days");
        }
        java.util.List<String> keys = keyColumns == null ? java.util.List.of() : keyColumns;
        DedupOptions options = new DedupOptions(threshold, radius, candidates, amountColumn != null,
                dateColumn != null ? maxDateGap : -1, !keys.isEmpty(), probe);
        SparkConf conf = new SparkConf().setAppName("txmatch-dedup").setIfMissing("spark.master", master)
                .setIfMissing("spark.ui.enabled", "false");
        if (conf.get("spark.master").startsWith("local")) {
            // One machine: keep the driver on the loopback interface, whatever the host name resolves to.
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        long t0 = System.nanoTime();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            DedupResult r = SparkDedup.run(sc, in, new DedupFiles.Columns(idColumn, textColumn, amountColumn, dateColumn, keys), options,
                    SparkDedup.bundleBytes(model != null ? model
                            : Path.of(System.getProperty("txmatch.home", ".")).resolve("models/default.txmb")), partitions);
            DedupFiles.write(out, r);
            DedupResult.Stats s = r.stats();
            System.out.printf(Locale.ROOT, "spark-dedup records=%d distinct_texts=%d clusters=%d largest_cluster=%d edges=%d"
                            + " stages_ms=%s seconds=%.1f out=%s%n", s.records(), s.nodes(), s.clusters(), s.largest(), s.edges(),
                    s.millis(), (System.nanoTime() - t0) / 1e9, out);
        }
        return 0;
    }

    /**
     * The message a user can act on: a failed Spark task wraps the executor's exception (stage, task, host and a
     * stack trace) in its own; the innermost input error says what was wrong.
     */
    static String userMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof java.io.IOException) {
                return t.getMessage();
            }
        }
        String m = e.getMessage();
        int cut = m == null ? -1 : m.indexOf('\n');
        return cut < 0 ? String.valueOf(m) : m.substring(0, cut);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new SparkDedupMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + userMessage(e));
            return 1;
        });
        System.exit(cli.execute(args));
    }

}
