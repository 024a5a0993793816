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
        TOO_MANY_EXAMPLES,
        /** An example text normalises to nothing ({@link Matcher#blank}): no letter or digit of any script. */
        BLANK_TEXT,
        /** Metadata beyond {@link MetadataLimits}, or not a JSON object. */
        BAD_METADATA,
        /** The tenant would hold more than its quota allows ({@link #quota()} says which). */
        QUOTA_EXCEEDED,
        /** An external id outside {@link Catalogue#EXTERNAL_ID}. */
        BAD_EXTERNAL_ID,
        /** The merchant has no example of that index. */
        NO_SUCH_EXAMPLE,
        /** The example is the merchant's last one: a merchant keeps at least one. */
        LAST_EXAMPLE,
        /** The merchant would hold more than {@link Catalogue#MAX_NEGATIVES_PER_MERCHANT} negatives. */
        TOO_MANY_NEGATIVES
    }

    private final Reason reason;
    private final TenantQuotas.Quota quota;

    public CatalogueException(Reason reason, String message) {
        this(reason, null, message);
    }

    private CatalogueException(Reason reason, TenantQuotas.Quota quota, String message) {
        super(message);
        this.reason = reason;
        this.quota = quota;
    }

    /** The tenant would exceed quota {@code q}. */
    public static CatalogueException quotaExceeded(TenantQuotas.Quota q, String message) {
        return new CatalogueException(Reason.QUOTA_EXCEEDED, q, message);
    }

    /** The quota exceeded, for {@code QUOTA_EXCEEDED}; null for any other reason. */
    public TenantQuotas.Quota quota() {
        return quota;
    }

    /** The tenant has no merchant {@code id}. */
    public static CatalogueException noSuchMerchant(String id) {
        return new CatalogueException(Reason.NO_SUCH_MERCHANT, "no merchant with id " + id);
    }

    public Reason reason() {
        return reason;
    }
}
