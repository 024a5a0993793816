package io.txmatch.options;

import io.txmatch.model.ModelBundle;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model}: the model bundle a command encodes with, the bundled one unless given. A picocli mixin. */
public final class ModelOption {
    @Option(names = "--model", paramLabel = "BUNDLE", description = "Model bundle, .txmb (default: the bundled " + ModelBundle.BUNDLED + ").")
    Path model;

    /** The bundle given, else {@link ModelBundle#BUNDLED} under {@code home}. */
    public Path path(Path home) {
        return model != null ? model : ModelBundle.bundled(home);
    }
}
