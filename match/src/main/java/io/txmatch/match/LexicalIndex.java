package io.txmatch.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The lexical channel: TF-IDF over the character n-grams of {@link LexicalFeatures}, with IDF taken from the
 * documents (exemplars) this index holds, in RoaringBitmap posting lists. Incremental: {@link #add} and
 * {@link #remove} change the IDF of every later search, as if the index had been built from scratch on the
 * documents it holds now. One index per tenant, so each tenant's IDF is its own catalogue's.
 *
 * <pre>{@code
 * LexicalIndex lex = new LexicalIndex(LexicalFeatures.DEFAULT);
 * lex.add(7, "OUTBACK STEAKHOUSE TEMPE AZ");
 * List<LexicalIndex.Hit> top = lex.search(lex.query("CHECKCARD 0615 OUTBACK 0310"), 10, null);
 * }</pre>
 *
 * <p>Scores are cosines of sublinear-TF (1 + ln tf) times smoothed-IDF (ln((1 + n) / (1 + df)) + 1) vectors,
 * the weighting of the TF-IDF baseline. A search accumulates dot products over the query's posting lists
 * (only documents sharing an n-gram can score above 0), divides by each document's norm under the current
 * IDF, and returns the best {@code limit}. Norms and IDF values are recomputed lazily after a change.
 *
 * <p>Thread-safe: searches share a read lock, writes take the write lock. Document slots are not reused
 * after a remove (a removed document's slot stays empty; memory of removed documents' slots is not
 * reclaimed until the index is rebuilt).
 */
public final class LexicalIndex {
    /** A document and its lexical cosine to the query. */
    public record Hit(int id, double score) {
    }

    /**
     * A query's n-grams resolved against this index's vocabulary when it was made: gram ids (-1 for a gram the
     * index did not hold then, weighted with the unseen IDF) and sublinear TF weights.
     */
    public static final class Query {
        final String normalised;
        final int[] grams;
        final float[] tf;

        Query(String normalised, int[] grams, float[] tf) {
            this.normalised = normalised;
            this.grams = grams;
            this.tf = tf;
        }
    }

    private record Doc(int id, int[] grams, float[] tf) {
    }

    /** A document's norm under the IDF of {@code generation}. */
    private record Norm(int generation, double value) {
    }

    private record IdfTable(int generation, double[] idf, double unseen) {
    }

    private final LexicalFeatures features;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Long, Integer> vocabulary = new HashMap<>();
    private final List<RoaringBitmap> postings = new ArrayList<>();
    private final Map<Integer, Integer> slotOf = new HashMap<>();
    private Doc[] docs = new Doc[16];
    private Norm[] norms = new Norm[16];
    private int slots;
    private int live;
    private int generation;
    private volatile IdfTable idf = new IdfTable(-1, new double[0], 0);

    public LexicalIndex(LexicalFeatures features) {
        this.features = features;
    }

    public LexicalFeatures features() {
        return features;
    }

    /** Documents held. */
    public int size() {
        lock.readLock().lock();
        try {
            return live;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Adds document {@code id} (a raw text; normalised here). An id already held is replaced. */
    public void add(int id, String rawText) {
        Map<Long, Integer> counts = features.counts(rawText);
        lock.writeLock().lock();
        try {
            removeLocked(id);
            int slot = slots++;
            // (gram id, tf) pairs sorted by gram id, so a document's weight of a gram is a binary search away.
            long[] packed = new long[counts.size()];
            int i = 0;
            for (Map.Entry<Long, Integer> e : counts.entrySet()) {
                Integer g = vocabulary.get(e.getKey());
                if (g == null) {
                    g = postings.size();
                    vocabulary.put(e.getKey(), g);
                    postings.add(new RoaringBitmap());
                }
                postings.get(g).add(slot);
                packed[i++] = ((long) g << 32) | e.getValue();
            }
            Arrays.sort(packed);
            int[] grams = new int[packed.length];
            float[] tf = new float[packed.length];
            for (i = 0; i < packed.length; i++) {
                grams[i] = (int) (packed[i] >>> 32);
                tf[i] = (float) (1 + Math.log((int) packed[i]));
            }
            if (slot >= docs.length) {
                docs = Arrays.copyOf(docs, docs.length * 2);
                norms = Arrays.copyOf(norms, norms.length * 2);
            }
            docs[slot] = new Doc(id, grams, tf);
            slotOf.put(id, slot);
            live++;
            generation++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes document {@code id}; returns whether it was held. */
    public boolean remove(int id) {
        lock.writeLock().lock();
        try {
            return removeLocked(id);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private boolean removeLocked(int id) {
        Integer slot = slotOf.remove(id);
        if (slot == null) {
            return false;
        }
        for (int g : docs[slot].grams()) {
            postings.get(g).remove(slot);
        }
        docs[slot] = null;
        norms[slot] = null;
        live--;
        generation++;
        return true;
    }

    /** The n-grams of a raw query text against this index's vocabulary. */
    public Query query(String rawText) {
        String normalised = features.normalise(rawText);
        Map<Long, Integer> counts = features.countsOfNormalised(normalised);
        int[] grams = new int[counts.size()];
        float[] tf = new float[counts.size()];
        int i = 0;
        lock.readLock().lock();
        try {
            for (Map.Entry<Long, Integer> e : counts.entrySet()) {
                grams[i] = vocabulary.getOrDefault(e.getKey(), -1);
                tf[i++] = (float) (1 + Math.log(e.getValue()));
            }
        } finally {
            lock.readLock().unlock();
        }
        return new Query(normalised, grams, tf);
    }

    /**
     * The {@code limit} documents of highest cosine to {@code q} among those in {@code allowed} (every document
     * when null), best first, ties by id; documents sharing no n-gram with the query are never returned.
     */
    public List<Hit> search(Query q, int limit, RoaringBitmap allowedIds) {
        lock.readLock().lock();
        try {
            if (live == 0 || limit <= 0) {
                return List.of();
            }
            IdfTable table = idfTable();
            // Query weights over known grams; the norm counts unknown grams too (their IDF is the unseen one).
            double qNorm = 0;
            int known = 0;
            int[] qGrams = new int[q.grams.length];
            double[] qWeights = new double[q.grams.length];
            for (int i = 0; i < q.grams.length; i++) {
                int g = q.grams[i];
                double w = q.tf[i] * (g < 0 ? table.unseen() : table.idf()[g]);
                qNorm += w * w;
                if (g >= 0 && !postings.get(g).isEmpty()) {
                    qGrams[known] = g;
                    qWeights[known++] = w;
                }
            }
            if (known == 0 || qNorm == 0) {
                return List.of();
            }
            double invQ = 1 / Math.sqrt(qNorm);
            Map<Integer, double[]> acc = new HashMap<>();
            for (int i = 0; i < known; i++) {
                int g = qGrams[i];
                double w = qWeights[i] * table.idf()[g];
                IntIterator it = postings.get(g).getIntIterator();
                while (it.hasNext()) {
                    int slot = it.next();
                    Doc d = docs[slot];
                    if (allowedIds != null && !allowedIds.contains(d.id())) {
                        continue;
                    }
                    double tf = d.tf()[Arrays.binarySearch(d.grams(), g)];
                    acc.computeIfAbsent(slot, s -> new double[1])[0] += w * tf;
                }
            }
            List<Hit> hits = new ArrayList<>(acc.size());
            for (Map.Entry<Integer, double[]> e : acc.entrySet()) {
                int slot = e.getKey();
                double norm = norm(slot, table);
                if (norm > 0) {
                    hits.add(new Hit(docs[slot].id(), e.getValue()[0] * invQ / norm));
                }
            }
            hits.sort((a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score()) : Integer.compare(a.id(), b.id()));
            return hits.size() > limit ? List.copyOf(hits.subList(0, limit)) : hits;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Cosine of {@code q} and document {@code id}; 0 when the document is not held. */
    public double score(Query q, int id) {
        lock.readLock().lock();
        try {
            Integer slot = slotOf.get(id);
            if (slot == null) {
                return 0;
            }
            IdfTable table = idfTable();
            Doc d = docs[slot];
            double qNorm = 0;
            double dot = 0;
            for (int i = 0; i < q.grams.length; i++) {
                int g = q.grams[i];
                double w = q.tf[i] * (g < 0 ? table.unseen() : table.idf()[g]);
                qNorm += w * w;
                if (g >= 0) {
                    int at = Arrays.binarySearch(d.grams(), g);
                    if (at >= 0) {
                        dot += w * d.tf()[at] * table.idf()[g];
                    }
                }
            }
            double norm = norm(slot, table);
            return qNorm == 0 || norm == 0 ? 0 : dot / Math.sqrt(qNorm) / norm;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The IDF of every gram for the documents held now (called under the read lock). */
    private IdfTable idfTable() {
        IdfTable t = idf;
        if (t.generation() == generation) {
            return t;
        }
        double[] values = new double[postings.size()];
        for (int g = 0; g < values.length; g++) {
            values[g] = Math.log((1.0 + live) / (1.0 + postings.get(g).getCardinality())) + 1.0;
        }
        t = new IdfTable(generation, values, Math.log(1.0 + live) + 1.0);
        idf = t;
        return t;
    }

    /** Norm of the document in {@code slot} under {@code table}'s IDF (called under the read lock). */
    private double norm(int slot, IdfTable table) {
        Norm n = norms[slot];
        if (n != null && n.generation() == table.generation()) {
            return n.value();
        }
        Doc d = docs[slot];
        double s = 0;
        for (int i = 0; i < d.grams().length; i++) {
            double w = d.tf()[i] * table.idf()[d.grams()[i]];
            s += w * w;
        }
        n = new Norm(table.generation(), Math.sqrt(s));
        norms[slot] = n;
        return n.value();
    }
}
