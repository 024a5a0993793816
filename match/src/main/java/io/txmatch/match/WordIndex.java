package io.txmatch.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.RoaringBitmap;

/**
 * The word channel: how rare, in this catalogue, is the rarest word a query shares with an exemplar. Real
 * descriptors carry the merchant's name among wrapper words (channel prefixes, processor names, cities, masked
 * ids) that many exemplars share; the name is usually the one word few exemplars have. The trigram cosine of
 * {@link LexicalIndex} spreads its weight over every character of the text, so a long shared wrapper outweighs a
 * short shared name; this channel scores only the rarest shared word.
 *
 * <pre>{@code
 * WordIndex words = new WordIndex(WordPrior.NONE);
 * words.add(7, "ORIG CO NAME ALDI 0 0 ORIG ID 0");          // normalised texts
 * words.add(8, "ORIG CO NAME TESCO 0 ORIG ID 0");
 * WordIndex.Query q = words.query("POS DB ALDI 0 IRVINE CA");
 * words.score(q, 7);   // ALDI: in 1 of 2 exemplars
 * words.score(q, 8);   // 0: nothing shared
 * }</pre>
 *
 * <p>A word is a space-separated token of the normalised text of two or more characters with at least one letter
 * (so store numbers, dates, masks and codes are not words). The score of exemplar {@code e} for query {@code q} is
 * {@code max idf(w) * nameness(w) / (ln(n + 1) + 1)} over the words {@code w} in both, with
 * {@code idf(w) = ln((n + 1) / (df(w) + 1)) + 1} ({@code n} exemplars held, {@code df(w)} of them with {@code w}) and
 * {@code nameness} the {@link WordPrior}'s: 0 when nothing is shared, near 1 for a name word only that exemplar has
 * in a large catalogue. IDF alone would take a wrapper word of a format the catalogue has not seen yet for a rare
 * name; the prior knows the common wrapper vocabulary, cities and states.
 * Exact under {@link #add} and {@link #remove}: document frequencies are the posting lists' sizes.
 *
 * <p>One index per tenant (the {@link Matcher} keeps them), so IDF is the tenant's own catalogue's.
 * Thread-safe: searches share a read lock, writes take the write lock.
 */
public final class WordIndex {
    /** A query's words, each once, in text order. */
    public static final class Query {
        final String[] words;

        Query(String[] words) {
            this.words = words;
        }
    }

    private final WordPrior prior;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, RoaringBitmap> postings = new HashMap<>();
    private final Map<Integer, String[]> docs = new HashMap<>();

    /** An empty index whose words are weighed by {@code prior}. */
    public WordIndex(WordPrior prior) {
        this.prior = prior;
    }

    /** The words of a normalised text, each once, in text order (see the class comment). */
    public static String[] words(String normalised) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : normalised.split(" ")) {
            if (w.length() > 1 && !noise(w)) {
                out.add(w);
            }
        }
        return out.toArray(new String[0]);
    }

    private static boolean noise(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (Character.isLetter(w.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Exemplars held. */
    public int size() {
        lock.readLock().lock();
        try {
            return docs.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Adds exemplar {@code id} with its normalised text; an id already held is replaced. */
    public void add(int id, String normalised) {
        String[] words = words(normalised);
        lock.writeLock().lock();
        try {
            removeLocked(id);
            docs.put(id, words);
            for (String w : words) {
                postings.computeIfAbsent(w, k -> new RoaringBitmap()).add(id);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes exemplar {@code id}; returns whether it was held. */
    public boolean remove(int id) {
        lock.writeLock().lock();
        try {
            return removeLocked(id);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private boolean removeLocked(int id) {
        String[] words = docs.remove(id);
        if (words == null) {
            return false;
        }
        for (String w : words) {
            RoaringBitmap p = postings.get(w);
            p.remove(id);
            if (p.isEmpty()) {
                postings.remove(w);
            }
        }
        return true;
    }

    /** The words of a normalised query text. */
    public Query query(String normalised) {
        return new Query(words(normalised));
    }

    /** The channel's score of exemplar {@code id} for {@code q} (see the class comment); 0 when not held. */
    public double score(Query q, int id) {
        lock.readLock().lock();
        try {
            String[] mine = docs.get(id);
            if (mine == null || q.words.length == 0) {
                return 0;
            }
            double best = 0;
            for (String w : q.words) {
                RoaringBitmap p = postings.get(w);
                if (p != null && p.contains(id)) {
                    best = Math.max(best, idf(p.getCardinality()) * prior.nameness(w));
                }
            }
            return best / idf(0);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Up to {@code limit} exemplars (in {@code allowed} when not null) that share the query's rarest words: the
     * posting lists of the query's words, rarest first, until {@code limit} ids are gathered (a list that would
     * overflow it is cut, lowest ids first). Order is not a ranking.
     */
    public List<Integer> candidates(Query q, int limit, RoaringBitmap allowed) {
        lock.readLock().lock();
        try {
            List<RoaringBitmap> lists = new ArrayList<>();
            for (String w : q.words) {
                RoaringBitmap p = postings.get(w);
                if (p != null) {
                    lists.add(allowed == null ? p : RoaringBitmap.and(p, allowed));
                }
            }
            lists.sort(Comparator.comparingInt(RoaringBitmap::getCardinality));
            RoaringBitmap out = new RoaringBitmap();
            for (RoaringBitmap p : lists) {
                if (p.isEmpty()) {
                    continue;
                }
                if (out.getCardinality() >= limit) {
                    break;
                }
                RoaringBitmap added = RoaringBitmap.andNot(p, out);
                int room = limit - out.getCardinality();
                if (added.getCardinality() > room) {
                    added = RoaringBitmap.bitmapOf(Arrays.copyOf(added.toArray(), room));
                }
                out.or(added);
            }
            List<Integer> ids = new ArrayList<>(out.getCardinality());
            out.forEach((int id) -> ids.add(id));
            return ids;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Smoothed IDF of a word in {@code df} of the exemplars held (called under the lock). */
    private double idf(int df) {
        int n = docs.size();
        return Math.log((n + 1.0) / (df + 1.0)) + 1.0;
    }
}
