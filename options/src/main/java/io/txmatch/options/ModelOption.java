package io.txmatch.options;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model}: the model bundle a command encodes with, the bundled one unless given. A picocli mixin. */
public final class ModelOption {
    /** Where the bundled model lies, relative to the txmatch home. */
    public static final String DEFAULT_MODEL = "models/default.txmb";

    @Option(names = "--model", paramLabel = "FILE", description = "Model bundle, .txmb (default: the bundled " + DEFAULT_MODEL + ").")
    Path model;

    /** The bundle given, else {@value #DEFAULT_MODEL} under {@code home}. */
    public Path path(Path home) {
        return model != null ? model : home.resolve(DEFAULT_MODEL);
    }
}
