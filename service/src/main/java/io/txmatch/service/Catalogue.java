package io.txmatch.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.txmatch.index.CodeIndex;
import io.txmatch.index.Codes;
import io.txmatch.index.Neighbor;
import io.txmatch.index.SearchResult;
import io.txmatch.index.store.RecordLog;
import io.txmatch.model.Encoder;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.roaringbitmap.RoaringBitmap;

/**
 * The merchant catalogue: merchants and their example descriptors (exemplars), durable in a
 * {@link RecordLog}, searchable through a {@link CodeIndex} of exemplar codes.
 *
 * <p>The log holds texts, not codes: on start every exemplar is encoded again by the loaded model, so
 * codes from one model never mix with another's. Records, JSON, version 1: {@code enrol} (a merchant with
 * its examples), {@code examples} (texts added to a merchant), {@code delete}. A write is appended and
 * forced to disk before it becomes visible, and is visible to the next match once acknowledged.
 */
final class Catalogue implements Closeable {
    /** Exemplars fetched by Hamming k-NN before re-ranking by float cosine. */
    static final int RERANK_CANDIDATES = 50;
    private static final String LOG_FILE = "catalogue.log";
    private static final int RECORD_VERSION = 1;
    /** Most examples one merchant may hold. */
    static final int MAX_EXAMPLES_PER_MERCHANT = 10_000;

    /** A stored merchant. */
    record Merchant(String tenant, String id, String name, String category, JsonNode metadata, List<String> examples,
                    String createdAt) {
    }

    private record Exemplar(int id, String merchantId, String text, float[] embedding) {
    }

    /** One ranked merchant of a match. */
    record Match(Merchant merchant, double score, int distance, String exemplar) {
    }

    /** Ranked matches plus the query's code and diagnostics. */
    record MatchOutcome(List<Match> matches, long[] code, SearchResult search) {
    }

    private final Encoder encoder;
    private final Timer embedTimer;
    private final DistributionSummary embedTexts;
    private final ObjectMapper json;
    private final RecordLog log;
    private final CodeIndex index;
    private final NavigableMap<String, Merchant> merchants = new ConcurrentSkipListMap<>();
    private final Map<Integer, Exemplar> exemplars = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> exemplarsOf = new HashMap<>(); // guarded by this
    // Per tenant, the exemplar ids it may match: replaced, never modified, once published (searches read them
    // without a lock).
    private final Map<String, RoaringBitmap> allowed = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private int nextExemplar;

    Catalogue(Encoder encoder, Path dataDir, ObjectMapper json, MeterRegistry metrics) throws IOException {
        this.encoder = encoder;
        this.embedTimer = Timer.builder("txmatch.embedding").description("Encoding a batch of texts to embeddings and codes")
                .publishPercentileHistogram().register(metrics);
        this.embedTexts = DistributionSummary.builder("txmatch.embedding.batch.texts").description("Texts per encoded batch")
                .register(metrics);
        this.json = json;
        // 16-bit substrings: matching is k-NN (50 candidates), whose neighbours sit 10-20 bits away for this
        // model; the index default (32-bit substrings) suits small radii and would fall back to the scan.
        this.index = new CodeIndex(encoder.bits(), Math.max(CodeIndex.defaultSubstrings(encoder.bits()), encoder.bits() / 16));
        this.log = RecordLog.open(dataDir.resolve(LOG_FILE), this::replay);
        List<String> texts = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (Merchant m : merchants.values()) {
            for (String e : m.examples()) {
                texts.add(e);
                owners.add(m.id());
            }
        }
        Encoder.Encoded enc = embed(texts);
        Map<String, RoaringBitmap> added = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            int e = addExemplar(owners.get(i), texts.get(i), enc.embeddings()[i], enc.codes()[i]);
            added.computeIfAbsent(merchants.get(owners.get(i)).tenant(), t -> new RoaringBitmap()).add(e);
        }
        added.forEach((tenant, ids) -> allowed.put(tenant, ids));
    }

    /** The model's embeddings and codes of {@code texts}, timed. */
    private Encoder.Encoded embed(List<String> texts) {
        embedTexts.record(texts.size());
        return embedTimer.record(() -> encoder.encode(texts));
    }

    int merchantCount() {
        return merchants.size();
    }

    int exemplarCount() {
        return exemplars.size();
    }

    Encoder encoder() {
        return encoder;
    }

    int bits() {
        return encoder.bits();
    }

    /** The merchant {@code id} if {@code tenant} owns it: another tenant's merchant does not exist for it. */
    Optional<Merchant> get(String tenant, String id) {
        return Optional.ofNullable(merchants.get(id)).filter(m -> m.tenant().equals(tenant));
    }

    /** Enrols a merchant; durable and matchable when this returns. */
    synchronized Merchant enrol(String tenant, String name, String category, JsonNode metadata, List<String> examples)
            throws IOException {
        Encoder.Encoded enc = embed(examples);
        String id;
        do {
            byte[] b = new byte[8];
            random.nextBytes(b);
            id = "m_" + HexFormat.of().formatHex(b);
        } while (merchants.containsKey(id));
        Merchant m = new Merchant(tenant, id, name, category, metadata, List.copyOf(examples), Instant.now().toString());
        log.append(encode(m));
        merchants.put(id, m);
        addExemplars(m, examples, enc);
        return m;
    }

    /**
     * Adds example descriptors to a merchant (feedback: corrected examples); durable and matchable when this
     * returns. Empty when the merchant does not exist.
     */
    synchronized Optional<Merchant> addExamples(String tenant, String id, List<String> texts) throws IOException {
        Merchant m = get(tenant, id).orElse(null);
        if (m == null) {
            return Optional.empty();
        }
        if (m.examples().size() + texts.size() > MAX_EXAMPLES_PER_MERCHANT) {
            throw ApiProblem.badRequest("a merchant holds at most " + MAX_EXAMPLES_PER_MERCHANT + " examples; " + id + " has "
                    + m.examples().size());
        }
        Encoder.Encoded enc = embed(texts);
        ObjectNode r = record("examples", id);
        r.set("texts", json.valueToTree(texts));
        log.append(json.writeValueAsBytes(r));
        Merchant updated = withExamples(m, texts);
        merchants.put(id, updated);
        addExemplars(updated, texts, enc);
        return Optional.of(updated);
    }

    /** Deletes a merchant and its exemplars; durable when this returns. Returns whether it existed. */
    synchronized boolean delete(String tenant, String id) throws IOException {
        Merchant m = get(tenant, id).orElse(null);
        if (m == null) {
            return false;
        }
        log.append(json.writeValueAsBytes(record("delete", id)));
        merchants.remove(id);
        RoaringBitmap remaining = allowed.getOrDefault(tenant, new RoaringBitmap()).clone();
        for (int e : exemplarsOf.getOrDefault(id, List.of())) {
            index.remove(e);
            exemplars.remove(e);
            remaining.remove(e);
        }
        allowed.put(tenant, remaining);
        exemplarsOf.remove(id);
        return true;
    }

    /** Up to {@code limit} of {@code tenant}'s merchants in id order, after {@code cursor} (an id) when not null. */
    List<Merchant> list(String tenant, int limit, String cursor) {
        return (cursor == null ? merchants : merchants.tailMap(cursor, false)).values().stream()
                .filter(m -> m.tenant().equals(tenant)).limit(limit).toList();
    }

    private static Merchant withExamples(Merchant m, List<String> texts) {
        List<String> all = new ArrayList<>(m.examples());
        all.addAll(texts);
        return new Merchant(m.tenant(), m.id(), m.name(), m.category(), m.metadata(), List.copyOf(all), m.createdAt());
    }

    /** Indexes {@code texts} (encoded as {@code enc}) as exemplars of {@code m} and publishes them to its tenant. */
    private void addExemplars(Merchant m, List<String> texts, Encoder.Encoded enc) {
        RoaringBitmap next = allowed.getOrDefault(m.tenant(), new RoaringBitmap()).clone();
        for (int i = 0; i < texts.size(); i++) {
            next.add(addExemplar(m.id(), texts.get(i), enc.embeddings()[i], enc.codes()[i]));
        }
        allowed.put(m.tenant(), next);
    }

    private synchronized int addExemplar(String merchantId, String text, float[] embedding, long[] code) {
        int id = nextExemplar++;
        exemplars.put(id, new Exemplar(id, merchantId, text, embedding));
        exemplarsOf.computeIfAbsent(merchantId, k -> new ArrayList<>()).add(id);
        index.put(id, code);
        return id;
    }

    /**
     * Hamming candidates (the {@link #RERANK_CANDIDATES} nearest exemplars, or all within
     * {@code maxDistance} when given) re-ranked by float cosine; the best exemplar stands for its merchant.
     */
    MatchOutcome match(String tenant, String text, int k, Integer maxDistance) {
        return matchAll(tenant, List.of(text), k, maxDistance).get(0);
    }

    /** {@link #match} for many texts, encoded in one batch; outcomes in input order. */
    List<MatchOutcome> matchAll(String tenant, List<String> texts, int k, Integer maxDistance) {
        Encoder.Encoded enc = embed(texts);
        RoaringBitmap mine = allowed.getOrDefault(tenant, new RoaringBitmap());
        List<MatchOutcome> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(rank(mine, enc.embeddings()[i], enc.codes()[i], k, maxDistance));
        }
        return out;
    }

    private MatchOutcome rank(RoaringBitmap mine, float[] query, long[] code, int k, Integer maxDistance) {
        // Only the tenant's own exemplars are candidates: the index filters before counting k.
        SearchResult found = maxDistance == null
                ? index.knn(code, RERANK_CANDIDATES, mine)
                : index.radius(code, maxDistance, mine);
        Map<String, Match> best = new HashMap<>();
        for (Neighbor n : found.neighbors()) {
            Exemplar e = exemplars.get(n.id());
            Merchant m = e == null ? null : merchants.get(e.merchantId());
            if (m == null) {
                continue;
            }
            double score = Math.max(0, Math.min(1, Encoder.cosine(query, e.embedding())));
            Match current = best.get(m.id());
            if (current == null || score > current.score()) {
                best.put(m.id(), new Match(m, score, n.distance(), e.text()));
            }
        }
        List<Match> ranked = new ArrayList<>(best.values());
        ranked.sort((a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score())
                : a.distance() != b.distance() ? Integer.compare(a.distance(), b.distance())
                : a.merchant().id().compareTo(b.merchant().id()));
        return new MatchOutcome(ranked.subList(0, Math.min(k, ranked.size())), code, found);
    }

    String hex(long[] code) {
        return Codes.toHex(code, encoder.bits());
    }

    private ObjectNode record(String op, String id) {
        ObjectNode r = json.createObjectNode();
        r.put("v", RECORD_VERSION);
        r.put("op", op);
        r.put("id", id);
        return r;
    }

    private byte[] encode(Merchant m) throws IOException {
        ObjectNode r = record("enrol", m.id());
        r.put("tenant", m.tenant());
        r.put("name", m.name());
        if (m.category() != null) {
            r.put("category", m.category());
        }
        if (m.metadata() != null) {
            r.set("metadata", m.metadata());
        }
        r.set("examples", json.valueToTree(m.examples()));
        r.put("createdAt", m.createdAt());
        return json.writeValueAsBytes(r);
    }

    /** Applies one log record at start-up: enrol, examples (added to a merchant) or delete. */
    private void replay(byte[] payload) {
        JsonNode r;
        try {
            r = json.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String op = r.path("op").asText();
        String id = r.path("id").asText();
        if (r.path("v").asInt() != RECORD_VERSION) {
            throw new IllegalStateException("catalogue record of unknown version " + r.path("v"));
        }
        switch (op) {
            case "enrol" -> {
                List<String> examples = new ArrayList<>();
                r.path("examples").forEach(e -> examples.add(e.asText()));
                merchants.put(id, new Merchant(r.path("tenant").asText(ApiKeys.DEFAULT_TENANT), id, r.path("name").asText(),
                        r.hasNonNull("category") ? r.get("category").asText() : null, r.get("metadata"), List.copyOf(examples),
                        r.path("createdAt").asText()));
            }
            case "examples" -> {
                Merchant m = merchants.get(id);
                if (m == null) {
                    throw new IllegalStateException("catalogue record adds examples to unknown merchant " + id);
                }
                List<String> texts = new ArrayList<>();
                r.path("texts").forEach(e -> texts.add(e.asText()));
                merchants.put(id, withExamples(m, texts));
            }
            case "delete" -> merchants.remove(id);
            default -> throw new IllegalStateException("catalogue record of unknown kind '" + op + "'");
        }
    }

    /** Merchant as the API shows it. */
    Map<String, Object> view(Merchant m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("name", m.name());
        out.put("examples", m.examples().size());
        if (m.category() != null) {
            out.put("category", m.category());
        }
        if (m.metadata() != null) {
            out.put("metadata", m.metadata());
        }
        out.put("createdAt", m.createdAt());
        return out;
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
