package io.txmatch.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txmatch.dedup.DedupEngine;
import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.DedupProgress;
import io.txmatch.dedup.DedupResult;
import io.txmatch.dedup.io.Columns;
import io.txmatch.dedup.io.Format;
import io.txmatch.dedup.io.RecordReader;
import io.txmatch.dedup.io.ResultWriter;
import io.txmatch.model.Encoder;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark job in local mode against the embedded engine on the same input: the same output, byte for byte. */
class SparkDedupTest {
    private static final Path MODEL = Path.of("..", "models", "default.txmb");
    private static JavaSparkContext sc;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setAppName("txmatch-test").setMaster("local[2]")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    /** Seeded descriptors of a few dozen merchants in several formats, with repeats and near-repeats. */
    private static String csv(int n, long seed) {
        String[] merchants = {"OUTBACK STEAKHOUSE", "WAL-MART", "NETFLIX.COM", "SHELL OIL", "STARBUCKS", "HOME DEPOT", "TARGET",
            "AMZN MKTP US", "CHIPOTLE", "COSTCO WHSE", "UBER TRIP", "SPOTIFY", "WHOLE FOODS MKT", "BEST BUY", "CVS PHARMACY",
            "JOE'S PIZZA", "MARIA'S BAKERY", "SUNSET DENTAL", "KIM'S DRY CLEANERS", "RIVERSIDE HARDWARE"};
        String[] cities = {"TEMPE AZ", "DALLAS TX", "TULSA OK", "DENVER CO", "AUSTIN TX", "PHOENIX AZ"};
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("id,text,merchant\n");
        for (int i = 0; i < n; i++) {
            String m = merchants[r.nextInt(merchants.length)];
            String city = cities[r.nextInt(cities.length)];
            String text = switch (r.nextInt(5)) {
                case 0 -> "CHECKCARD " + (1000 + r.nextInt(9000)) + " " + m + " " + city;
                case 1 -> "POS PURCHASE " + m + " #" + r.nextInt(9999) + " " + city;
                case 2 -> "DEBIT CARD PURCHASE - " + m + " " + city;
                case 3 -> m + " " + city;
                default -> "RECURRING PAYMENT " + m + " " + city.substring(city.length() - 2);
            };
            sb.append("r").append(i).append(",\"").append(text).append("\",").append(m.replace(",", " ")).append('\n');
        }
        return sb.toString();
    }

    /** {@link #csv(int, long)}'s ids and texts with other columns: {@code columns} in the header, {@code values} per row. */
    private static String csv(int n, long seed, String columns, java.util.function.Supplier<String> values) {
        StringBuilder sb = new StringBuilder("id,text," + columns + "\n");
        for (String line : csv(n, seed).split("\n")) {
            if (!line.startsWith("id,")) {
                String[] f = line.split(",\"|\",");
                sb.append(f[0]).append(",\"").append(f[1]).append("\",").append(values.get()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String written(DedupResult r, boolean ndjson) throws Exception {
        StringWriter w = new StringWriter();
        ResultWriter.write(w, r, ndjson ? Format.NDJSON : Format.CSV);
        return w.toString();
    }

    @Test
    void the_spark_job_gives_the_embedded_engines_output_byte_for_byte() throws Exception {
        Path in = Files.writeString(dir.resolve("records.csv"), csv(1500, 3));
        Columns cols = Columns.of("id", "text");
        DedupOptions options = DedupOptions.defaults();
        DedupResult embedded = new DedupEngine(Encoder.load(MODEL)).run(RecordReader.read(in, cols), options, DedupProgress.NONE);
        DedupResult spark = SparkDedup.run(sc, in.toString(), cols, options, SparkDedup.bundleBytes(MODEL), 3);
        assertThat(embedded.stats().clusters()).isBetween(15, 200); // real grouping, not all-one or all-apart
        assertThat(spark.stats().nodes()).isEqualTo(embedded.stats().nodes());
        assertThat(spark.stats().edges()).isEqualTo(embedded.stats().edges());
        assertThat(spark.stats().candidates()).isEqualTo(embedded.stats().candidates());
        assertThat(written(spark, false)).isEqualTo(written(embedded, false));

        // NDJSON input, another partitioning and threshold: still the same.
        StringBuilder nd = new StringBuilder();
        for (String line : csv(400, 4).split("\n")) {
            if (!line.startsWith("id,")) {
                String[] f = line.split(",\"|\",");
                nd.append("{\"id\": \"").append(f[0]).append("\", \"text\": \"").append(f[1]).append("\"}\n");
            }
        }
        Path ndIn = Files.writeString(dir.resolve("records.ndjson"), nd.toString());
        DedupOptions strict = options.withThreshold(0.8);
        assertThat(written(SparkDedup.run(sc, ndIn.toString(), cols, strict, SparkDedup.bundleBytes(MODEL), 5), true))
                .isEqualTo(written(new DedupEngine(Encoder.load(MODEL)).run(RecordReader.read(ndIn, cols), strict,
                        DedupProgress.NONE), true));
    }

    @Test
    void constraints_on_amounts_and_keys_give_the_same_output_too() throws Exception {
        Random r = new Random(8);
        Path in = Files.writeString(dir.resolve("tx.csv"), csv(600, 5, "amount,acct,bank",
                () -> r.nextInt(3) * 5 + ".00,A" + r.nextInt(2) + ",B" + r.nextInt(2)));
        Columns cols = new Columns("id", "text", "amount", null, java.util.List.of("acct", "bank"));
        DedupOptions options = DedupOptions.defaults().withConstraints(true, -1, true);
        DedupResult embedded = new DedupEngine(Encoder.load(MODEL)).run(RecordReader.read(in, cols), options, DedupProgress.NONE);
        DedupResult spark = SparkDedup.run(sc, in.toString(), cols, options, SparkDedup.bundleBytes(MODEL), 4);
        assertThat(written(spark, false)).isEqualTo(written(embedded, false));
        // Constraints split clusters that text alone would keep together.
        DedupResult textOnly = new DedupEngine(Encoder.load(MODEL)).run(RecordReader.read(in, cols), DedupOptions.defaults(),
                DedupProgress.NONE);
        assertThat(embedded.stats().clusters()).isGreaterThan(textOnly.stats().clusters());
    }

    @Test
    void bad_input_fails_with_the_line_or_id_named() throws Exception {
        Columns cols = Columns.of("id", "text");
        byte[] bundle = SparkDedup.bundleBytes(MODEL);
        Path dup = Files.writeString(dir.resolve("dup.csv"), "id,text\na,SHELL OIL\nb,NETFLIX\na,TARGET\n");
        assertThatThrownBy(() -> SparkDedup.run(sc, dup.toString(), cols, DedupOptions.defaults(), bundle, 2))
                .hasMessageContaining("'a' occurs more than once");
        Path noText = Files.writeString(dir.resolve("cols.csv"), "id,descriptor\na,SHELL OIL\n");
        assertThatThrownBy(() -> SparkDedup.run(sc, noText.toString(), cols, DedupOptions.defaults(), bundle, 2))
                .hasMessageContaining("no column 'text'");
        Path headerOnly = Files.writeString(dir.resolve("empty.csv"), "id,text\n");
        assertThatThrownBy(() -> SparkDedup.run(sc, headerOnly.toString(), cols, DedupOptions.defaults(), bundle, 2))
                .hasMessageContaining("no records");
        assertThatThrownBy(() -> SparkDedup.run(sc, dup.toString(), cols, DedupOptions.defaults().withBlocking(65, 20), bundle, 2))
                .hasMessageContaining("0..64 bits");
        Path badLine = Files.writeString(dir.resolve("bad.ndjson"), "{\"id\": \"a\", \"text\": \"SHELL\"}\n{oops}\n");
        assertThatThrownBy(() -> SparkDedup.run(sc, badLine.toString(), cols, DedupOptions.defaults(), bundle, 2))
                .hasStackTraceContaining("line 2").hasStackTraceContaining("not a JSON object");
        // The engine's one check of amounts, on the executors: refused with its line, never spelt out.
        Path huge = Files.writeString(dir.resolve("huge.csv"), "id,text,amount\na,SHELL OIL,1\nb,NETFLIX,1e500000000\n");
        assertThatThrownBy(() -> SparkDedup.run(sc, huge.toString(), new Columns("id", "text", "amount", null, java.util.List.of()),
                DedupOptions.defaults().withConstraints(true, -1, false), bundle, 2))
                .hasStackTraceContaining("line 3").hasStackTraceContaining("amount must have at most 30 digits");
    }
    @Test
    void date_constraints_and_the_first_bad_record_are_the_engines() throws Exception {
        Random r = new Random(9);
        Path in = Files.writeString(dir.resolve("dated.csv"), csv(500, 6, "day", () -> "2026-03-" + (10 + r.nextInt(15))));
        Columns cols = new Columns("id", "text", null, "day", java.util.List.of());
        DedupOptions options = DedupOptions.defaults().withConstraints(false, 3, false);
        DedupResult embedded = new DedupEngine(Encoder.load(MODEL)).run(RecordReader.read(in, cols), options, DedupProgress.NONE);
        assertThat(written(SparkDedup.run(sc, in.toString(), cols, options, SparkDedup.bundleBytes(MODEL), 3), false))
                .isEqualTo(written(embedded, false));

        // Record b has no date and record a comes again later: both name b, the first bad record in input order.
        Path bad = Files.writeString(dir.resolve("undated.csv"), "id,text,day\na,SHELL OIL,2026-03-10\nb,TARGET,\na,NETFLIX,2026-03-11\n");
        String engine = org.assertj.core.api.Assertions.catchThrowable(() -> new DedupEngine(Encoder.load(MODEL))
                .run(RecordReader.read(bad, cols), options, DedupProgress.NONE)).getMessage();
        assertThat(engine).contains("record b has no date");
        assertThatThrownBy(() -> SparkDedup.run(sc, bad.toString(), cols, options, SparkDedup.bundleBytes(MODEL), 2))
                .hasMessage(engine);
    }
}
