package io.txmatch.index.store;

import java.io.IOException;

/** An index store whose files are damaged, missing a piece, or not of a format this build reads. */
public final class CorruptStoreException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptStoreException(String message) {
        super(message);
    }

    public CorruptStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
