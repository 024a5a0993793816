package io.txmatch.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.txmatch.match.Confidence;
import io.txmatch.model.TrainingRecord;
import io.txmatch.trainer.eval.ConfidenceFit;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/** Every plot renders to a PNG of the common size, with its legend off the curves and a second y-axis on the right. */
class EvalChartsTest {
    @TempDir
    Path dir;

    private static final TrainingRecord.Curves CURVES = new TrainingRecord.Curves(
            List.of(new TrainingRecord.Point(1, 4.0), new TrainingRecord.Point(500, 1.0), new TrainingRecord.Point(1000, 0.5)),
            List.of(new TrainingRecord.Point(0, 0.3), new TrainingRecord.Point(1000, 0.9)),
            List.of(new TrainingRecord.Point(1, 3.0), new TrainingRecord.Point(1500, 0.2)));

    private static long[][] hamming() {
        long[][] hist = new long[2][65];
        for (int d = 0; d <= 64; d++) {
            hist[0][d] = Math.max(0, 20 - Math.abs(d - 15));
            hist[1][d] = 5L * Math.max(0, 20 - Math.abs(d - 32));
        }
        return hist;
    }

    private static long[][] cosines() {
        long[][] hist = new long[2][EvalRun.COSINE_BINS];
        for (int i = 0; i < EvalRun.COSINE_BINS; i++) {
            hist[0][i] = Math.max(0, 15 - Math.abs(i - 88));
            hist[1][i] = 5L * Math.max(0, 15 - Math.abs(i - 60));
        }
        return hist;
    }

    private static List<double[]> curve() {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            points.add(new double[] {i / 100.0, 1 - 0.6 * (i / 100.0) * (i / 100.0)});
        }
        return points;
    }

    private static final ConfidenceFit.Fit FIT = new ConfidenceFit.Fit(new Confidence.Calibration(3.0, 1.0, 2.4, 1.9, 1.5),
            new double[] {0.98, 0.90, 0.75}, new double[] {0.26, 0.44, 0.61}, new double[] {0.01, 0.05, 0.2});

    private static Map<Integer, Map<String, Double>> sweep() {
        Map<Integer, Map<String, Double>> sweep = new TreeMap<>();
        sweep.put(32, Map.of("learned", 0.43, "itq", 0.42, "simhash", 0.30));
        sweep.put(64, Map.of("learned", 0.57, "itq", 0.58, "simhash", 0.49));
        sweep.put(128, Map.of("learned", 0.70, "itq", 0.71, "simhash", 0.64));
        return sweep;
    }

    private static final EvalRun.Row FOCUS = new EvalRun.Row("heldout", 30,
            Map.of("float_top1", 0.82, "rerank_top1", 0.81, "tfidf_top1", 0.70));

    /** Decodes {@code png} and checks the common size. */
    private static void assertPlot(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as(png.toString()).isNotNull();
        assertThat(image.getWidth()).as(png.toString()).isEqualTo(EvalCharts.WIDTH);
        assertThat(image.getHeight()).as(png.toString()).isEqualTo(EvalCharts.HEIGHT);
    }

    @Test
    void every_plot_renders_to_a_png_of_the_common_size() throws IOException {
        EvalCharts.sweep(dir.resolve("top1_vs_bits.png"), sweep(), FOCUS, "held-out formats");
        EvalCharts.histogram(dir.resolve("hamming_hist.png"), hamming(), 64, 15);
        EvalCharts.cosineHistogram(dir.resolve("cosine_hist.png"), cosines(), 0.70);
        EvalCharts.trainingCurves(dir.resolve("training_curves.png"), dir.resolve("hasher_curve.png"), CURVES,
                "infonce, temperature 0.05");
        EvalCharts.precisionCoverage(dir.resolve("precision_coverage.png"), curve(), FIT, "Confidence");
        for (String png : List.of("top1_vs_bits.png", "hamming_hist.png", "cosine_hist.png", "training_curves.png",
                "hasher_curve.png", "precision_coverage.png")) {
            assertPlot(dir.resolve(png));
        }
    }

    @Test
    void legends_sit_outside_the_plot_area() {
        for (XYChart c : List.of(EvalCharts.sweepChart(sweep(), FOCUS, "heldout"), EvalCharts.histogramChart(hamming(), 64, 15),
                EvalCharts.cosineChart(cosines(), 0.70), EvalCharts.encoderChart(CURVES, null), EvalCharts.hasherChart(CURVES),
                EvalCharts.precisionCoverageChart(curve(), FIT, "Confidence"))) {
            assertThat(c.getStyler().getLegendPosition()).as(c.getTitle())
                    .isIn(Styler.LegendPosition.OutsideS, Styler.LegendPosition.OutsideE);
        }
    }

    @Test
    void the_second_y_axis_of_the_training_plot_is_on_the_right() {
        XYChart c = EvalCharts.encoderChart(CURVES, "infonce, temperature 0.05");
        assertThat(c.getSeriesMap().values().stream().mapToInt(XYSeries::getYAxisGroup).max().orElse(0)).isEqualTo(1);
        assertThat(c.getStyler().getYAxisGroupPosistion(1)).isEqualTo(Styler.YAxisPosition.Right);
        assertThat(c.getStyler().getYAxisGroupPosistion(0)).isNotEqualTo(Styler.YAxisPosition.Right);
        assertThat(c.getYAxisTitle()).contains("infonce");
    }

    @Test
    void the_histograms_mark_the_dedup_defaults_and_say_how_many_pairs_they_pass() {
        XYChart hamming = EvalCharts.histogramChart(hamming(), 64, 15);
        assertThat(hamming.getSeriesMap()).containsKey("dedup --radius 15 (default)");
        assertThat(hamming.getSeriesMap().keySet()).anyMatch(k -> k.matches("same merchant \\(\\d+% <= 15 bits\\)"));
        XYChart cosine = EvalCharts.cosineChart(cosines(), 0.70);
        assertThat(cosine.getSeriesMap()).containsKey("dedup --threshold 0.70 (default)");
        // Bins 85..99 hold the cosines from 0.70 up.
        long total = java.util.Arrays.stream(cosines()[0]).sum();
        long above = java.util.Arrays.stream(cosines()[0], 85, EvalRun.COSINE_BINS).sum();
        assertThat(cosine.getSeriesMap()).containsKey(String.format(java.util.Locale.ROOT,
                "same merchant (%.0f%% >= 0.70)", 100.0 * above / total));
    }

    @Test
    void the_confidence_levels_are_marked_on_the_curve() {
        XYChart c = EvalCharts.precisionCoverageChart(curve(), FIT, "Confidence");
        assertThat(c.getSeriesMap().keySet()).anyMatch(k -> k.startsWith("high: z >= 2.4000, precision 0.9800 at coverage 0.2600"))
                .anyMatch(k -> k.startsWith("medium:")).anyMatch(k -> k.startsWith("low:"));
    }
}
