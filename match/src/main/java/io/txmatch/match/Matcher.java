package io.txmatch.match;

import io.txmatch.index.CodeIndex;
import io.txmatch.index.CostModel;
import io.txmatch.index.Hamming;
import io.txmatch.index.Neighbor;
import io.txmatch.index.Query;
import io.txmatch.index.SearchResult;
import io.txmatch.model.Encoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * THE match path: the service answers {@code /v1/match} with it and {@code ./txmatch eval} measures it.
 *
 * <pre>{@code
 * Matcher matcher = new Matcher(Encoder.load(bundle), MatchSettings.DEFAULT, Matcher.EncodeListener.NONE);
 * matcher.add(List.of(new Matcher.NewExemplar("default", "m_1", "CHECKCARD 0615 OUTBACK 0310 TEMPE AZ")));
 * MatchOutcome out = matcher.match("default", List.of("POS OUTBACK STEAKHOUSE TEMPE"), MatchQuery.top(5)).get(0);
 * }</pre>
 *
 * <p>It holds exemplars (example texts of owners, such as merchants) with their embeddings and codes, grouped
 * by tenant: a tenant's query only ever sees its own exemplars. A query is normalised and encoded once, then
 * <ol>
 *   <li>candidates: the Hamming-nearest exemplars of the tenant ({@link MatchSettings#hammingCandidates}, or all
 *       within {@link MatchQuery#maxDistance}) plus the lexical channel's best ({@link LexicalIndex}, TF-IDF of
 *       character n-grams with the tenant's own IDF) plus the exemplars sharing the query's rarest words
 *       ({@link WordIndex}); below {@link MatchSettings#exhaustiveBelow} exemplars every exemplar is a candidate;</li>
 *   <li>each candidate is scored by the weighted sum of its embedding cosine, trigram cosine and word score
 *       ({@link MatchSettings.Fusion}), clamped to 0..1;</li>
 *   <li>an owner is represented by its best exemplar; owners are ranked by score, then Hamming distance, then
 *       owner key, and the best {@code k} are returned.</li>
 * </ol>
 *
 * <p>Exemplars a query may not see are left out of the bitmap the channels search among: those of
 * {@link MatchQuery#excludeOwners}, of owners outside {@link MatchQuery#onlyOwners} (a filter), and of owners with a
 * negative ({@link #addNegatives}) equal to the query's normalised text.
 *
 * <p>Thread-safe: many searches may run while writers add and remove; a write is visible to every search that
 * starts after it returns.
 */
public final class Matcher {
    /** Told how long each encoding batch took (for metrics). */
    @FunctionalInterface
    public interface EncodeListener {
        EncodeListener NONE = (texts, nanos) -> { };

        void encoded(int texts, long nanos);
    }

    /** An exemplar to add: its tenant, its owner's key, its raw text. */
    public record NewExemplar(String tenant, String owner, String text) {
    }

    private record Exemplar(int id, String tenant, String owner, String text, float[] embedding, long[] code) {
    }

    /** An owner is known within its tenant: two tenants may use the same owner key for different owners. */
    private record OwnerKey(String tenant, String owner) {
    }

    private final Encoder encoder;
    private final MatchSettings settings;
    private final EncodeListener listener;
    private final CodeIndex codes;
    private final Map<Integer, Exemplar> exemplars = new ConcurrentHashMap<>();
    private final Map<OwnerKey, List<Integer>> byOwner = new HashMap<>(); // guarded by this
    // Per tenant, the exemplar ids it may match: replaced, never modified, once published.
    private final Map<String, RoaringBitmap> allowed = new ConcurrentHashMap<>();
    private final Map<String, LexicalIndex> lexical = new ConcurrentHashMap<>();
    private final Map<String, WordIndex> words = new ConcurrentHashMap<>();
    private int nextId;
    // Negatives: per tenant, normalised text -> owners it is not (sets replaced, never modified: read without the lock).
    private final Map<String, Map<String, java.util.Set<String>>> negatives = new ConcurrentHashMap<>();
    private final Map<OwnerKey, java.util.Set<String>> negativesByOwner = new HashMap<>(); // guarded by this

    public Matcher(Encoder encoder, MatchSettings settings, EncodeListener listener) {
        this.encoder = encoder;
        this.settings = settings;
        this.listener = listener;
        // MIH substrings for k-NN over learned codes: the index's cost model chooses them.
        this.codes = new CodeIndex(encoder.bits(), CostModel.knnSubstrings(encoder.bits()));
    }

    /**
     * Candidates one channel fetches: its configured count, at least {@code 2k}, and at least the square root of the
     * tenant's exemplar count, so the pool grows with the catalogue (0 keeps a channel off).
     */
    static int pool(int configured, int k, int exemplars) {
        return configured == 0 ? 0 : Math.max(configured, Math.max(2 * k, (int) Math.ceil(Math.sqrt(exemplars))));
    }

    public MatchSettings settings() {
        return settings;
    }

    public Encoder encoder() {
        return encoder;
    }

    public int bits() {
        return encoder.bits();
    }

    /** Exemplars held, all tenants. */
    public int size() {
        return exemplars.size();
    }

    /**
     * Whether {@code raw} normalises to nothing ({@link LexicalFeatures#normalise}: no letter and no digit of any
     * script under normaliser version 3): such a text matches nothing and is never an exemplar, since all of them
     * would look alike.
     */
    public boolean blank(String raw) {
        return settings.lexical().normalise(raw).isEmpty();
    }

    /** Encodes (timed) the raw texts. */
    public Encoder.Encoded encode(List<String> texts) {
        long start = System.nanoTime();
        Encoder.Encoded e = encoder.encode(texts);
        listener.encoded(texts.size(), System.nanoTime() - start);
        return e;
    }

    /**
     * Encodes and indexes {@code batch}; every exemplar is matchable when this returns. Returns the exemplar
     * ids in input order.
     */
    public int[] add(List<NewExemplar> batch) {
        Encoder.Encoded enc = encode(batch.stream().map(NewExemplar::text).toList());
        int[] ids = new int[batch.size()];
        synchronized (this) {
            Map<String, RoaringBitmap> next = new HashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                NewExemplar x = batch.get(i);
                int id = nextId++;
                ids[i] = id;
                exemplars.put(id, new Exemplar(id, x.tenant(), x.owner(), x.text(), enc.embeddings()[i], enc.codes()[i]));
                byOwner.computeIfAbsent(new OwnerKey(x.tenant(), x.owner()), o -> new ArrayList<>()).add(id);
                codes.put(id, enc.codes()[i]);
                String normalised = settings.lexical().normalise(x.text()); // read by both text channels
                lexical.computeIfAbsent(x.tenant(), t -> new LexicalIndex(settings.lexical())).addNormalised(id, normalised);
                words.computeIfAbsent(x.tenant(), t -> new WordIndex(settings.wordPrior())).add(id, normalised);
                next.computeIfAbsent(x.tenant(), t -> allowed.getOrDefault(t, new RoaringBitmap()).clone()).add(id);
            }
            allowed.putAll(next);
        }
        return ids;
    }

    /** Removes every exemplar and every negative of {@code tenant}'s {@code owner}; returns how many exemplars there were. */
    public synchronized int removeOwner(String tenant, String owner) {
        OwnerKey key = new OwnerKey(tenant, owner);
        java.util.Set<String> texts = negativesByOwner.remove(key);
        if (texts != null) {
            Map<String, java.util.Set<String>> mine = negatives.get(tenant);
            for (String t : texts) {
                mine.computeIfPresent(t, (k, owners) -> {
                    java.util.Set<String> rest = new java.util.HashSet<>(owners);
                    rest.remove(owner);
                    return rest.isEmpty() ? null : java.util.Set.copyOf(rest);
                });
            }
        }
        return removeExemplars(key);
    }

    /**
     * Replaces every exemplar of {@code tenant}'s {@code owner} by {@code texts}, in order; its negatives stay. The new
     * ones are added before the old ones go, so a match running meanwhile sees the owner by one set or both, never
     * by none.
     */
    public void replaceExemplars(String tenant, String owner, List<String> texts) {
        OwnerKey key = new OwnerKey(tenant, owner);
        List<Integer> old;
        synchronized (this) {
            old = new ArrayList<>(byOwner.getOrDefault(key, List.of()));
        }
        add(texts.stream().map(t -> new NewExemplar(tenant, owner, t)).toList());
        synchronized (this) {
            List<Integer> ids = byOwner.get(key);
            if (ids != null) {
                ids.removeAll(old);
                if (ids.isEmpty()) {
                    byOwner.remove(key);
                }
            }
            forget(old);
        }
    }

    /**
     * Removes the {@code index}th exemplar (in the order they were added) of {@code tenant}'s {@code owner}.
     *
     * @throws IndexOutOfBoundsException when the owner has no such exemplar
     */
    public synchronized void removeExemplar(String tenant, String owner, int index) {
        List<Integer> ids = byOwner.getOrDefault(new OwnerKey(tenant, owner), List.of());
        int id = ids.get(index);
        ids.remove(index);
        if (ids.isEmpty()) {
            byOwner.remove(new OwnerKey(tenant, owner));
        }
        forget(List.of(id));
    }

    /**
     * Adds negatives of {@code tenant}'s {@code owner}: a query whose normalised text ({@link LexicalFeatures#normalise})
     * equals one of them never has this owner among its candidates, so never returns it.
     */
    public synchronized void addNegatives(String tenant, String owner, List<String> raw) {
        for (String text : raw) {
            String n = settings.lexical().normalise(text);
            negatives.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>()).merge(n, java.util.Set.of(owner), (a, b) -> {
                java.util.Set<String> both = new java.util.HashSet<>(a);
                both.addAll(b);
                return java.util.Set.copyOf(both);
            });
            negativesByOwner.computeIfAbsent(new OwnerKey(tenant, owner), o -> new java.util.HashSet<>()).add(n);
        }
    }

    private int removeExemplars(OwnerKey key) {
        List<Integer> ids = byOwner.remove(key);
        if (ids == null) {
            return 0;
        }
        forget(ids);
        return ids.size();
    }

    /** Drops exemplars {@code ids} from every index; under the lock. */
    private void forget(List<Integer> ids) {
        Map<String, RoaringBitmap> next = new HashMap<>();
        for (int id : ids) {
            Exemplar e = exemplars.remove(id);
            codes.remove(id);
            lexical.get(e.tenant()).remove(id);
            words.get(e.tenant()).remove(id);
            next.computeIfAbsent(e.tenant(), t -> allowed.get(t).clone()).remove(id);
        }
        allowed.putAll(next);
    }

    /** Exemplars of {@code tenant}. */
    public int size(String tenant) {
        RoaringBitmap mine = allowed.get(tenant);
        return mine == null ? 0 : mine.getCardinality();
    }

    /** Matches each raw text (encoded in one batch) against {@code tenant}'s exemplars; outcomes in input order. */
    public List<MatchOutcome> match(String tenant, List<String> texts, MatchQuery query) {
        Encoder.Encoded enc = encode(texts);
        RoaringBitmap mine = allowed.getOrDefault(tenant, new RoaringBitmap());
        LexicalIndex lex = lexical.get(tenant);
        WordIndex wordIndex = words.get(tenant);
        boolean restricted = !query.excludeOwners().isEmpty() || query.onlyOwners() != null;
        if (restricted) {
            synchronized (this) {
                if (query.onlyOwners() != null) {
                    RoaringBitmap only = new RoaringBitmap();
                    for (String owner : query.onlyOwners()) {
                        for (int id : byOwner.getOrDefault(new OwnerKey(tenant, owner), List.of())) {
                            only.add(id);
                        }
                    }
                    mine = RoaringBitmap.and(mine, only);
                } else {
                    mine = mine.clone();
                }
                mine.andNot(exemplarsOf(tenant, query.excludeOwners()));
            }
        }
        List<MatchOutcome> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(rank(tenant, mine, restricted, lex, wordIndex, texts.get(i), enc.embeddings()[i], enc.codes()[i], query));
        }
        return out;
    }

    /** The exemplar ids of {@code tenant}'s {@code owners}; under the lock. */
    private RoaringBitmap exemplarsOf(String tenant, java.util.Collection<String> owners) {
        RoaringBitmap ids = new RoaringBitmap();
        for (String owner : owners) {
            for (int id : byOwner.getOrDefault(new OwnerKey(tenant, owner), List.of())) {
                ids.add(id);
            }
        }
        return ids;
    }

    private MatchOutcome rank(String tenant, RoaringBitmap mine, boolean restricted, LexicalIndex lex, WordIndex wordIndex,
                              String text, float[] embedding, long[] code, MatchQuery query) {
        LexicalIndex.Query lq = lex == null ? null : lex.query(text);
        String normalised = lq == null ? settings.lexical().normalise(text) : lq.normalised;
        WordIndex.Query wq = wordIndex == null ? null : wordIndex.query(normalised);
        java.util.Set<String> not = negatives.getOrDefault(tenant, Map.of()).get(normalised);
        if (not != null) {
            // "This text is not merchant X": X's exemplars are no candidates of this query.
            synchronized (this) {
                mine = RoaringBitmap.andNot(mine, exemplarsOf(tenant, not));
            }
            restricted = true;
        }
        RoaringBitmap among = restricted ? mine : null;
        int size = mine.getCardinality();
        if (size == 0 || normalised.isEmpty()) {
            // Nothing to compare, or nothing left of the text to compare by: no match, so confidence unknown.
            return new MatchOutcome(List.of(), 0, code, normalised, new MatchOutcome.Diagnostics("none", 0, 0, 0, 0));
        }
        // Candidate exemplar ids with their lexical score where the lexical channel found them.
        Map<Integer, Double> candidates = new LinkedHashMap<>();
        String route;
        int hammingHits;
        int lexicalHits = 0;
        int wordHits = 0;
        if (query.maxDistance() == null && size < settings.exhaustiveBelow()) {
            mine.forEach((int id) -> candidates.put(id, null));
            route = "exhaustive";
            hammingHits = 0;
        } else {
            int hammingPool = pool(settings.hammingCandidates(), query.k(), size);
            if (query.maxDistance() != null || hammingPool > 0) {
                SearchResult found = codes.search((query.maxDistance() != null
                        ? Query.radius(code, query.maxDistance())
                        : Query.knn(code, hammingPool)).among(mine));
                for (Neighbor n : found.neighbors()) {
                    candidates.put(n.id(), null);
                }
                route = found.route().wireName();
                hammingHits = found.neighbors().size();
            } else {
                route = "lexical";
                hammingHits = 0;
            }
            if (query.maxDistance() == null && lq != null && settings.lexicalCandidates() > 0) {
                // The tenant's own index holds only the tenant's exemplars: filter only when some are left out.
                List<LexicalIndex.Hit> hits = lex.search(lq, pool(settings.lexicalCandidates(), query.k(), size),
                        among);
                lexicalHits = hits.size();
                for (LexicalIndex.Hit h : hits) {
                    candidates.put(h.id(), h.score());
                }
            }
            if (query.maxDistance() == null && wq != null && settings.lexicalCandidates() > 0) {
                List<Integer> shared = wordIndex.candidates(wq, pool(settings.lexicalCandidates(), query.k(), size),
                        among);
                wordHits = shared.size();
                for (int id : shared) {
                    candidates.putIfAbsent(id, null);
                }
            }
        }
        MatchSettings.Fusion fusion = settings.fusion();
        Map<String, MatchOutcome.Match> best = new HashMap<>();
        for (Map.Entry<Integer, Double> c : candidates.entrySet()) {
            Exemplar e = exemplars.get(c.getKey());
            if (e == null) {
                continue; // removed since the search
            }
            double semantic = Encoder.cosine(embedding, e.embedding());
            double lexicalScore = c.getValue() != null ? c.getValue() : lq == null ? 0 : lex.score(lq, e.id());
            double wordScore = wq == null ? 0 : wordIndex.score(wq, e.id());
            double score = fusion.score(semantic, lexicalScore, wordScore);
            MatchOutcome.Match current = best.get(e.owner());
            if (current == null || score > current.score()) {
                best.put(e.owner(), new MatchOutcome.Match(e.owner(), e.id(), e.text(), score, semantic, lexicalScore,
                        wordScore, Hamming.distance(code, e.code())));
            }
        }
        List<MatchOutcome.Match> ranked = new ArrayList<>(best.values());
        ranked.sort((a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score())
                : a.distance() != b.distance() ? Integer.compare(a.distance(), b.distance())
                : a.owner().compareTo(b.owner()));
        double runnerUp = ranked.size() > 1 ? ranked.get(1).score() : 0;
        List<MatchOutcome.Match> kept = query.everyCandidate() ? ranked : ranked.subList(0, Math.min(query.k(), ranked.size()));
        return new MatchOutcome(kept, runnerUp, code, normalised,
                new MatchOutcome.Diagnostics(route, hammingHits, lexicalHits, wordHits, candidates.size()));
    }
}
