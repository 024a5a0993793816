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
 * {@link #remove} change the IDF of later searches, as if the index had been built from scratch on the
 * documents it holds (see below for the bound on how far IDF may lag). One index per tenant, so each tenant's IDF
 * is its own catalogue's.
 *
 * <pre>{@code
 * LexicalIndex lex = new LexicalIndex(LexicalFeatures.DEFAULT);
 * lex.add(7, "OUTBACK STEAKHOUSE TEMPE AZ");
 * List<LexicalIndex.Hit> top = lex.search(lex.query("CHECKCARD 0615 OUTBACK 0310"), 10, null);
 * }</pre>
 *
 * <p>Scores are cosines of sublinear-TF (1 + ln tf) times smoothed-IDF (ln((1 + n) / (1 + df)) + 1) vectors,
 * the weighting of the TF-IDF baseline. A search accumulates dot products over the query's posting lists
 * (only documents sharing an n-gram can score above 0) in a dense per-thread array, divides by each document's
 * norm under the current IDF, and keeps the best {@code limit} in a bounded heap.
 *
 * <p>IDF values and document norms are cached per IDF table. A table is rebuilt lazily by the first search after
 * more than {@code n / }{@value #IDF_DRIFT_DIVISOR} adds and removes since it was built ({@code n} the documents
 * then), so below {@value #IDF_DRIFT_DIVISOR} documents every change is reflected exactly, and a bulk load does
 * not rebuild the table once per document; an n-gram first seen after the table was built gets its IDF from its
 * current document frequency.
 *
 * <p>Removed documents leave their slot empty until dead slots outnumber live ones (and pass a minimum), when
 * an add compacts the slots and posting lists. Thread-safe: searches share a read lock, writes take the write
 * lock.
 */
public final class LexicalIndex {
    /** A table of IDF values stays in use until this share (1 / divisor) of its document count has changed. */
    static final int IDF_DRIFT_DIVISOR = 200;
    /** Dead slots compacted away once they outnumber live documents and number at least this many. */
    static final int COMPACT_MIN_DEAD = 1024;

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

    /** A document's norm under the IDF table of {@code generation}. */
    private record Norm(int generation, double value) {
    }

    /** IDF of the grams known at {@code generation}, for {@code docs} documents. */
    private record IdfTable(int generation, int docs, double[] idf, double unseen) {
    }

    /** Per-thread accumulator: dot products by slot, and the slots touched. */
    private static final class Scratch {
        double[] dot = new double[0];
        int[] touched = new int[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final LexicalFeatures features;
    private final int compactMinDead;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Long, Integer> vocabulary = new HashMap<>();
    private final List<RoaringBitmap> postings = new ArrayList<>();
    private final Map<Integer, Integer> slotOf = new HashMap<>();
    private Doc[] docs = new Doc[16];
    private Norm[] norms = new Norm[16];
    private int slots;
    private int live;
    private int generation;
    private volatile IdfTable idf = new IdfTable(Integer.MIN_VALUE / 2, 0, new double[0], 1);

    public LexicalIndex(LexicalFeatures features) {
        this(features, COMPACT_MIN_DEAD);
    }

    /** For tests: compaction once dead slots outnumber live ones and reach {@code compactMinDead}. */
    LexicalIndex(LexicalFeatures features, int compactMinDead) {
        this.features = features;
        this.compactMinDead = compactMinDead;
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

    /** Slots in use, live or dead (for tests of compaction). */
    int slots() {
        lock.readLock().lock();
        try {
            return slots;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Adds document {@code id} (a raw text; normalised here). An id already held is replaced. */
    public void add(int id, String rawText) {
        addNormalised(id, features.normalise(rawText));
    }

    /** As {@link #add}, for a text already normalised by this index's {@link LexicalFeatures#normalise}. */
    public void addNormalised(int id, String normalised) {
        Map<Long, Integer> counts = features.countsOfNormalised(normalised);
        lock.writeLock().lock();
        try {
            removeLocked(id);
            if (slots - live >= Math.max(compactMinDead, live + 1)) {
                compactLocked();
            }
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

    /** Renumbers the live documents' slots densely and rebuilds the posting lists (gram ids stay). */
    private void compactLocked() {
        Doc[] kept = new Doc[Math.max(16, Integer.highestOneBit(Math.max(1, live)) * 2)];
        Norm[] keptNorms = new Norm[kept.length];
        int n = 0;
        for (int s = 0; s < slots; s++) {
            if (docs[s] != null) {
                keptNorms[n] = norms[s];
                kept[n++] = docs[s];
            }
        }
        for (int g = 0; g < postings.size(); g++) {
            postings.set(g, new RoaringBitmap());
        }
        slotOf.clear();
        for (int s = 0; s < n; s++) {
            for (int g : kept[s].grams()) {
                postings.get(g).add(s);
            }
            slotOf.put(kept[s].id(), s);
        }
        docs = kept;
        norms = keptNorms;
        slots = n;
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
                double w = q.tf[i] * (g < 0 ? table.unseen() : idf(table, g));
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
            Scratch scratch = SCRATCH.get();
            if (scratch.dot.length < slots) {
                scratch.dot = new double[Math.max(slots, scratch.dot.length * 2)];
                scratch.touched = new int[scratch.dot.length];
            }
            double[] dot = scratch.dot;
            int[] touched = scratch.touched;
            int touchedCount = 0;
            for (int i = 0; i < known; i++) {
                int g = qGrams[i];
                double w = qWeights[i] * idf(table, g);
                IntIterator it = postings.get(g).getIntIterator();
                while (it.hasNext()) {
                    int slot = it.next();
                    Doc d = docs[slot];
                    if (allowedIds != null && !allowedIds.contains(d.id())) {
                        continue;
                    }
                    if (dot[slot] == 0) {
                        touched[touchedCount++] = slot;
                    }
                    dot[slot] += w * d.tf()[Arrays.binarySearch(d.grams(), g)];
                }
            }
            // The best `limit` by (score desc, id asc): a min-heap whose head is the worst kept.
            java.util.PriorityQueue<Hit> heap = new java.util.PriorityQueue<>(Math.min(limit, touchedCount) + 1, LexicalIndex::worseFirst);
            for (int t = 0; t < touchedCount; t++) {
                int slot = touched[t];
                double value = dot[slot];
                dot[slot] = 0;
                double norm = norm(slot, table);
                if (norm > 0) {
                    Hit h = new Hit(docs[slot].id(), value * invQ / norm);
                    if (heap.size() < limit) {
                        heap.add(h);
                    } else if (worseFirst(h, heap.peek()) > 0) {
                        heap.poll();
                        heap.add(h);
                    }
                }
            }
            Hit[] out = heap.toArray(new Hit[0]);
            Arrays.sort(out, (a, b) -> worseFirst(b, a));
            return List.of(out);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Orders hits worst first: lower score, then higher id. */
    private static int worseFirst(Hit a, Hit b) {
        return a.score() != b.score() ? Double.compare(a.score(), b.score()) : Integer.compare(b.id(), a.id());
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
                double w = q.tf[i] * (g < 0 ? table.unseen() : idf(table, g));
                qNorm += w * w;
                if (g >= 0) {
                    int at = Arrays.binarySearch(d.grams(), g);
                    if (at >= 0) {
                        dot += w * d.tf()[at] * idf(table, g);
                    }
                }
            }
            double norm = norm(slot, table);
            return qNorm == 0 || norm == 0 ? 0 : dot / Math.sqrt(qNorm) / norm;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The IDF table for the documents held now, rebuilt when more than {@code docs / IDF_DRIFT_DIVISOR} changes
     * happened since the current one was built (called under the read lock; racing rebuilds compute the same).
     */
    private IdfTable idfTable() {
        IdfTable t = idf;
        if (generation - t.generation() <= t.docs() / IDF_DRIFT_DIVISOR) {
            return t;
        }
        double[] values = new double[postings.size()];
        for (int g = 0; g < values.length; g++) {
            values[g] = Math.log((1.0 + live) / (1.0 + postings.get(g).getCardinality())) + 1.0;
        }
        t = new IdfTable(generation, live, values, Math.log(1.0 + live) + 1.0);
        idf = t;
        return t;
    }

    /** The IDF of gram {@code g} under {@code table}; a gram newer than the table by its current frequency. */
    private double idf(IdfTable table, int g) {
        return g < table.idf().length ? table.idf()[g]
                : Math.log((1.0 + table.docs()) / (1.0 + postings.get(g).getCardinality())) + 1.0;
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
            double w = d.tf()[i] * idf(table, d.grams()[i]);
            s += w * w;
        }
        n = new Norm(table.generation(), Math.sqrt(s));
        norms[slot] = n;
        return n.value();
    }
}
