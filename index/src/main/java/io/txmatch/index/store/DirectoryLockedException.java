package io.txmatch.index.store;

import java.io.IOException;

/** A data directory that another process, or another open store of this process, holds the lock of. */
public final class DirectoryLockedException extends IOException {
    private static final long serialVersionUID = 1L;

    public DirectoryLockedException(String message) {
        super(message);
    }
}
