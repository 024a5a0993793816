package io.txmatch.index.store;

import java.io.IOException;

/** A log file that is damaged somewhere other than a torn last record, or is not a log at all. */
public final class CorruptLogException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptLogException(String message) {
        super(message);
    }
}
