package io.txmatch.trainer;

import io.txmatch.model.TrainingRecord;
import io.txmatch.trainer.eval.ConfidenceFit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The evaluation's PNG plots (XChart, headless), each drawn from result records alone. Every plot is
 * {@value #WIDTH} x {@value #HEIGHT} pixels with its legend below the plot area, never over a curve; a second
 * y-axis, where a plot has one, is on the right.
 *
 * <pre>{@code
 * EvalCharts.histogram(dir.resolve("hamming_hist.png"), outcome.histogram(), 64, DedupOptions.DEFAULT_RADIUS);
 * }</pre>
 */
public final class EvalCharts {
    /** Width of every plot, in pixels. */
    public static final int WIDTH = 800;
    /** Height of every plot, in pixels. */
    public static final int HEIGHT = 520;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private EvalCharts() {
    }

    /** Top-1 of learned, ITQ and SimHash codes against code width, with the focus row's float, rerank and TF-IDF lines. */
    public static void sweep(Path file, Map<Integer, Map<String, Double>> sweep, EvalRun.Row focus, String focusName)
            throws IOException {
        save(sweepChart(sweep, focus, focusName), file);
    }

    static XYChart sweepChart(Map<Integer, Map<String, Double>> sweep, EvalRun.Row focus, String focusName) {
        XYChart c = chart("One-shot top-1, " + focusName, "code bits", "top-1 (codes: pure Hamming ranking)");
        c.getStyler().setXAxisDecimalPattern("0");
        Map<String, String> names = Map.of("learned", "learned", "itq", "ITQ", "simhash", "SimHash", "float_top1",
                "float (reference)", "rerank_top1", "rerank (reference)", "tfidf_top1", "TF-IDF (reference)");
        for (String method : List.of("learned", "itq", "simhash")) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            sweep.forEach((b, at) -> {
                if (at.containsKey(method)) {
                    xs.add((double) b);
                    ys.add(at.get(method));
                }
            });
            if (!xs.isEmpty()) {
                c.addSeries(names.get(method), xs, ys);
            }
        }
        TreeMap<Integer, ?> widths = new TreeMap<>(sweep);
        List<Double> ends = List.of((double) widths.firstKey(), (double) widths.lastKey());
        for (String ref : List.of("float_top1", "rerank_top1", "tfidf_top1")) {
            double v = focus.top1().get(ref);
            XYSeries line = c.addSeries(names.get(ref), ends, List.of(v, v));
            line.setMarker(SeriesMarkers.NONE);
            line.setLineStyle(SeriesLines.DASH_DASH);
        }
        return c;
    }

    /**
     * Share of query-gallery pairs by Hamming distance ({@code hist[0]} same merchant, {@code hist[1]} another, by
     * distance 0..bits), with the dedup blocking radius {@code radius} marked: only pairs within it are compared.
     */
    public static void histogram(Path file, long[][] hist, int bits, int radius) throws IOException {
        save(histogramChart(hist, bits, radius), file);
    }

    static XYChart histogramChart(long[][] hist, int bits, int radius) {
        XYChart c = chart("Hamming distance of query to gallery code", "distance (bits)", "share of pairs");
        double[] xs = new double[bits + 1];
        for (int d = 0; d <= bits; d++) {
            xs[d] = d;
        }
        double top = 0;
        for (int k = 0; k < 2; k++) {
            double[] ys = shares(hist[k]);
            top = Math.max(top, Arrays.stream(ys).max().orElse(0));
            double within = Arrays.stream(ys, 0, Math.min(radius, bits) + 1).sum();
            c.addSeries(String.format(Locale.ROOT, "%s (%.0f%% <= %d bits)", PAIRS[k], 100 * within, radius), xs, ys)
                    .setMarker(SeriesMarkers.NONE);
        }
        mark(c, "dedup --radius " + radius + " (default)", radius, top);
        return c;
    }

    /**
     * Share of the same pairs by embedding cosine ({@code hist[0]} same merchant, {@code hist[1]} another, in equal
     * bins over -1..1, as {@link io.txmatch.trainer.eval.OneShotEval#cosineHistogram} counts them), with the dedup
     * similarity threshold {@code threshold} marked: linked pairs lie at or above it.
     */
    public static void cosineHistogram(Path file, long[][] hist, double threshold) throws IOException {
        save(cosineChart(hist, threshold), file);
    }

    static XYChart cosineChart(long[][] hist, double threshold) {
        XYChart c = chart("Embedding cosine of query to gallery text", "cosine", "share of pairs");
        int bins = hist[0].length;
        int first = bins;
        int last = -1;
        for (int i = 0; i < bins; i++) {
            if (hist[0][i] + hist[1][i] > 0) {
                first = Math.min(first, i);
                last = i;
            }
        }
        first = Math.min(Math.max(0, first - 1), thresholdBin(threshold, bins));
        last = Math.max(Math.min(bins - 1, last + 1), thresholdBin(threshold, bins));
        double[] xs = new double[last - first + 1];
        for (int i = first; i <= last; i++) {
            xs[i - first] = -1 + (i + 0.5) * 2.0 / bins;
        }
        double top = 0;
        for (int k = 0; k < 2; k++) {
            double[] all = shares(hist[k]);
            double[] ys = Arrays.copyOfRange(all, first, last + 1);
            top = Math.max(top, Arrays.stream(ys).max().orElse(0));
            double above = Arrays.stream(all, thresholdBin(threshold, bins), bins).sum();
            c.addSeries(String.format(Locale.ROOT, "%s (%.0f%% >= %.2f)", PAIRS[k], 100 * above, threshold), xs, ys)
                    .setMarker(SeriesMarkers.NONE);
        }
        mark(c, String.format(Locale.ROOT, "dedup --threshold %.2f (default)", threshold), threshold, top);
        return c;
    }

    /** The bin of {@code cosine} among {@code bins} equal bins over -1..1. */
    private static int thresholdBin(double cosine, int bins) {
        return Math.max(0, Math.min(bins - 1, (int) Math.floor((cosine + 1) / 2 * bins)));
    }

    /**
     * The encoder's loss and validation curves into {@code encoderFile} (validation top-1 on a second y-axis, on the
     * right), the hasher's loss into {@code hasherFile}; {@code loss} names the encoder's loss (the bundle's
     * {@link TrainingRecord#loss()}, null when it records none).
     */
    public static void trainingCurves(Path encoderFile, Path hasherFile, TrainingRecord.Curves curves, String loss)
            throws IOException {
        save(encoderChart(curves, loss), encoderFile);
        save(hasherChart(curves), hasherFile);
    }

    static XYChart encoderChart(TrainingRecord.Curves curves, String loss) {
        String lossName = loss == null ? "encoder loss" : "encoder loss (" + loss + ")";
        XYChart c = chart("Encoder training", "step", lossName);
        addCurve(c, "batch loss", curves.encoderLoss(), 0);
        if (addCurve(c, "validation top-1 (float, right axis)", curves.validationTop1(), 1) != null) {
            c.setYAxisGroupTitle(1, "validation top-1");
            c.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        }
        return c;
    }

    static XYChart hasherChart(TrainingRecord.Curves curves) {
        XYChart h = chart("Semantic-hashing autoencoder", "step", "reconstruction loss");
        addCurve(h, "reconstruction loss", curves.hasherLoss(), 0);
        return h;
    }

    /**
     * Precision against coverage of a served run with the open set ({@code curve} from {@link ConfidenceFit#curve}:
     * (coverage, precision) points), with the fitted confidence levels marked and labelled.
     */
    public static void precisionCoverage(Path file, List<double[]> curve, ConfidenceFit.Fit fit, String title)
            throws IOException {
        save(precisionCoverageChart(curve, fit, title), file);
    }

    static XYChart precisionCoverageChart(List<double[]> curve, ConfidenceFit.Fit fit, String title) {
        XYChart c = chart(title, "coverage of enrolled queries", "precision (open set counted as wrong)");
        c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        c.getStyler().setMarkerSize(10);
        c.addSeries("served Matcher", curve.stream().map(p -> p[0]).toList(), curve.stream().map(p -> p[1]).toList())
                .setMarker(SeriesMarkers.NONE);
        String[] names = {"high", "medium", "low"};
        double[] at = {fit.calibration().highAt(), fit.calibration().mediumAt(), fit.calibration().lowAt()};
        for (int t = 0; t < 3; t++) {
            if (fit.coverage()[t] > 0) {
                double x = fit.coverage()[t];
                double y = fit.precision()[t];
                c.addSeries(String.format(Locale.ROOT, "%s: z >= %.4f, precision %.4f at coverage %.4f", names[t], at[t], y, x),
                        List.of(x), List.of(y));
                // The level's name beside its point, below the curve (which falls to the right).
                c.addAnnotation(new AnnotationText(names[t], x - 0.035, y - 0.025, false));
            }
        }
        return c;
    }

    private static final String[] PAIRS = {"same merchant", "different merchant"};

    /** {@code counts} as shares of their total (all zero when there are none). */
    private static double[] shares(long[] counts) {
        long total = Arrays.stream(counts).sum();
        return Arrays.stream(counts).mapToDouble(n -> total == 0 ? 0 : n / (double) total).toArray();
    }

    /** A dashed vertical line at {@code x} from 0 to {@code top}, named in the legend. */
    private static void mark(XYChart c, String name, double x, double top) {
        XYSeries s = c.addSeries(name, new double[] {x, x}, new double[] {0, top});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(SeriesLines.DASH_DASH);
        s.setLineColor(java.awt.Color.DARK_GRAY);
    }

    private static XYSeries addCurve(XYChart c, String name, List<TrainingRecord.Point> points, int group) {
        if (points.isEmpty()) {
            return null;
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (TrainingRecord.Point p : points) {
            xs.add(p.step());
            ys.add(p.value());
        }
        XYSeries s = c.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.NONE);
        s.setYAxisGroup(group);
        return s;
    }

    /** A plot of the common size, its legend below the plot area, entries side by side. */
    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setAntiAlias(true);
        return c;
    }

    /** Saves {@code c} as a PNG, creating the folder. */
    private static void save(XYChart c, Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
