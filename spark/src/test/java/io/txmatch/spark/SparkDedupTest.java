package io.txmatch.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txmatch.dedup.DedupEngine;
import io.txmatch.dedup.DedupFiles;
import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.DedupProgress;
import io.txmatch.dedup.DedupResult;
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

    private static String written(DedupResult r, boolean ndjson) throws Exception {
        StringWriter w = new StringWriter();
        DedupFiles.write(w, r, ndjson);
        return w.toString();
    }

    @Test
    void the_spark_job_gives_the_embedded_engines_output_byte_for_byte() throws Exception {
        Path in = Files.writeString(dir.resolve("records.csv"), csv(1500, 3));
        DedupFiles.Columns cols = DedupFiles.Columns.of("id", "text");
        DedupOptions options = DedupOptions.defaults();
        DedupResult embedded = new DedupEngine(Encoder.load(MODEL)).run(DedupFiles.read(in, cols), options, DedupProgress.NONE);
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
                .isEqualTo(written(new DedupEngine(Encoder.load(MODEL)).run(DedupFiles.read(ndIn, cols), strict,
                        DedupProgress.NONE), true));
    }

    @Test
    void bad_input_fails_with_the_line_or_id_named() throws Exception {
        DedupFiles.Columns cols = DedupFiles.Columns.of("id", "text");
        byte[] bundle = SparkDedup.bundleBytes(MODEL);
        Path dup = Files.writeString(dir.resolve("dup.csv"), "id,text\na,SHELL OIL\nb,NETFLIX\na,TARGET\n");
        assertThatThrownBy(() -> SparkDedup.run(sc, dup.toString(), cols, DedupOptions.defaults(), bundle, 2))
                .hasMessageContaining("'a' occurs more than once");
        Path noText = Files.writeString(dir.resolve("cols.csv"), "id,descriptor\na,SHELL OIL\n");
        assertThatThrownBy(() -> SparkDedup.run(sc, noText.toString(), cols, DedupOptions.defaults(), bundle, 2))
                .hasMessageContaining("no column 'text'");
        Path badLine = Files.writeString(dir.resolve("bad.ndjson"), "{\"id\": \"a\", \"text\": \"SHELL\"}\n{oops}\n");
        assertThatThrownBy(() -> SparkDedup.run(sc, badLine.toString(), cols, DedupOptions.defaults(), bundle, 2))
                .hasStackTraceContaining("line 2").hasStackTraceContaining("not a JSON object");
    }
}
