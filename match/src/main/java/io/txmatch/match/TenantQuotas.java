package io.txmatch.match;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each tenant of a {@link Catalogue} may hold ({@link Limits}) and what it holds now ({@link Usage}): merchants, examples
 * (exemplars) and stored bytes, the UTF-8 bytes of the names, categories, metadata, examples, external ids and
 * negatives of its merchants.
 * The catalogue counts every write it accepts and every delete, and counts again from its log at start, so usage
 * survives a restart and a delete frees what the merchant held. A write beyond a limit is refused whole with a
 * {@link CatalogueException} of reason {@code QUOTA_EXCEEDED} that names the {@link Quota}.
 *
 * <p>Not thread-safe on its own: the catalogue serialises its writes.
 */
public final class TenantQuotas {
    /** The three things a tenant's quota limits. */
    public enum Quota {
        MERCHANTS, EXAMPLES, BYTES;

        /** Its name in problem types and options: {@code merchants}, {@code examples}, {@code bytes}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The most each tenant may hold.
     *
     * @param merchants merchants, {@link #DEFAULT} {@value #DEFAULT_MERCHANTS}
     * @param examples  examples over all its merchants, {@link #DEFAULT} {@value #DEFAULT_EXAMPLES}
     * @param bytes     stored bytes (UTF-8 of names, categories, metadata, examples), {@link #DEFAULT} 1 GiB
     */
    public record Limits(long merchants, long examples, long bytes) {
        /** Default merchants per tenant. */
        public static final long DEFAULT_MERCHANTS = 1_000_000;
        /** Default examples per tenant. */
        public static final long DEFAULT_EXAMPLES = 10_000_000;
        /** Default stored bytes per tenant: 1 GiB. */
        public static final long DEFAULT_BYTES = 1L << 30;
        /** The defaults. */
        public static final Limits DEFAULT = new Limits(DEFAULT_MERCHANTS, DEFAULT_EXAMPLES, DEFAULT_BYTES);

        public Limits {
            if (merchants < 1 || examples < 1 || bytes < 1) {
                throw new IllegalArgumentException("quotas must be at least 1, got merchants " + merchants + ", examples "
                        + examples + ", bytes " + bytes);
            }
        }

        long of(Quota q) {
            return pick(q, merchants, examples, bytes);
        }
    }

    /** What one tenant holds. */
    public record Usage(long merchants, long examples, long bytes) {
        /** Nothing. */
        public static final Usage NONE = new Usage(0, 0, 0);

        Usage plus(long m, long e, long b) {
            return new Usage(merchants + m, examples + e, bytes + b);
        }

        long of(Quota q) {
            return pick(q, merchants, examples, bytes);
        }
    }

    private static long pick(Quota q, long merchants, long examples, long bytes) {
        return switch (q) {
            case MERCHANTS -> merchants;
            case EXAMPLES -> examples;
            case BYTES -> bytes;
        };
    }

    private final Map<String, Usage> usage = new ConcurrentHashMap<>();

    TenantQuotas() {
    }

    /** What {@code tenant} holds now. */
    public Usage usage(String tenant) {
        return usage.getOrDefault(tenant, Usage.NONE);
    }

    /** A merchant's stored bytes: the UTF-8 bytes of its name, category, metadata, examples, external id and negatives. */
    static long bytes(Catalogue.Merchant m) {
        long n = MetadataLimits.utf8Length(m.name());
        n += m.category() == null ? 0 : MetadataLimits.utf8Length(m.category());
        n += m.metadata() == null ? 0 : MetadataLimits.utf8Length(m.metadata());
        n += m.externalId() == null ? 0 : MetadataLimits.utf8Length(m.externalId());
        return n + bytes(m.examples()) + bytes(m.negatives());
    }

    /** Stored bytes of example texts. */
    static long bytes(List<String> texts) {
        long n = 0;
        for (String t : texts) {
            n += MetadataLimits.utf8Length(t);
        }
        return n;
    }

    /** Refuses, naming the first of {@code limits} it would exceed, a write that adds this much to {@code tenant}. */
    void check(String tenant, Limits limits, long merchants, long examples, long bytes) {
        Usage after = usage(tenant).plus(merchants, examples, bytes);
        for (Quota q : Quota.values()) {
            if (after.of(q) > limits.of(q)) {
                throw CatalogueException.quotaExceeded(q, "tenant " + tenant + " may hold at most " + limits.of(q) + " "
                        + q.wireName() + "; it holds " + usage(tenant).of(q) + " and this write adds "
                        + (after.of(q) - usage(tenant).of(q)));
            }
        }
    }

    /** Counts a write (negative counts: a delete) of {@code tenant}. */
    void add(String tenant, long merchants, long examples, long bytes) {
        usage.merge(tenant, Usage.NONE.plus(merchants, examples, bytes), (a, b) -> a.plus(b.merchants, b.examples, b.bytes));
    }

    /** Counts merchant {@code m} in (+1) or out (-1). */
    void count(Catalogue.Merchant m, int sign) {
        add(m.tenant(), sign, (long) sign * m.examples().size(), sign * bytes(m));
    }
}
