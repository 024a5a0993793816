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
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Besides enrolment a merchant may be put by the client's own {@link Merchant#externalId} ({@link #put}, create or
 * replace), patched ({@link #patch}), lose one example ({@link #removeExample}) or gain negatives
 * ({@link #addNegatives}); every read and write takes its internal or its external id. Matches may be limited by a
 * {@link Filter} on category and metadata.
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
    /** Most negatives one merchant may hold. */
    public static final int MAX_NEGATIVES_PER_MERCHANT = 10_000;
    /**
     * What an external id may be: 1..128 of {@code [A-Za-z0-9._:-]}, not starting with {@code m_} (the prefix of the
     * catalogue's own ids), so a path's id is an internal or an external one by its spelling alone.
     */
    public static final java.util.regex.Pattern EXTERNAL_ID = java.util.regex.Pattern.compile("(?!m_)[A-Za-z0-9._:-]{1,128}");

    /** What the catalogue's own merchant ids are: {@code m_} and 16 lower-case hex digits. */
    public static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("m_[0-9a-f]{16}");

    /**
     * A stored merchant.
     *
     * @param tenant     the tenant that owns it
     * @param id         its id, {@code m_} and 16 hex digits
     * @param name       display name
     * @param category   optional category, or null
     * @param metadata   the client's own data, compact JSON text of an object, opaque to the catalogue; or null
     * @param examples   its example descriptors, in the order they were added
     * @param createdAt  ISO-8601 instant of enrolment
     * @param externalId the client's own id ({@link #EXTERNAL_ID}), unique within the tenant, or null
     * @param negatives  texts that are not this merchant ({@link #addNegatives}), in the order they were added
     */
    public record Merchant(String tenant, String id, String name, String category, String metadata, List<String> examples,
                           String createdAt, String externalId, List<String> negatives) {
        public Merchant {
            examples = List.copyOf(examples);
            negatives = negatives == null ? List.of() : List.copyOf(negatives);
        }

        /** A merchant without external id or negatives. */
        public Merchant(String tenant, String id, String name, String category, String metadata, List<String> examples,
                        String createdAt) {
            this(tenant, id, name, category, metadata, examples, createdAt, null, List.of());
        }

        Merchant withExamples(List<String> texts) {
            List<String> all = new ArrayList<>(examples);
            all.addAll(texts);
            return withOnlyExamples(all);
        }

        /** This merchant holding {@code texts} as its examples. */
        Merchant withOnlyExamples(List<String> texts) {
            return new Merchant(tenant, id, name, category, metadata, texts, createdAt, externalId, negatives);
        }

        Merchant withoutExample(int index) {
            List<String> all = new ArrayList<>(examples);
            all.remove(index);
            return withOnlyExamples(all);
        }

        Merchant withNegatives(List<String> texts) {
            List<String> all = new ArrayList<>(negatives);
            all.addAll(texts);
            return new Merchant(tenant, id, name, category, metadata, examples, createdAt, externalId, all);
        }

        /** This merchant with these name, category and metadata (null: unset). */
        Merchant withFields(String name, String category, String metadata) {
            return new Merchant(tenant, id, name, category, metadata, examples, createdAt, externalId, negatives);
        }
    }

    /** The result of {@link #put}: the merchant as stored, and whether it was created (rather than replaced or kept). */
    public record Put(Merchant merchant, boolean created) {
    }

    /**
     * A change of a merchant's fields, as JSON merge patch (RFC 7396) reads: a field not named is kept.
     *
     * @param name        the new name, or null to keep it
     * @param setCategory whether {@code category} is given: then it is the new category, null removing it
     * @param category    see {@code setCategory}
     * @param setMetadata whether {@code metadata} is given: then it is a merge patch of the metadata object (RFC 7396:
     *                    its keys set, its null-valued keys removed, objects merged key by key), null removing it
     * @param metadata    see {@code setMetadata}
     */
    public record Patch(String name, boolean setCategory, String category, boolean setMetadata, String metadata) {
    }

    /**
     * Which merchants a match may return: those of one of {@code categories} (null: any, with or without one) whose
     * metadata holds, for each key of {@code metadata}, one of its values, compared as compact JSON text of a scalar
     * (a string {@code "EU"} as {@code "\"EU\""}, a number digit for digit: {@code 1} is not {@code 1.0}).
     */
    public record Filter(Set<String> categories, Map<String, Set<String>> metadata) {
        /** Every merchant. */
        public static final Filter ANY = new Filter(null, Map.of());

        public Filter {
            categories = categories == null ? null : Set.copyOf(categories);
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }

        boolean any() {
            return categories == null && metadata.isEmpty();
        }

        boolean admits(Merchant m, Map<String, String> scalars) {
            if (categories != null && (m.category() == null || !categories.contains(m.category()))) {
                return false;
            }
            for (Map.Entry<String, Set<String>> want : metadata.entrySet()) {
                String have = scalars.get(want.getKey());
                if (have == null || !want.getValue().contains(have)) {
                    return false;
                }
            }
            return true;
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
    // (tenant, external id) -> internal id; each merchant's top-level scalar metadata, read when a filter first asks.
    private final Map<String, String> byExternal = new ConcurrentHashMap<>();
    private final Map<String, Scalars> scalars = new ConcurrentHashMap<>();
    // Each tenant's merchant ids: what a filter scans.
    private final Map<String, Set<String>> byTenant = new ConcurrentHashMap<>();

    private record Scalars(String metadata, Map<String, String> fields) {
    }
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
            for (Merchant m : merchants.values()) {
                matcher.addNegatives(m.tenant(), m.id(), m.negatives());
            }
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

    /**
     * The merchant {@code id} if {@code tenant} owns it: another tenant's merchant does not exist for it. {@code id}
     * is its internal {@code m_} id or its external id.
     */
    public Optional<Merchant> get(String tenant, String id) {
        Merchant m = merchants.get(id);
        if (m == null) {
            String internal = byExternal.get(externalKey(tenant, id));
            m = internal == null ? null : merchants.get(internal);
        }
        return Optional.ofNullable(m).filter(x -> x.tenant().equals(tenant));
    }

    private Merchant existing(String tenant, String id) {
        return get(tenant, id).orElseThrow(() -> CatalogueException.noSuchMerchant(id));
    }

    private static String externalKey(String tenant, String externalId) {
        return tenant + '\n' + externalId;
    }

    /** Makes {@code m} the stored state of its id, with its external id and filterable metadata. */
    private void store(Merchant m) {
        Merchant before = merchants.put(m.id(), m);
        if (before == null) {
            byTenant.computeIfAbsent(m.tenant(), t -> ConcurrentHashMap.newKeySet()).add(m.id());
        }
        if (before != null && before.externalId() != null && !before.externalId().equals(m.externalId())) {
            byExternal.remove(externalKey(before.tenant(), before.externalId()));
        }
        if (m.externalId() != null) {
            byExternal.put(externalKey(m.tenant(), m.externalId()), m.id());
        }
    }

    /** The top-level scalar metadata of {@code m} ({@link CatalogueLog#scalarFields}), read once, when a filter asks. */
    private Map<String, String> scalarsOf(Merchant m) {
        if (m.metadata() == null) {
            return Map.of();
        }
        Scalars s = scalars.get(m.id());
        if (s == null || !s.metadata().equals(m.metadata())) {
            s = new Scalars(m.metadata(), CatalogueLog.scalarFields(m.metadata())); // kept with the text it was read from
            scalars.put(m.id(), s);
        }
        return s.fields();
    }

    /** Forgets merchant {@code id}; returns what it was, or null. */
    private Merchant unstore(String id) {
        Merchant gone = merchants.remove(id);
        scalars.remove(id);
        if (gone != null) {
            byTenant.get(gone.tenant()).remove(id);
        }
        if (gone != null && gone.externalId() != null) {
            byExternal.remove(externalKey(gone.tenant(), gone.externalId()));
        }
        return gone;
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
        Merchant m = new Merchant(tenant, newId(), name, category, meta, examples, Instant.now().toString());
        log.append(new CatalogueLog.Enrol(m));
        store(m);
        quotas.count(m, 1);
        addExemplars(m, examples);
        compactIfWorthwhile();
        return m;
    }

    private String newId() {
        String id;
        do {
            byte[] b = new byte[8];
            random.nextBytes(b);
            id = "m_" + HexFormat.of().formatHex(b);
        } while (merchants.containsKey(id));
        return id;
    }

    /**
     * Creates or replaces {@code tenant}'s merchant of external id {@code externalId} ({@link #EXTERNAL_ID}): its
     * name, category, metadata and examples become these (its internal id, creation time and negatives stay).
     * Idempotent: a put that changes nothing writes nothing. Durable and matchable when this returns.
     *
     * @throws CatalogueException {@code BAD_EXTERNAL_ID} for an external id outside {@link #EXTERNAL_ID}, and as
     *                            {@link #enrol}
     */
    public synchronized Put put(String tenant, String externalId, String name, String category, String metadata,
                                List<String> examples) throws IOException {
        if (externalId == null || !EXTERNAL_ID.matcher(externalId).matches()) {
            throw new CatalogueException(CatalogueException.Reason.BAD_EXTERNAL_ID, "an external id is 1..128 characters"
                    + " of A-Z a-z 0-9 . _ : - not starting with m_ (the catalogue's own ids); got '" + externalId + "'");
        }
        String meta = metadata == null ? null : checkedMetadata(metadata);
        refuseBlank(examples);
        Merchant before = get(tenant, externalId).orElse(null);
        Merchant m = before == null
                ? new Merchant(tenant, newId(), name, category, meta, examples, Instant.now().toString(), externalId, List.of())
                : new Merchant(tenant, before.id(), name, category, meta, examples, before.createdAt(), externalId,
                        before.negatives());
        if (m.equals(before)) {
            return new Put(before, false);
        }
        long bytes = TenantQuotas.bytes(m) - (before == null ? 0 : TenantQuotas.bytes(before));
        int exampleDelta = examples.size() - (before == null ? 0 : before.examples().size());
        quotas.check(tenant, limits, before == null ? 1 : 0, exampleDelta, bytes);
        log.append(new CatalogueLog.Put(m));
        store(m);
        quotas.add(tenant, before == null ? 1 : 0, exampleDelta, bytes);
        if (before == null) {
            addExemplars(m, examples);
        } else if (!before.examples().equals(examples)) {
            matcher.replaceExemplars(tenant, m.id(), examples);
        }
        compactIfWorthwhile();
        return new Put(m, before == null);
    }

    /**
     * Changes a merchant's name, category or metadata ({@link Patch}); durable when this returns. A patch that
     * changes nothing writes nothing.
     *
     * @throws CatalogueException {@code NO_SUCH_MERCHANT}, {@code BAD_METADATA} when the patched metadata is beyond
     *                            {@link MetadataLimits}, {@code QUOTA_EXCEEDED} beyond the tenant's bytes
     */
    public synchronized Merchant patch(String tenant, String id, Patch patch) throws IOException {
        Merchant before = existing(tenant, id);
        String name = patch.name() == null ? before.name() : patch.name();
        String category = patch.setCategory() ? patch.category() : before.category();
        String meta = before.metadata();
        if (patch.setMetadata()) {
            meta = patch.metadata() == null ? null : checkedMetadata(CatalogueLog.mergePatch(before.metadata(), patch.metadata()));
        }
        Merchant m = before.withFields(name, category, meta);
        if (m.equals(before)) {
            return before;
        }
        long bytes = TenantQuotas.bytes(m) - TenantQuotas.bytes(before);
        quotas.check(tenant, limits, 0, 0, bytes);
        log.append(new CatalogueLog.Fields(m.id(), name, category, meta));
        store(m);
        quotas.add(tenant, 0, 0, bytes);
        compactIfWorthwhile();
        return m;
    }

    /**
     * Removes a merchant's example {@code index} (0-based, in the order of {@link Merchant#examples}; later ones
     * move up by one); durable and out of the index when this returns.
     *
     * @throws CatalogueException {@code NO_SUCH_MERCHANT}, {@code NO_SUCH_EXAMPLE} for an index it has not,
     *                            {@code LAST_EXAMPLE} when it is the merchant's only example
     */
    public synchronized Merchant removeExample(String tenant, String id, int index) throws IOException {
        Merchant before = existing(tenant, id);
        if (index < 0 || index >= before.examples().size()) {
            throw new CatalogueException(CatalogueException.Reason.NO_SUCH_EXAMPLE, "merchant " + id + " has "
                    + before.examples().size() + " examples, indexed 0.." + (before.examples().size() - 1) + "; no " + index);
        }
        if (before.examples().size() == 1) {
            throw new CatalogueException(CatalogueException.Reason.LAST_EXAMPLE, "example " + index + " is the only example"
                    + " of merchant " + id + ": a merchant keeps at least one (delete the merchant instead)");
        }
        log.append(new CatalogueLog.RemoveExample(before.id(), index));
        Merchant m = before.withoutExample(index);
        store(m);
        String text = before.examples().get(index);
        quotas.add(tenant, 0, -1, -TenantQuotas.bytes(List.of(text)));
        matcher.removeExemplar(tenant, m.id(), index);
        compactIfWorthwhile();
        return m;
    }

    /**
     * Adds negatives to a merchant: texts that are not it ("this descriptor is not merchant X"). A query whose
     * normalised text ({@link Matcher#blank}'s normaliser) equals one of them never returns this merchant. Durable
     * and in effect when this returns.
     *
     * @throws CatalogueException {@code NO_SUCH_MERCHANT}, {@code BLANK_TEXT}, {@code TOO_MANY_NEGATIVES} beyond
     *                            {@link #MAX_NEGATIVES_PER_MERCHANT}, {@code QUOTA_EXCEEDED} beyond the tenant's bytes
     */
    public synchronized Merchant addNegatives(String tenant, String id, List<String> texts) throws IOException {
        Merchant before = existing(tenant, id);
        refuseBeyond(id, before.negatives().size(), texts, MAX_NEGATIVES_PER_MERCHANT,
                CatalogueException.Reason.TOO_MANY_NEGATIVES, "negatives");
        quotas.check(tenant, limits, 0, 0, TenantQuotas.bytes(texts));
        log.append(new CatalogueLog.Negatives(before.id(), texts));
        Merchant m = before.withNegatives(texts);
        store(m);
        quotas.add(tenant, 0, 0, TenantQuotas.bytes(texts));
        matcher.addNegatives(tenant, m.id(), texts);
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
        Merchant m = existing(tenant, id);
        refuseBeyond(id, m.examples().size(), texts, MAX_EXAMPLES_PER_MERCHANT, CatalogueException.Reason.TOO_MANY_EXAMPLES,
                "examples");
        quotas.check(tenant, limits, 0, texts.size(), TenantQuotas.bytes(texts));
        log.append(new CatalogueLog.Examples(m.id(), texts));
        Merchant updated = m.withExamples(texts);
        store(updated);
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
        Merchant m = existing(tenant, id);
        log.append(new CatalogueLog.Delete(m.id()));
        unstore(m.id());
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

    /** Refuses adding {@code texts} to the {@code have} texts of merchant {@code id} beyond {@code max}, or blank ones. */
    private void refuseBeyond(String id, int have, List<String> texts, int max, CatalogueException.Reason reason, String what) {
        if (have + texts.size() > max) {
            throw new CatalogueException(reason, "a merchant holds at most " + max + " " + what + "; " + id + " has " + have);
        }
        refuseBlank(texts);
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
        return match(tenant, text, k, maxDistance, Filter.ANY);
    }

    /** {@link #matchAll} for one text, among the merchants {@code filter} admits. */
    public Result match(String tenant, String text, int k, Integer maxDistance, Filter filter) {
        return matchAll(tenant, List.of(text), k, maxDistance, filter).get(0);
    }

    /** {@link #matchAll(String, List, int, Integer, Filter)} among every merchant. */
    public List<Result> matchAll(String tenant, List<String> texts, int k, Integer maxDistance) {
        return matchAll(tenant, texts, k, maxDistance, Filter.ANY);
    }

    /**
     * Each text matched by the {@link Matcher} (encoded in one batch) against {@code tenant}'s merchants, the best
     * {@code k} each (within Hamming distance {@code maxDistance} when not null); results in input order. A merchant
     * deleted while the match ran is left out. Only merchants {@code filter} admits are candidates (found by a scan of
     * the tenant's merchants, then the matcher's bitmap of their exemplars); a merchant never comes first for a text
     * that normalises to one of its negatives.
     */
    public List<Result> matchAll(String tenant, List<String> texts, int k, Integer maxDistance, Filter filter) {
        if (texts.isEmpty()) {
            return List.of();
        }
        MatchQuery query = new MatchQuery(k, maxDistance, Set.of(), false);
        if (!filter.any()) {
            query = query.onlyAmong(byTenant.getOrDefault(tenant, Set.of()).stream().map(merchants::get)
                    .filter(m -> m != null && filter.admits(m, scalarsOf(m)))
                    .map(Merchant::id).collect(java.util.stream.Collectors.toSet()));
        }
        List<MatchOutcome> outcomes = matcher.match(tenant, texts, query);
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
        Merchant before = merchants.get(entry.id());
        if (entry instanceof CatalogueLog.Enrol e) {
            store(e.merchant());
            quotas.count(e.merchant(), 1);
            return;
        }
        if (entry instanceof CatalogueLog.Put p) {
            // A put keeps the negatives the merchant has.
            Merchant m = before == null ? p.merchant()
                    : p.merchant().withNegatives(before.negatives());
            replaced(before, m);
            return;
        }
        if (before == null) {
            if (entry instanceof CatalogueLog.Delete) {
                return;
            }
            throw new IllegalStateException("catalogue record '" + CatalogueLog.op(entry) + "' of unknown merchant " + entry.id());
        }
        if (entry instanceof CatalogueLog.Examples x) {
            replaced(before, before.withExamples(x.texts()));
        } else if (entry instanceof CatalogueLog.Fields f) {
            replaced(before, before.withFields(f.name(), f.category(), f.metadata()));
        } else if (entry instanceof CatalogueLog.RemoveExample r) {
            if (r.index() < 0 || r.index() >= before.examples().size()) {
                throw new IllegalStateException("catalogue record removes example " + r.index() + " of merchant "
                        + r.id() + ", which has " + before.examples().size());
            }
            replaced(before, before.withoutExample(r.index()));
        } else if (entry instanceof CatalogueLog.Negatives n) {
            replaced(before, before.withNegatives(n.texts()));
        } else {
            unstore(entry.id());
            quotas.count(before, -1);
        }
    }

    /** Replay: {@code after} takes the place of {@code before} (null when new), and the quotas count the difference. */
    private void replaced(Merchant before, Merchant after) {
        if (before != null) {
            quotas.count(before, -1);
        }
        store(after);
        quotas.count(after, 1);
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
