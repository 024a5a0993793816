package io.txmatch.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.txmatch.index.Codes;
import io.txmatch.index.store.RecordLog;
import io.txmatch.match.MatchOutcome;
import io.txmatch.match.MatchQuery;
import io.txmatch.match.MatchSettings;
import io.txmatch.match.Matcher;
import io.txmatch.model.Encoder;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The merchant catalogue: merchants and their example descriptors (exemplars), durable in a
 * {@link RecordLog}, searchable through the {@link Matcher} (the one match path, which eval measures too).
 *
 * <p>The log holds texts, not codes: on start every exemplar is encoded again by the loaded model, so
 * codes from one model never mix with another's. Records, JSON, version 1: {@code enrol} (a merchant with
 * its examples), {@code examples} (texts added to a merchant), {@code delete}. A write is appended and
 * forced to disk before it becomes visible, and is visible to the next match once acknowledged.
 */
final class Catalogue implements Closeable {
    private static final String LOG_FILE = "catalogue.log";
    private static final int RECORD_VERSION = 1;
    /** Most examples one merchant may hold. */
    static final int MAX_EXAMPLES_PER_MERCHANT = 10_000;

    /** A stored merchant. */
    record Merchant(String tenant, String id, String name, String category, JsonNode metadata, List<String> examples,
                    String createdAt) {
    }

    /** One ranked merchant of a match: the merchant and how its best exemplar scored. */
    record Match(Merchant merchant, MatchOutcome.Match scores) {
    }

    /** Ranked merchants plus the matcher's outcome (code, diagnostics). */
    record Result(List<Match> matches, MatchOutcome outcome) {
        double bestScore() {
            return matches.isEmpty() ? 0 : matches.get(0).scores().score();
        }
    }

    private final Encoder encoder;
    private final ObjectMapper json;
    private final RecordLog log;
    private final Matcher matcher;
    private final NavigableMap<String, Merchant> merchants = new ConcurrentSkipListMap<>();
    private final SecureRandom random = new SecureRandom();

    Catalogue(Encoder encoder, Path dataDir, ObjectMapper json, MeterRegistry metrics) throws IOException {
        this.encoder = encoder;
        Timer embedTimer = Timer.builder("txmatch.embedding").description("Encoding a batch of texts to embeddings and codes")
                .publishPercentileHistogram().register(metrics);
        DistributionSummary embedTexts = DistributionSummary.builder("txmatch.embedding.batch.texts")
                .description("Texts per encoded batch").register(metrics);
        this.json = json;
        this.matcher = new Matcher(encoder, MatchSettings.DEFAULT, (texts, nanos) -> {
            embedTexts.record(texts);
            embedTimer.record(nanos, TimeUnit.NANOSECONDS);
        });
        this.log = RecordLog.open(dataDir.resolve(LOG_FILE), this::replay);
        List<Matcher.NewExemplar> all = new ArrayList<>();
        for (Merchant m : merchants.values()) {
            for (String e : m.examples()) {
                all.add(new Matcher.NewExemplar(m.tenant(), m.id(), e));
            }
        }
        matcher.add(all);
    }

    int merchantCount() {
        return merchants.size();
    }

    int exemplarCount() {
        return matcher.size();
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
        String id;
        do {
            byte[] b = new byte[8];
            random.nextBytes(b);
            id = "m_" + HexFormat.of().formatHex(b);
        } while (merchants.containsKey(id));
        Merchant m = new Merchant(tenant, id, name, category, metadata, List.copyOf(examples), Instant.now().toString());
        log.append(encode(m));
        merchants.put(id, m);
        addExemplars(m, examples);
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
        ObjectNode r = record("examples", id);
        r.set("texts", json.valueToTree(texts));
        log.append(json.writeValueAsBytes(r));
        Merchant updated = withExamples(m, texts);
        merchants.put(id, updated);
        addExemplars(updated, texts);
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
        matcher.removeOwner(tenant, id);
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

    /** Indexes {@code texts} as exemplars of {@code m}, matchable at once by its tenant. */
    private void addExemplars(Merchant m, List<String> texts) {
        matcher.add(texts.stream().map(t -> new Matcher.NewExemplar(m.tenant(), m.id(), t)).toList());
    }

    /** {@link #matchAll} for one text. */
    Result match(String tenant, String text, int k, Integer maxDistance) {
        return matchAll(tenant, List.of(text), k, maxDistance).get(0);
    }

    /**
     * Each text matched by the {@link Matcher} (encoded in one batch) against {@code tenant}'s merchants;
     * results in input order. A merchant deleted while the match ran is left out.
     */
    List<Result> matchAll(String tenant, List<String> texts, int k, Integer maxDistance) {
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
