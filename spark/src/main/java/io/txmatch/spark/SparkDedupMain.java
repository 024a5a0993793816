package io.txmatch.spark;

import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.DedupResult;
import io.txmatch.options.DedupColumns;
import io.txmatch.options.DedupOutput;
import io.txmatch.options.DedupSettings;
import io.txmatch.options.ModelOption;
import java.nio.file.Path;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./txmatch spark dedup} (or {@code spark-submit --class io.txmatch.spark.SparkDedupMain}): the
 * Spark dedup job with the CLI's options (the {@code io.txmatch.options} mixins, declared once for both) and
 * output format.
 */
@Command(name = "txmatch spark dedup", mixinStandardHelpOptions = true,
        description = {"Batch dedup as an Apache Spark job: the same steps and output as ./txmatch dedup, distributed.",
                "Input: CSV with a header row (one record per line) or NDJSON; output: CSV 'id,cluster_id,score' or NDJSON.",
                "The model bundle is read on the driver and broadcast to the executors."})
public final class SparkDedupMain implements Callable<Integer> {
    @Option(names = "--in", required = true, description = "Input records (a path Spark can read: file, hdfs://, s3a://).")
    String in;

    @Option(names = "--out", required = true, description = "Output file on the driver (.csv, or .ndjson/.jsonl).")
    Path out;

    @Mixin
    ModelOption model;

    @Option(names = "--master", description = "Spark master (default: the spark-submit setting, else ${DEFAULT-VALUE}).",
            defaultValue = "local[*]")
    String master;

    @Option(names = "--partitions", description = "Partitions of the input (default: ${DEFAULT-VALUE}).", defaultValue = "8")
    int partitions;

    @Mixin
    DedupColumns columns;

    @Mixin
    DedupSettings settings;

    @Mixin
    DedupOutput output;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be positive");
        }
        DedupOptions options = columns.options(settings);
        output.check(out, in.contains(":/") ? null : Path.of(in)); // before Spark starts; a local input is not the output
        SparkConf conf = new SparkConf().setAppName("txmatch-dedup").setIfMissing("spark.master", master)
                .setIfMissing("spark.ui.enabled", "false");
        if (conf.get("spark.master").startsWith("local")) {
            // One machine: keep the driver on the loopback interface, whatever the host name resolves to.
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        long t0 = System.nanoTime();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            DedupResult r = SparkDedup.run(sc, in, columns.columns(), options,
                    SparkDedup.bundleBytes(model.path(Path.of(System.getProperty("txmatch.home", ".")))), partitions);
            output.write(out, r);
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
