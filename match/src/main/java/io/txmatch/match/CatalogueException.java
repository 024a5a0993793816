package io.txmatch.match;

/**
 * A catalogue operation refused for a reason the caller can act on. It carries a {@link Reason} rather than a
 * protocol status: the HTTP layer maps each reason to its status in one place.
 */
public final class CatalogueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an operation was refused. */
    public enum Reason {
        /** The tenant owns no merchant of that id (another tenant's merchant does not exist for it). */
        NO_SUCH_MERCHANT,
        /** The merchant would hold more than {@link Catalogue#MAX_EXAMPLES_PER_MERCHANT} examples. */
        TOO_MANY_EXAMPLES
    }

    private final Reason reason;

    public CatalogueException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The tenant has no merchant {@code id}. */
    public static CatalogueException noSuchMerchant(String id) {
        return new CatalogueException(Reason.NO_SUCH_MERCHANT, "no merchant with id " + id);
    }

    public Reason reason() {
        return reason;
    }
}
