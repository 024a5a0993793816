package io.txmatch.model;

import java.io.IOException;

/** A model bundle that is not one, is damaged, or was made by a version this build cannot read. */
public final class BundleFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public BundleFormatException(String message) {
        super(message);
    }
}
