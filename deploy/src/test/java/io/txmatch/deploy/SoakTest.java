package io.txmatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Soak: mixed enrol / match / batch load at a fixed rate for {@code -Dsoak.minutes} (30 by default); no request
 * may fail and the server's resident memory must stay flat. RSS and latency curves go to
 * {@code deploy/target/reliability/soak-*.png}.
 */
@Tag("reliability")
class SoakTest {
    private static final int RATE = 40; // requests a second
    private static final int WINDOW_SECONDS = 10;

    @TempDir
    Path dir;

    @Test
    void steady_load_gives_no_errors_and_flat_memory() throws Exception {
        int minutes = Integer.getInteger("soak.minutes", 30);
        Path keys = LocalTxmatch.writeKeys(dir);
        Random random = new Random(99);
        Set<String> used = new HashSet<>();
        try (LocalTxmatch txmatch = LocalTxmatch.start(dir.resolve("data"), keys)) {
            Api api = new Api(txmatch.awaitReady(120), LocalTwinEndToEndTest.KEY);
            List<String> known = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 200; i++) {
                String text = Catalogue.uniqueText(random, used);
                Scenario.enrol(api, "seed " + i, text);
                known.add(text);
            }
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger errors = new AtomicInteger();
            AtomicInteger sent = new AtomicInteger();
            ExecutorService workers = Executors.newFixedThreadPool(8);
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            Random load = new Random(7);
            ticker.scheduleAtFixedRate(() -> {
                int kind = load.nextInt(10);
                String text = kind == 0 ? Catalogue.uniqueText(load, used) : known.get(load.nextInt(known.size()));
                sent.incrementAndGet();
                workers.submit(() -> {
                    long t0 = System.nanoTime();
                    try {
                        Api.Reply r;
                        if (kind == 0) {
                            r = api.post("/v1/merchants", Api.JSON.createObjectNode().put("name", "soak")
                                    .<ObjectNode>set("examples", Api.JSON.createArrayNode().add(text)).toString());
                            known.add(text);
                        } else if (kind <= 7) {
                            r = api.post("/v1/match", Api.JSON.createObjectNode().put("text", text).toString());
                        } else {
                            ObjectNode body = Api.JSON.createObjectNode();
                            ArrayNode items = body.putArray("items");
                            for (int i = 0; i < 20; i++) {
                                items.addObject().put("text", known.get(i * 7 % known.size()));
                            }
                            r = api.post("/v1/match/batch", body.toString());
                        }
                        if (r.status() >= 300) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies.add(System.nanoTime() - t0);
                });
            }, 0, 1_000_000 / RATE, TimeUnit.MICROSECONDS);
            List<Double> time = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            List<Double> p50 = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            long start = System.nanoTime();
            while (System.nanoTime() - start < TimeUnit.MINUTES.toNanos(minutes)) {
                Thread.sleep(WINDOW_SECONDS * 1000L);
                List<Long> window;
                synchronized (latencies) {
                    window = new ArrayList<>(latencies);
                    latencies.clear();
                }
                Collections.sort(window);
                time.add((System.nanoTime() - start) / 60e9);
                rss.add(rssMb(txmatch.pid()));
                p50.add(window.isEmpty() ? 0 : window.get(window.size() / 2) / 1e6);
                p99.add(window.isEmpty() ? 0 : window.get((int) (window.size() * 0.99)) / 1e6);
            }
            ticker.shutdownNow();
            workers.shutdown();
            workers.awaitTermination(60, TimeUnit.SECONDS);
            Path out = LocalTxmatch.ROOT.resolve("deploy/target/reliability");
            Files.createDirectories(out);
            chart("txmatch RSS under steady load", "RSS (MiB)", time, List.of(rss), List.of("RSS"), out.resolve("soak-rss.png"));
            chart("txmatch latency under steady load", "latency (ms)", time, List.of(p50, p99), List.of("p50", "p99"),
                    out.resolve("soak-latency.png"));
            // Flat: after the first fifth (warm-up), the last third's peak is within 20% of the middle's.
            int n = rss.size();
            double middle = rss.subList(n / 5, Math.max(n / 5 + 1, 2 * n / 3)).stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double last = rss.subList(Math.min(n - 1, 2 * n / 3), n).stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double worstP99 = p99.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            System.out.printf("soak minutes=%d requests=%d errors=%d rss_mid_mb=%.0f rss_end_mb=%.0f p50_ms=%.2f p99_max_ms=%.1f%n",
                    minutes, sent.get(), errors.get(), middle, last, p50.get(p50.size() - 1), worstP99);
            assertThat(errors.get()).isZero();
            assertThat(last).as("RSS flat").isLessThanOrEqualTo(middle * 1.2);
        }
    }

    private static double rssMb(long pid) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }

    private static void chart(String title, String yTitle, List<Double> x, List<List<Double>> ys, List<String> names, Path file)
            throws java.io.IOException {
        XYChart chart = new XYChartBuilder().width(800).height(400).title(title).xAxisTitle("minutes").yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisTickMarkSpacingHint(80);
        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setYAxisMin(0.0); // from zero, so a flat curve looks flat and a growing one grows
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS); // below the plot, never over a curve
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        for (int i = 0; i < ys.size(); i++) {
            chart.addSeries(names.get(i), x, ys.get(i));
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
