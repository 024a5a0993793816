package io.txmatch.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.txmatch.match.Confidence;
import io.txmatch.model.BundleManifest;
import io.txmatch.model.ModelBundle;
import io.txmatch.model.RandomBundles;
import io.txmatch.model.TrainingRecord;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.eval.ConfidenceFit;
import io.txmatch.trainer.eval.OneShotEval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report is written from an outcome's records alone: no encoder, no data, no training. */
class EvalReportWriterTest {
    @TempDir
    Path dir;

    private static EvalRun.Outcome outcome(TrainingRecord.Curves curves, List<Integer> sweepBits) {
        ModelBundle random = RandomBundles.random(RandomBundles.tinySpec(), 4);
        BundleManifest m = random.manifest();
        BundleManifest bundle = new BundleManifest(m.architecture(), m.normaliserVersion(), m.spec(), 17, "cafe0123", m.createdAt(),
                new TrainingRecord(5, "2x2", "test", 1e-3, 10, null, null, null, null, List.of("ach"), 3, 2.0, null, curves, Map.of()),
                Map.of("val_top1_float", 0.75));
        Map<String, Double> top1 = new LinkedHashMap<>();
        top1.put("tfidf_top1", 0.5);
        top1.put("float_top1", 0.61234);
        top1.put("rerank_top1", 0.7);
        Map<Integer, Map<String, Double>> sweep = new TreeMap<>();
        for (int b : sweepBits) {
            sweep.put(b, Map.of("learned", 0.4, "simhash", 0.3));
        }
        long[][] hist = new long[2][m.spec().bits() + 1];
        hist[0][3] = 9;
        hist[1][20] = 9;
        long[][] cosines = new long[2][EvalRun.COSINE_BINS];
        cosines[0][90] = 9;
        cosines[1][60] = 9;
        return new EvalRun.Outcome(bundle, new EvalRun.Settings(17, 10, EnumSet.of(Family.ACH), 2, sweepBits, 3, 2.0),
                "Setup in words.\n", "held-out formats", 12, List.of(new EvalRun.Row("seen-formats", 24, top1),
                new EvalRun.Row("heldout", 24, top1)), List.of(new OneShotEval.CalibrationRow(0.5, 0.9, 0.8, 0.01)),
                new ConfidenceFit.Fit(new Confidence.Calibration(0.5, 0.9, 0.8, 0.7), new double[3], new double[3], new double[3]),
                sweep, hist, cosines);
    }

    @Test
    void the_report_holds_the_outcomes_numbers_and_its_plots() throws Exception {
        TrainingRecord.Curves curves = new TrainingRecord.Curves(List.of(new TrainingRecord.Point(1, 2.0), new TrainingRecord.Point(5, 1.0)),
                List.of(new TrainingRecord.Point(0, 0.1), new TrainingRecord.Point(5, 0.6)), List.of(new TrainingRecord.Point(1, 3.0)));
        Path md = EvalReportWriter.write(outcome(curves, List.of(32, 40)), dir.resolve("r"));
        String text = Files.readString(md);
        assertThat(text).contains("40-bit codes, 16-d embeddings, training seed 17, data hash `cafe0123`", "Setup in words.",
                "| query formats | queries | tfidf | float | rerank |", "| heldout | 24 | 0.5000 | 0.6123 | 0.7000 |",
                "| 0.50 | 0.9000 | 0.8000 | 0.0100 |", "| 40 | 0.4000 | n/a | 0.3000 |", "(3 steps)", "| val_top1_float | 0.7500 |",
                "![training curves](training_curves.png)", "![cosine histogram](cosine_hist.png)", "`--radius 15`",
                "`--threshold 0.70`");
        for (String png : List.of("top1_vs_bits.png", "hamming_hist.png", "cosine_hist.png", "training_curves.png",
                "hasher_curve.png")) {
            assertThat(dir.resolve("r").resolve(png)).as(png).isNotEmptyFile();
        }
    }

    @Test
    void a_bundle_without_curves_and_a_run_without_a_sweep_say_so_and_draw_no_such_plot() throws Exception {
        Path md = EvalReportWriter.write(outcome(null, List.of()), dir);
        assertThat(Files.readString(md)).contains("records no training curves").doesNotContain("Top-1 against code width");
        assertThat(dir.resolve("hamming_hist.png")).isNotEmptyFile();
        assertThat(dir.resolve("cosine_hist.png")).isNotEmptyFile();
        assertThat(dir.resolve("top1_vs_bits.png")).doesNotExist();
        assertThat(dir.resolve("training_curves.png")).doesNotExist();
    }
}
