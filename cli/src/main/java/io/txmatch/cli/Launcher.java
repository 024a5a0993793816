package io.txmatch.cli;

import io.txmatch.model.ModelBundle;
import java.nio.file.Path;

/** Where the launcher script lives: the {@code txmatch.home} property it sets, else the working directory. */
final class Launcher {
    private Launcher() {
    }

    static Path home() {
        String home = System.getProperty("txmatch.home");
        return Path.of(home == null ? "." : home);
    }

    /** The bundled model every command uses unless told otherwise. */
    static Path defaultModel() {
        return ModelBundle.bundled(home());
    }
}
