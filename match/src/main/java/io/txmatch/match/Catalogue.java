package io.txmatch.match;

import io.txmatch.model.Encoder;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The merchant catalogue: merchants of each tenant and their example descriptors (exemplars), durable in a
 * {@link CatalogueLog}, ranked by the {@link Matcher} (the one match path, which eval measures too).
 *
 * <pre>{@code
 * try (Catalogue c = Catalogue.open(dataDir, new Matcher(encoder, MatchSettings.DEFAULT, Matcher.EncodeListener.NONE))) {
 *     Catalogue.Merchant m = c.enrol("acme", "Outback Steakhouse", null, null, List.of("CHECKCARD 0615 OUTBACK 0310 TEMPE AZ"));
 *     Catalogue.Result r = c.match("acme", "POS OUTBACK STEAKHOUSE TEMPE", 5, null);
 * }
 * }</pre>
 *
 * <p>Tenancy: a merchant belongs to one tenant, and another tenant's merchant does not exist for a tenant: it is
 * neither read, matched, changed nor deleted by it (the matcher keys owners per tenant). Merchant ids are unique
 * across tenants. A write is appended to the log and forced to disk before it becomes visible, and is visible to
 * the next match once it returns. On open the log is replayed and every exemplar is encoded again by the
 * matcher's model, so codes of one model never mix with another's.
 *
 * <p>Durability: one process at a time opens a data directory (the log's lock); a write that fails for lack of
 * space throws {@link io.txmatch.index.store.NoSpaceLeftException}, stores nothing and leaves
 * {@link #storageProblem()} set until space is back; the log is compacted when most of its records are dead (see
 * {@link #compactIfWorthwhile}).
 *
 * <p>Thread-safe: writes are serialised; reads and matches run alongside them.
 */
public final class Catalogue implements Closeable {
    /** The tenant of a server without API keys, and of records written before tenants existed. */
    public static final String DEFAULT_TENANT = "default";
    /** Most examples one merchant may hold. */
    public static final int MAX_EXAMPLES_PER_MERCHANT = 10_000;

    /**
     * A stored merchant.
     *
     * @param tenant    the tenant that owns it
     * @param id        its id, {@code m_} and 16 hex digits
     * @param name      display name
     * @param category  optional category, or null
     * @param metadata  the client's own data, compact JSON text of an object, opaque to the catalogue; or null
     * @param examples  its example descriptors, in the order they were added
     * @param createdAt ISO-8601 instant of enrolment
     */
    public record Merchant(String tenant, String id, String name, String category, String metadata, List<String> examples,
                           String createdAt) {
        public Merchant {
            examples = List.copyOf(examples);
        }

        Merchant withExamples(List<String> texts) {
            List<String> all = new ArrayList<>(examples);
            all.addAll(texts);
            return new Merchant(tenant, id, name, category, metadata, all, createdAt);
        }
    }

    /** One ranked merchant of a match: the merchant and how its best exemplar scored. */
    public record Match(Merchant merchant, MatchOutcome.Match scores) {
    }

    /** Ranked merchants plus the matcher's outcome (code, diagnostics). */
    public record Result(List<Match> matches, MatchOutcome outcome) {
        public Result {
            matches = List.copyOf(matches);
        }

        /** The fused score of the best merchant (0 when none). */
        public double bestScore() {
            return matches.isEmpty() ? 0 : matches.get(0).scores().score();
        }

        /** The served confidence ({@link Confidence.Calibration#SERVED}); {@code unknown} when nothing matched. */
        public Confidence confidence() {
            return matches.isEmpty() ? Confidence.UNKNOWN : Confidence.Calibration.SERVED.of(outcome);
        }
    }

    /** Log length from which the log is compacted when most of its records are dead. */
    static final long COMPACT_AT_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(Catalogue.class);

    private final Matcher matcher;
    private final long compactAtBytes;
    private long retryCompactionAt; // guarded by this
    private final TenantQuotas quotas = new TenantQuotas(); // counted by replay and writes, before the log opens
    private volatile TenantQuotas.Limits limits = TenantQuotas.Limits.DEFAULT;
    private final CatalogueLog log;
    private final NavigableMap<String, Merchant> merchants = new ConcurrentSkipListMap<>();
    private final SecureRandom random = new SecureRandom();

    private Catalogue(Path dataDir, Matcher matcher, long compactAtBytes) throws IOException {
        if (matcher.size() != 0) {
            throw new IllegalArgumentException("the catalogue fills its matcher itself: hand in an empty one");
        }
        this.matcher = matcher;
        this.compactAtBytes = compactAtBytes;
        this.log = CatalogueLog.open(dataDir, this::replay); // locks dataDir, creating it when missing
        List<Matcher.NewExemplar> all = new ArrayList<>();
        for (Merchant m : merchants.values()) {
            for (String e : m.examples()) {
                all.add(new Matcher.NewExemplar(m.tenant(), m.id(), e));
            }
        }
        try {
            matcher.add(all);
            compactIfWorthwhile();
        } catch (RuntimeException e) {
            log.close(); // the log holds the data directory's lock: release it when the catalogue cannot open
            throw e;
        }
    }

    /**
     * Opens the catalogue in {@code dataDir} (created when missing), replays its log and indexes every exemplar in
     * {@code matcher}, which must be empty and is the catalogue's from then on.
     */
    public static Catalogue open(Path dataDir, Matcher matcher) throws IOException {
        return open(dataDir, matcher, TenantQuotas.Limits.DEFAULT);
    }

    /** As {@link #open(Path, Matcher)}, compacting from a log of {@code compactAtBytes} (tests). */
    static Catalogue open(Path dataDir, Matcher matcher, long compactAtBytes) throws IOException {
        return new Catalogue(dataDir, matcher, compactAtBytes);
    }

    /**
     * Why writes cannot be stored now (no space left on the data directory's disk, a failed force), or empty when
     * they can: re-checked at each call, so a full disk that has space again reads as empty by itself
     * ({@link io.txmatch.index.store.RecordLog#writeProblem}).
     */
    public Optional<String> storageProblem() {
        return Optional.ofNullable(log.writeProblem());
    }

    /**
     * Compacts the log when worthwhile: it is at least {@code compactAtBytes} long and holds more records than twice
     * the live merchants (more dead records, of deleted merchants or merged example additions, than live ones).
     * Called at open and after each write, under the write lock. A compaction that fails (a full disk) leaves the
     * log as it was and is only logged (the write before it is stored and acknowledged), and is tried again once the
     * log has grown by another {@code compactAtBytes}.
     */
    private void compactIfWorthwhile() {
        long live = merchants.size();
        if (log.bytes() < Math.max(compactAtBytes, retryCompactionAt) || log.records() <= 2 * live) {
            return;
        }
        try {
            log.compact(merchants.values());
            retryCompactionAt = 0;
        } catch (IOException e) {
            retryCompactionAt = log.bytes() + compactAtBytes; // not at every write while the disk is full
            LOG.warn("compacting the catalogue log failed, it is left as it was: {}", e.getMessage());
        }
    }

    /** {@link #open(Path, Matcher)} with each tenant's quotas; usage is counted from the log, so limits may change. */
    public static Catalogue open(Path dataDir, Matcher matcher, TenantQuotas.Limits limits) throws IOException {
        Catalogue c = new Catalogue(dataDir, matcher, COMPACT_AT_BYTES);
        c.limits = limits;
        return c;
    }

    /** What {@code tenant} holds now, as its quotas count it. */
    public TenantQuotas.Usage usage(String tenant) {
        return quotas.usage(tenant);
    }

    /** The quotas every tenant is held to. */
    public TenantQuotas.Limits limits() {
        return limits;
    }

    /** Merchants, all tenants. */
    public int merchantCount() {
        return merchants.size();
    }

    /** Exemplars indexed, all tenants. */
    public int exemplarCount() {
        return matcher.size();
    }

    /** The model the matcher encodes with. */
    public Encoder encoder() {
        return matcher.encoder();
    }

    /** Bits of the model's codes. */
    public int bits() {
        return matcher.bits();
    }

    /** The merchant {@code id} if {@code tenant} owns it: another tenant's merchant does not exist for it. */
    public Optional<Merchant> get(String tenant, String id) {
        return Optional.ofNullable(merchants.get(id)).filter(m -> m.tenant().equals(tenant));
    }

    /**
     * Enrols a merchant of {@code tenant}; durable and matchable when this returns.
     *
     * @param category optional, or null
     * @param metadata optional JSON text of an object within {@link MetadataLimits}, or null; kept compact
     * @throws CatalogueException {@code BAD_METADATA} when {@code metadata} is not a JSON object within the limits,
     *                            {@code BLANK_TEXT} when an example normalises to nothing, {@code QUOTA_EXCEEDED}
     *                            beyond the tenant's quotas
     */
    public synchronized Merchant enrol(String tenant, String name, String category, String metadata, List<String> examples)
            throws IOException {
        String meta = metadata == null ? null : checkedMetadata(metadata);
        refuseBlank(examples);
        long bytes = TenantQuotas.bytes(new Merchant(tenant, "", name, category, meta, examples, ""));
        quotas.check(tenant, limits, 1, examples.size(), bytes);
        String id;
        do {
            byte[] b = new byte[8];
            random.nextBytes(b);
            id = "m_" + HexFormat.of().formatHex(b);
        } while (merchants.containsKey(id));
        Merchant m = new Merchant(tenant, id, name, category, meta, examples, Instant.now().toString());
        log.append(new CatalogueLog.Enrol(m));
        merchants.put(id, m);
        quotas.count(m, 1);
        addExemplars(m, examples);
        compactIfWorthwhile();
        return m;
    }

    /**
     * Adds example descriptors to a merchant (feedback: corrected examples); durable and matchable when this
     * returns.
     *
     * @throws CatalogueException {@code NO_SUCH_MERCHANT} when the tenant has no such merchant,
     *                            {@code TOO_MANY_EXAMPLES} beyond {@link #MAX_EXAMPLES_PER_MERCHANT},
     *                            {@code BLANK_TEXT} when a text normalises to nothing, {@code QUOTA_EXCEEDED} beyond the
     *                            tenant's quotas
     */
    public synchronized Merchant addExamples(String tenant, String id, List<String> texts) throws IOException {
        Merchant m = get(tenant, id).orElseThrow(() -> CatalogueException.noSuchMerchant(id));
        if (m.examples().size() + texts.size() > MAX_EXAMPLES_PER_MERCHANT) {
            throw new CatalogueException(CatalogueException.Reason.TOO_MANY_EXAMPLES, "a merchant holds at most "
                    + MAX_EXAMPLES_PER_MERCHANT + " examples; " + id + " has " + m.examples().size());
        }
        refuseBlank(texts);
        quotas.check(tenant, limits, 0, texts.size(), TenantQuotas.bytes(texts));
        log.append(new CatalogueLog.Examples(id, texts));
        Merchant updated = m.withExamples(texts);
        merchants.put(id, updated);
        quotas.add(tenant, 0, texts.size(), TenantQuotas.bytes(texts));
        addExemplars(updated, texts);
        compactIfWorthwhile();
        return updated;
    }

    /**
     * Deletes a merchant and its exemplars; durable when this returns.
     *
     * @throws CatalogueException {@code NO_SUCH_MERCHANT} when the tenant has no such merchant
     */
    public synchronized void delete(String tenant, String id) throws IOException {
        Merchant m = get(tenant, id).orElseThrow(() -> CatalogueException.noSuchMerchant(id));
        log.append(new CatalogueLog.Delete(id));
        merchants.remove(id);
        quotas.count(m, -1);
        matcher.removeOwner(tenant, m.id());
        compactIfWorthwhile();
    }

    /** Up to {@code limit} of {@code tenant}'s merchants in id order, after {@code cursor} (an id) when not null. */
    public List<Merchant> list(String tenant, int limit, String cursor) {
        return (cursor == null ? merchants : merchants.tailMap(cursor, false)).values().stream()
                .filter(m -> m.tenant().equals(tenant)).limit(limit).toList();
    }

    private static String checkedMetadata(String metadata) {
        try {
            String compact = CatalogueLog.canonicalMetadata(metadata);
            MetadataLimits.check(compact);
            return compact;
        } catch (IllegalArgumentException e) {
            throw new CatalogueException(CatalogueException.Reason.BAD_METADATA, e.getMessage());
        }
    }

    private void refuseBlank(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            if (matcher.blank(texts.get(i))) {
                throw new CatalogueException(CatalogueException.Reason.BLANK_TEXT, "example " + i + " has no letter or digit"
                        + " of any script, so it would match every other such text: '" + texts.get(i) + "'");
            }
        }
    }

    /** Indexes {@code texts} as exemplars of {@code m}, matchable at once by its tenant. */
    private void addExemplars(Merchant m, List<String> texts) {
        matcher.add(texts.stream().map(t -> new Matcher.NewExemplar(m.tenant(), m.id(), t)).toList());
    }

    /** {@link #matchAll} for one text. */
    public Result match(String tenant, String text, int k, Integer maxDistance) {
        return matchAll(tenant, List.of(text), k, maxDistance).get(0);
    }

    /**
     * Each text matched by the {@link Matcher} (encoded in one batch) against {@code tenant}'s merchants, the best
     * {@code k} each (within Hamming distance {@code maxDistance} when not null); results in input order. A merchant
     * deleted while the match ran is left out.
     */
    public List<Result> matchAll(String tenant, List<String> texts, int k, Integer maxDistance) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<MatchOutcome> outcomes = matcher.match(tenant, texts, new MatchQuery(k, maxDistance, Set.of(), false));
        List<Result> out = new ArrayList<>(outcomes.size());
        for (MatchOutcome o : outcomes) {
            List<Match> ranked = new ArrayList<>(o.matches().size());
            for (MatchOutcome.Match m : o.matches()) {
                Merchant merchant = merchants.get(m.owner());
                if (merchant != null) {
                    ranked.add(new Match(merchant, m));
                }
            }
            out.add(new Result(ranked, o));
        }
        return out;
    }

    /** Applies one log record at start-up. */
    private void replay(CatalogueLog.Entry entry) {
        if (entry instanceof CatalogueLog.Enrol e) {
            merchants.put(e.id(), e.merchant());
            quotas.count(e.merchant(), 1);
        } else if (entry instanceof CatalogueLog.Examples x) {
            Merchant m = merchants.get(x.id());
            if (m == null) {
                throw new IllegalStateException("catalogue record adds examples to unknown merchant " + x.id());
            }
            merchants.put(x.id(), m.withExamples(x.texts()));
            quotas.add(m.tenant(), 0, x.texts().size(), TenantQuotas.bytes(x.texts()));
        } else {
            Merchant gone = merchants.remove(entry.id());
            if (gone != null) {
                quotas.count(gone, -1);
            }
        }
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
