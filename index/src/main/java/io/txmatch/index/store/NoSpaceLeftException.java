package io.txmatch.index.store;

import java.io.IOException;

/**
 * A write that failed because the device holding the file is full (or the user's quota is spent). Nothing of the
 * write was kept: the caller may report it as not stored and retry once space is back.
 */
public final class NoSpaceLeftException extends IOException {
    private static final long serialVersionUID = 1L;

    public NoSpaceLeftException(String message, IOException cause) {
        super(message, cause);
    }

    /** Whether {@code e} (or a cause of it) reports a full device or a spent quota (ENOSPC, EDQUOT). */
    static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSpaceLeftException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded")
                    || m.contains("There is not enough space on the disk"))) {
                return true;
            }
        }
        return false;
    }
}
