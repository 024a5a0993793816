package io.txmatch.trainer;

import io.txmatch.model.TrainingRecord;
import io.txmatch.trainer.eval.ConfidenceFit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The evaluation's PNG plots (XChart, headless), each drawn from result records alone. */
public final class EvalCharts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private EvalCharts() {
    }

    /** Top-1 of learned, ITQ and SimHash codes against code width, with the focus row's float, rerank and TF-IDF lines. */
    public static void sweep(Path file, Map<Integer, Map<String, Double>> sweep, EvalRun.Row focus, String focusName)
            throws IOException {
        XYChart c = chart("One-shot top-1, " + focusName, "code bits", "top-1");
        c.getStyler().setXAxisLogarithmic(true);
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
                c.addSeries(method + " (Hamming)", xs, ys);
            }
        }
        TreeMap<Integer, ?> widths = new TreeMap<>(sweep);
        List<Double> ends = List.of((double) widths.firstKey(), (double) widths.lastKey());
        for (String ref : List.of("float_top1", "rerank_top1", "tfidf_top1")) {
            double v = focus.top1().get(ref);
            XYSeries line = c.addSeries(ref.replace("_top1", "") + " (reference)", ends, List.of(v, v));
            line.setMarker(SeriesMarkers.NONE);
        }
        save(c, file);
    }

    /** Share of query-gallery pairs by Hamming distance: {@code hist[0]} same merchant, {@code hist[1]} another. */
    public static void histogram(Path file, long[][] hist, int bits) throws IOException {
        XYChart c = chart("Hamming distance of query to gallery code", "distance (bits)", "share of pairs");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        String[] names = {"same merchant", "different merchant"};
        for (int k = 0; k < 2; k++) {
            long total = Arrays.stream(hist[k]).sum();
            double[] xs = new double[bits + 1];
            double[] ys = new double[bits + 1];
            for (int d = 0; d <= bits; d++) {
                xs[d] = d;
                ys[d] = total == 0 ? 0 : hist[k][d] / (double) total;
            }
            c.addSeries(names[k], xs, ys).setMarker(SeriesMarkers.NONE);
        }
        save(c, file);
    }

    /** The encoder's loss and validation curves into {@code encoderFile}, the hasher's loss into {@code hasherFile}. */
    public static void trainingCurves(Path encoderFile, Path hasherFile, TrainingRecord.Curves curves) throws IOException {
        XYChart c = chart("Encoder training", "step", "batch-hard triplet loss");
        addCurve(c, "triplet loss", curves.encoderLoss(), 0);
        XYSeries val = addCurve(c, "validation top-1 (float)", curves.validationTop1(), 1);
        if (val != null) {
            c.setYAxisGroupTitle(1, "validation top-1");
        }
        save(c, encoderFile);
        XYChart h = chart("Semantic-hashing autoencoder", "step", "reconstruction loss");
        addCurve(h, "reconstruction loss", curves.hasherLoss(), 0);
        save(h, hasherFile);
    }

    /**
     * Precision against coverage of a served run with the open set ({@code curve} from {@link ConfidenceFit#curve}:
     * (coverage, precision) points), with the fitted cut-offs marked.
     */
    public static void precisionCoverage(Path file, List<double[]> curve, ConfidenceFit.Fit fit, String title)
            throws IOException {
        XYChart c = chart(title, "coverage of enrolled queries", "precision (open set counted as wrong)");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        c.addSeries("served Matcher", curve.stream().map(p -> p[0]).toList(), curve.stream().map(p -> p[1]).toList())
                .setMarker(SeriesMarkers.NONE);
        String[] names = {"high", "medium", "low"};
        for (int t = 0; t < 3; t++) {
            if (fit.coverage()[t] > 0) {
                c.addSeries(names[t] + " cut-off", List.of(fit.coverage()[t]), List.of(fit.precision()[t]));
            }
        }
        save(c, file);
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

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(800).height(480).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
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
