package io.txmatch.cli;

import io.txmatch.model.Encoder;
import io.txmatch.trainer.data.DescriptorGenerator;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.data.MerchantSplit;
import io.txmatch.trainer.eval.OneShotEval;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code txmatch eval}: one-shot evaluation of a bundle beside the TF-IDF char-trigram baseline. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"One-shot evaluation of a bundle beside the TF-IDF char-trigram baseline.",
                "Enrols one descriptor per test merchant (never seen in training) and classifies the others.",
                "Rows: 'heldout' queries come from template families training never used; 'seen-formats'",
                "queries from the training families. Also prints the served path's score calibration."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", description = "Bundle to evaluate (default: the bundled models/default.txmb).")
    Path model;

    @Option(names = "--seed", description = "Seed fixing the merchant split (default: the bundle's training seed).")
    Long seed;

    @Option(names = "--merchants", description = "Generated local merchants (default: as the bundle was trained).")
    Integer merchants;

    @Option(names = "--hold-out", description = "Held-out template families, comma-separated (default: as the bundle was trained).")
    String holdOut;

    @Option(names = "--queries", description = "Queries per merchant (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int queries;

    @Override
    public Integer call() throws Exception {
        Set<Family> override = holdOut == null ? null : Family.parseList(holdOut);
        if (override != null && override.isEmpty()) {
            throw new IllegalArgumentException("--hold-out names no family: the held-out row needs at least one");
        }
        Encoder encoder = Encoder.load(model != null ? model : Launcher.defaultModel());
        // The split must be the one the bundle was trained with; its manifest records it.
        Map<String, Object> training = encoder.manifest().training();
        long seed = this.seed != null ? this.seed : encoder.manifest().seed();
        int merchants = this.merchants != null ? this.merchants
                : training.get("localMerchants") instanceof Number n ? n.intValue() : 3000;
        Set<Family> held = override != null ? override
                : Family.parseList(training.get("heldOutFamilies") instanceof List<?> l
                        ? l.stream().map(String::valueOf).collect(Collectors.joining(",")) : "");
        if (held.isEmpty()) {
            throw new IllegalArgumentException("the bundle records no held-out families; name them with --hold-out");
        }
        List<Family> seen = new ArrayList<>();
        for (Family f : Family.values()) {
            if (!held.contains(f)) {
                seen.add(f);
            }
        }
        MerchantSplit split = MerchantSplit.of(new DescriptorGenerator().merchants(seed, merchants), seed);
        System.err.printf("test merchants: %d (never seen in training); held-out families: %s%n", split.test().size(),
                held.stream().map(Family::id).sorted().collect(Collectors.joining(",")));
        OneShotEval.Protocol seenRow = OneShotEval.protocol("seen-formats", split.test(), seen, seen, queries, seed + 100);
        OneShotEval.Protocol heldRow = OneShotEval.protocol("heldout", split.test(), seen, List.copyOf(held), queries, seed + 200);
        System.out.println("served-path calibration, held-out formats (score = best cosine after re-ranking):");
        System.out.println("  threshold  precision  coverage  open-set false accepts");
        for (OneShotEval.CalibrationRow c : OneShotEval.calibration(heldRow, encoder,
                new double[] {0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95})) {
            System.out.printf("  %9.2f  %9.4f  %8.4f  %22.4f%n", c.threshold(), c.precision(), c.coverage(), c.openSetAccept());
        }
        for (OneShotEval.Protocol p : List.of(seenRow, heldRow)) {
            Map<String, Double> r = OneShotEval.run(p, encoder);
            System.out.println("eval " + p.name() + ": " + r.entrySet().stream()
                    .map(e -> e.getKey() + "=" + String.format("%.4f", e.getValue())).collect(Collectors.joining(" "))
                    + " queries=" + p.queries().size());
        }
        return 0;
    }
}
