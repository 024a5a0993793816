package io.txmatch.trainer;

import io.txmatch.dedup.DedupOptions;
import io.txmatch.model.BundleManifest;
import io.txmatch.trainer.eval.OneShotEval;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code report.md} and its PNG plots ({@link EvalCharts}) from an {@link EvalRun.Outcome}; it reads nothing
 * else and runs nothing.
 *
 * <pre>{@code
 * Path md = EvalReportWriter.write(EvalRun.run(encoder, settings, log), Path.of("docs/eval"));
 * }</pre>
 */
public final class EvalReportWriter {
    private EvalReportWriter() {
    }

    /** Writes the report and plots into {@code dir} (created when missing); returns the Markdown file. */
    public static Path write(EvalRun.Outcome o, Path dir) throws IOException {
        Files.createDirectories(dir);
        BundleManifest bundle = o.bundle();
        StringBuilder md = new StringBuilder();
        md.append("# txmatch evaluation report\n\n");
        md.append("Bundle: ").append(bundle.spec().bits()).append("-bit codes, ").append(bundle.spec().embeddingDim())
                .append("-d embeddings, training seed ").append(bundle.seed()).append(", data hash `")
                .append(bundle.dataHash()).append("`.\n\n");
        md.append("## One-shot top-1\n\n").append(o.setup()).append('\n');
        List<String> keys = new ArrayList<>(o.rows().get(0).top1().keySet());
        md.append("| query formats | queries | ").append(String.join(" | ", keys.stream().map(k -> k.replace("_top1", "")).toList()))
                .append(" |\n|---|---|").append("---|".repeat(keys.size())).append('\n');
        for (EvalRun.Row row : o.rows()) {
            md.append("| ").append(row.name()).append(" | ").append(row.queries());
            for (String k : keys) {
                md.append(String.format(Locale.ROOT, " | %.4f", row.top1().get(k)));
            }
            md.append(" |\n");
        }
        md.append("\nColumns: tfidf = TF-IDF char-trigram cosine (baseline); float = embedding cosine; hamming = the\n"
                + "learned codes; rerank = the served path (50 Hamming-nearest re-ranked by cosine); itq and simhash = codes\n"
                + "of the same embeddings at the same width, fitted on " + EvalRun.FIT_TEXTS + " training-merchant descriptors.\n\n");
        md.append("## Served-path calibration (" + o.focusName() + ")\n\n| threshold | precision | coverage | open-set false accepts |\n"
                + "|---|---|---|---|\n");
        for (OneShotEval.CalibrationRow c : o.calibration()) {
            md.append(String.format(Locale.ROOT, "| %.2f | %.4f | %.4f | %.4f |%n", c.threshold(), c.precision(), c.coverage(),
                    c.openSetAccept()));
        }
        if (!o.sweep().isEmpty()) {
            md.append("\n## Top-1 against code width (" + o.focusName() + ", pure Hamming ranking)\n\n"
                    + "Learned codes at widths other than the bundle's come from a hasher trained here on the same fit set\n"
                    + "(" + o.settings().hasherSteps() + " steps); ITQ needs a width no larger than the embedding.\n\n"
                    + "| bits | learned | itq | simhash |\n|---|---|---|---|\n");
            o.sweep().forEach((b, at) -> md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s |%n", b, cell(at.get("learned")),
                    cell(at.get("itq")), cell(at.get("simhash")))));
            md.append("\n![top-1 against bits](top1_vs_bits.png)\n");
            EvalCharts.sweep(dir.resolve("top1_vs_bits.png"), o.sweep(), o.focus(), o.focusName());
        }
        md.append("\n## Hamming distances and cosines, same merchant against different merchants (" + o.focusName() + ")\n\n"
                + String.format(Locale.ROOT, "Each query against its own merchant's gallery text and %d others. Dashed: dedup's"
                        + " defaults, the blocking radius (`--radius %d`: only pairs this close are compared) and the"
                        + " similarity threshold (`--threshold %.2f`: linked pairs lie at or above it). The matcher's confidence"
                        + " levels cut a fused score, not the cosine: see `./txmatch eval --real dev` and its"
                        + " precision_coverage.png.%n%n", EvalRun.HISTOGRAM_OTHERS, DedupOptions.DEFAULT_RADIUS,
                        DedupOptions.DEFAULT_THRESHOLD)
                + "![distance histogram](hamming_hist.png) ![cosine histogram](cosine_hist.png)\n");
        EvalCharts.histogram(dir.resolve("hamming_hist.png"), o.histogram(), bundle.spec().bits(), DedupOptions.DEFAULT_RADIUS);
        EvalCharts.cosineHistogram(dir.resolve("cosine_hist.png"), o.cosines(), DedupOptions.DEFAULT_THRESHOLD);
        md.append("\n## Training curves\n\n");
        if (bundle.training().curves() != null) {
            EvalCharts.trainingCurves(dir.resolve("training_curves.png"), dir.resolve("hasher_curve.png"), bundle.training().curves(),
                    bundle.training().loss());
            md.append("![training curves](training_curves.png)\n\n![hasher loss](hasher_curve.png)\n");
        } else {
            md.append("This bundle's manifest records no training curves (it was trained before they were recorded).\n");
        }
        md.append("\n## Bundle metrics recorded at training time\n\n| metric | value |\n|---|---|\n");
        bundle.metrics().forEach((k, v) -> md.append(String.format(Locale.ROOT, "| %s | %.4f |%n", k, v)));
        Path report = dir.resolve("report.md");
        Files.writeString(report, md.toString());
        return report;
    }

    private static String cell(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }
}
