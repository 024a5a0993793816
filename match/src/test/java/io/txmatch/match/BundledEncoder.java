package io.txmatch.match;

import io.txmatch.model.Encoder;
import io.txmatch.model.ModelBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The bundled model's encoder, loaded once for the tests of this package. */
final class BundledEncoder {
    private static Encoder encoder;

    private BundledEncoder() {
    }

    static synchronized Encoder get() {
        if (encoder == null) {
            try {
                encoder = Encoder.load(ModelBundle.bundled(Path.of("..")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return encoder;
    }

    /** A fresh matcher on it with the served settings. */
    static Matcher matcher() {
        return new Matcher(get(), MatchSettings.DEFAULT, Matcher.EncodeListener.NONE);
    }
}
