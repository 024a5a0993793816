package io.txmatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class LexicalIndexTest {
    private static final String[] WORDS = {"TESCO", "STORES", "ALDI", "AMAZON", "MKTP", "POS", "PURCHASE", "CARD", "LONDON",
        "BIRMINGHAM", "COSTA", "COFFEE", "PREMIER", "INN", "TRAVELODGE", "SQ", "*", "#0", "LTD", "UK"};

    private static String text(Random r) {
        int n = 1 + r.nextInt(5);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
            if (r.nextInt(4) == 0) {
                b.append(r.nextInt(1000));
            }
        }
        return b.toString();
    }

    /** TF-IDF cosine computed from scratch over the documents held (the baseline's formula). */
    private static Map<Integer, Double> brute(LexicalFeatures f, Map<Integer, String> docs, String query) {
        Map<Long, Integer> df = new HashMap<>();
        for (String d : docs.values()) {
            f.counts(d).keySet().forEach(g -> df.merge(g, 1, Integer::sum));
        }
        int n = docs.size();
        java.util.function.Function<String, Map<Long, Double>> vec = t -> {
            Map<Long, Double> v = new HashMap<>();
            f.counts(t).forEach((g, c) -> v.put(g, (1 + Math.log(c))
                    * (df.containsKey(g) ? Math.log((1.0 + n) / (1.0 + df.get(g))) + 1 : Math.log(1.0 + n) + 1)));
            double norm = Math.sqrt(v.values().stream().mapToDouble(x -> x * x).sum());
            v.replaceAll((g, x) -> x / norm);
            return v;
        };
        Map<Long, Double> q = vec.apply(query);
        Map<Integer, Double> out = new HashMap<>();
        docs.forEach((id, d) -> {
            Map<Long, Double> v = vec.apply(d);
            double s = 0;
            for (Map.Entry<Long, Double> e : q.entrySet()) {
                s += e.getValue() * v.getOrDefault(e.getKey(), 0.0);
            }
            out.put(id, s);
        });
        return out;
    }

    @Test
    void search_and_score_equal_tfidf_from_scratch_through_adds_and_removes() {
        LexicalIndex index = new LexicalIndex(LexicalFeatures.DEFAULT);
        churn(index);
        assertThat(index.slots()).as("no compaction below the minimum").isGreaterThan(index.size() * 2);
    }

    @Test
    void compaction_reclaims_dead_slots_and_changes_no_answer() {
        LexicalIndex index = new LexicalIndex(LexicalFeatures.DEFAULT, 4);
        churn(index);
        assertThat(index.slots()).isLessThanOrEqualTo(2 * index.size() + 4);
    }

    @Test
    void idf_lags_by_at_most_the_drift_bound_on_large_indexes() {
        LexicalIndex index = new LexicalIndex(LexicalFeatures.DEFAULT);
        Map<Integer, String> held = new HashMap<>();
        Random r = new Random(5);
        for (int id = 0; id < 2000; id++) {
            String t = text(r);
            index.add(id, t);
            held.put(id, t);
        }
        String query = "TESCO STORES LONDON";
        LexicalIndex.Query q = index.query(query);
        Map<Integer, Double> exact = brute(LexicalFeatures.DEFAULT, held, query);
        for (LexicalIndex.Hit h : index.search(q, 50, null)) {
            assertThat(h.score()).isCloseTo(exact.get(h.id()), within(1e-9));
        }
        // Fewer changes than 2000 / IDF_DRIFT_DIVISOR: the table stays; scores move by little, never by much.
        for (int id = 2000; id < 2000 + 2000 / LexicalIndex.IDF_DRIFT_DIVISOR; id++) {
            String t = "TESCO " + text(r);
            index.add(id, t);
            held.put(id, t);
        }
        exact = brute(LexicalFeatures.DEFAULT, held, query);
        for (LexicalIndex.Hit h : index.search(index.query(query), 50, null)) {
            assertThat(h.score()).isCloseTo(exact.get(h.id()), within(0.01));
        }
        // One more change and the next search rebuilds the table: exact again.
        index.add(99_999, "ALDI");
        held.put(99_999, "ALDI");
        exact = brute(LexicalFeatures.DEFAULT, held, query);
        for (LexicalIndex.Hit h : index.search(index.query(query), 50, null)) {
            assertThat(h.score()).isCloseTo(exact.get(h.id()), within(1e-9));
        }
    }

    /** Random adds, replacements and removes, each 20th step checked against TF-IDF from scratch. */
    private static void churn(LexicalIndex index) {
        LexicalFeatures f = index.features();
        Map<Integer, String> held = new HashMap<>();
        Random r = new Random(11);
        for (int step = 0; step < 400; step++) {
            int id = r.nextInt(150);
            if (r.nextInt(4) == 0) {
                assertThat(index.remove(id)).isEqualTo(held.remove(id) != null);
            } else {
                String t = text(r);
                index.add(id, t);
                held.put(id, t);
            }
            if (step % 20 != 19) {
                continue;
            }
            String query = text(r);
            RoaringBitmap allowed = new RoaringBitmap();
            held.keySet().stream().filter(x -> x % 3 != 0).forEach(allowed::add);
            Map<Integer, Double> expected = brute(f, held, query);
            LexicalIndex.Query q = index.query(query);
            List<LexicalIndex.Hit> hits = index.search(q, 1000, allowed);
            List<Integer> want = new ArrayList<>();
            expected.forEach((doc, s) -> {
                if (s > 1e-12 && allowed.contains(doc)) {
                    want.add(doc);
                }
            });
            assertThat(hits).extracting(LexicalIndex.Hit::id).as("query %s", query).containsExactlyInAnyOrderElementsOf(want);
            for (LexicalIndex.Hit h : hits) {
                assertThat(h.score()).isCloseTo(expected.get(h.id()), within(1e-6));
                assertThat(index.score(q, h.id())).isCloseTo(expected.get(h.id()), within(1e-6));
            }
            for (int i = 1; i < hits.size(); i++) {
                assertThat(hits.get(i - 1).score()).isGreaterThanOrEqualTo(hits.get(i).score());
            }
            assertThat(index.size()).isEqualTo(held.size());
        }
    }

    @Test
    void limit_keeps_the_best_and_unrelated_documents_never_match() {
        LexicalIndex index = new LexicalIndex(LexicalFeatures.DEFAULT);
        index.add(1, "TESCO STORES 2041");
        index.add(2, "TESCO PFS 3321");
        index.add(3, "AMAZON MKTP UK");
        List<LexicalIndex.Hit> hits = index.search(index.query("TESCO STORES 99"), 1, null);
        assertThat(hits).extracting(LexicalIndex.Hit::id).containsExactly(1);
        assertThat(index.search(index.query("QQQ"), 10, null)).isEmpty();
        assertThat(index.score(index.query("TESCO"), 42)).isZero();
    }
}
