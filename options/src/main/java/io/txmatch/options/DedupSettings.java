package io.txmatch.options;

import io.txmatch.dedup.DedupOptions;
import picocli.CommandLine.Option;

/**
 * The dedup engine's similarity and blocking options: {@code --threshold}, {@code --radius},
 * {@code --candidates}, {@code --probe}, with {@link DedupOptions}' calibrated defaults. A picocli mixin.
 */
public final class DedupSettings {
    @Option(names = "--threshold", paramLabel = "COSINE", description = "Least cosine to link two texts, 0..1 (default: ${DEFAULT-VALUE}, calibrated).",
            defaultValue = "" + DedupOptions.DEFAULT_THRESHOLD)
    double threshold;

    @Option(names = "--radius", paramLabel = "BITS", description = "Blocking radius in Hamming bits (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + DedupOptions.DEFAULT_RADIUS)
    int radius;

    @Option(names = "--candidates", paramLabel = "N", description = "Nearest codes compared per text (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + DedupOptions.DEFAULT_MAX_CANDIDATES)
    int candidates;

    @Option(names = "--probe", paramLabel = "BITS",
            description = "Blocking bands are probed BITS around each code (default: ${DEFAULT-VALUE}): a fixed cost per"
                    + " text, exact for near codes, partial up to --radius. -1: exact blocking to --radius (slower on"
                    + " large files).",
            defaultValue = "" + DedupOptions.DEFAULT_PROBE_RADIUS)
    int probe;

    /** These settings, with transaction constraints as given; throws {@link IllegalArgumentException} for values out of range. */
    public DedupOptions options(boolean sameAmount, int maxDateGapDays, boolean sameKeys) {
        return new DedupOptions(threshold, radius, candidates, sameAmount, maxDateGapDays, sameKeys, probe);
    }

    /** These settings without transaction constraints (entity-level dedup). */
    public DedupOptions options() {
        return options(false, -1, false);
    }
}
