package io.txmatch.cli;

import io.txmatch.model.EncoderSpec;
import io.txmatch.trainer.EncoderLoss;
import io.txmatch.trainer.ModelTrainer;
import io.txmatch.trainer.TrainingListener;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.data.LabelledFile;
import io.txmatch.trainer.data.UserData;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code txmatch train}: fits encoder and hasher with DL4J and writes a model bundle. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train encoder and hasher with DL4J; write a model bundle.",
                "Fits the char-CNN + trigram encoder (InfoNCE by default, or batch-hard triplet) on generated descriptors,"
                        + " then the semantic-hashing autoencoder. With the defaults this reproduces the bundled"
                        + " models/default.txmb (8 to 15 minutes on 2 cores; early stopping decides)."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "BUNDLE", description = "Bundle to write (default: the bundled models/default.txmb).")
    Path out;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of data, split, weights and noise (default: ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Option(names = "--steps", paramLabel = "N", description = "Most encoder steps; early stopping may end sooner (default: ${DEFAULT-VALUE}).", defaultValue = "2000")
    int steps;

    @Option(names = "--bits", paramLabel = "BITS", description = "Code width, 30..256 (default: ${DEFAULT-VALUE}).", defaultValue = "64")
    int bits;

    @Option(names = "--merchants", paramLabel = "N", description = "Generated local merchants besides the chains (default: ${DEFAULT-VALUE}).", defaultValue = "3000")
    int merchants;

    @Option(names = "--hasher-steps", paramLabel = "N", description = "Autoencoder steps (default: ${DEFAULT-VALUE}).", defaultValue = "1500")
    int hasherSteps;

    @Option(names = "--hold-out", paramLabel = "FAMILIES", description = "Template families kept out of training, comma-separated (default: ${DEFAULT-VALUE}).",
            defaultValue = "ach,bill_pay,visa_dda")
    String holdOut;

    @Option(names = "--data", paramLabel = "FILE",
            description = "Also train on your labelled descriptors: CSV with a header naming 'text' and 'merchant'"
                    + " columns, or NDJSON {\"text\": ..., \"merchant\": ...} per line. Split by merchant 80/10/10 with"
                    + " --seed; `eval --data` on the same file then scores only the 10%% of merchants training never saw.")
    Path data;

    @Option(names = "--data-mode", paramLabel = "mix|replace", defaultValue = "mix",
            description = "mix: half of each batch's merchants are yours, half generated; replace: yours only,"
                    + " validated on your validation merchants (default: ${DEFAULT-VALUE}).")
    String dataMode;

    @Option(names = "--nsi", paramLabel = "N|all", defaultValue = "all",
            description = "Name-suggestion-index brands (BSD-3, 12,967 bundled) added to the training merchants, drawn"
                    + " with --seed; 0 for none (default: ${DEFAULT-VALUE}).")
    String nsi;

    @Option(names = "--exclude-names", paramLabel = "FILE",
            description = "Keep the merchants named in FILE's 'merchant' column out of training (default: the real"
                    + " evaluation set data/uk-pcard/oneshot.csv when present, so eval on it measures unseen brands);"
                    + " 'none' for none.")
    String excludeNames;

    @Option(names = "--names", paramLabel = "FILE",
            description = "Real merchant-name strings, one a line, added to the training merchants (each its own merchant,"
                    + " rendered in the generator's formats; default: data/uk-pcard/corpus.txt when present, real UK"
                    + " card-acceptor names of no evaluated merchant and none of the eval distractors); 'none' for none.")
    String names;

    @Option(names = "--hard-negatives", paramLabel = "SHARE", defaultValue = "0.25",
            description = "Share of each batch's merchants whose last example shares one wrapper, city and store-number"
                    + " shape with the others of that share (default: ${DEFAULT-VALUE}).")
    double hardNegatives;

    @Option(names = "--loss", paramLabel = "triplet|infonce", defaultValue = "infonce",
            description = "Encoder loss: batch-hard triplet or InfoNCE with in-batch negatives (default: ${DEFAULT-VALUE}).")
    String loss;

    @Override
    public Integer call() throws Exception {
        int nsiBrands;
        try {
            nsiBrands = nsi.equalsIgnoreCase("all") ? Integer.MAX_VALUE : Integer.parseInt(nsi.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--nsi takes a count or 'all', got '" + nsi + "'");
        }
        java.util.Set<String> excluded = new java.util.HashSet<>();
        Path exclusions = excludeNames == null ? Launcher.home().resolve("data/uk-pcard/oneshot.csv")
                : excludeNames.equalsIgnoreCase("none") ? null : Path.of(excludeNames);
        if (exclusions != null && (excludeNames != null || java.nio.file.Files.exists(exclusions))) {
            LabelledFile.read(exclusions).forEach(l -> excluded.add(l.merchantId()));
            System.err.println("keeping " + excluded.size() + " merchant names of " + exclusions + " out of training");
        }
        java.util.List<String> realNames = java.util.List.of();
        Path namesFile = names == null ? Launcher.home().resolve("data/uk-pcard/corpus.txt")
                : names.equalsIgnoreCase("none") ? null : Path.of(names);
        if (namesFile != null && (names != null || java.nio.file.Files.exists(namesFile))) {
            realNames = java.nio.file.Files.readAllLines(namesFile, java.nio.charset.StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(l -> !l.isEmpty()).toList();
            System.err.println("adding " + realNames.size() + " real merchant names of " + namesFile + " to the training merchants");
        }
        if (!dataMode.equals("mix") && !dataMode.equals("replace")) {
            throw new IllegalArgumentException("--data-mode must be mix or replace, got '" + dataMode + "'");
        }
        ModelTrainer.UserTraining user = data == null ? null
                : new ModelTrainer.UserTraining(UserData.of(LabelledFile.read(data), seed), dataMode.equals("replace"),
                        data.getFileName().toString());
        ModelTrainer.Options d = ModelTrainer.Options.defaults();
        ModelTrainer.Options o = new ModelTrainer.Options(seed, merchants, steps, d.merchantsPerBatch(), d.examplesPerMerchant(),
                d.learningRate(), d.margin(), d.evalEvery(), d.patience(), EncoderSpec.defaults().withBits(bits), hasherSteps,
                d.noiseSigma(), Family.parseList(holdOut), nsiBrands, excluded, hardNegatives, EncoderLoss.of(loss),
                realNames);
        ConsoleListener listener = new ConsoleListener();
        long t0 = System.nanoTime();
        ModelTrainer.Result r;
        try {
            r = new ModelTrainer().train(o, user, listener);
        } finally {
            listener.close();
        }
        Path target = out != null ? out : Launcher.defaultModel();
        r.bundle().write(target);
        System.out.printf("wrote %s in %.0f s: %s%n", target, (System.nanoTime() - t0) / 1e9,
                r.bundle().manifest().metrics().entrySet().stream().map(e -> e.getKey() + "=" + String.format("%.4f", e.getValue()))
                        .collect(Collectors.joining(" ")));
        return 0;
    }

    /** Progress bar with loss and ETA on stderr; log lines above it. */
    static final class ConsoleListener implements TrainingListener, AutoCloseable {
        private ProgressBar bar;

        @Override
        public void phase(String name, int totalSteps) {
            close();
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(totalSteps).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500).build();
        }

        @Override
        public void step(int done, double loss, String message) {
            if (bar != null) {
                bar.stepTo(done);
                bar.setExtraMessage(message);
            }
        }

        @Override
        public void log(String line) {
            System.err.println(line);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
