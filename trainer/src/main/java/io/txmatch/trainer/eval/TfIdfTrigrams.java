package io.txmatch.trainer.eval;

import io.txmatch.model.TextNormaliser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline every learned result is reported beside: TF-IDF over character trigrams of the
 * normalised text (padded with one space each side), sublinear term frequency, cosine similarity.
 * IDF is fitted on the gallery (the enrolled examples). Texts are normalised as the encoder it is compared
 * with normalises them ({@link io.txmatch.model.Encoder#normaliser()}).
 */
public final class TfIdfTrigrams {
    private final TextNormaliser normaliser;
    private final Map<String, Double> idf = new HashMap<>();
    private final double unseenIdf;

    /** Fits IDF on {@code gallery} texts (raw; they are normalised here with {@code normaliser}). */
    public TfIdfTrigrams(List<String> gallery, TextNormaliser normaliser) {
        this.normaliser = normaliser;
        Map<String, Integer> df = new HashMap<>();
        for (String text : gallery) {
            for (String g : counts(text).keySet()) {
                df.merge(g, 1, Integer::sum);
            }
        }
        int n = gallery.size();
        df.forEach((g, d) -> idf.put(g, Math.log((1.0 + n) / (1.0 + d)) + 1.0));
        unseenIdf = Math.log(1.0 + n) + 1.0;
    }

    private Map<String, Integer> counts(String raw) {
        String s = " " + normaliser.normalise(raw) + " ";
        Map<String, Integer> c = new HashMap<>();
        for (int i = 0; i + 3 <= s.length(); i++) {
            c.merge(s.substring(i, i + 3), 1, Integer::sum);
        }
        return c;
    }

    /** L2-normalised TF-IDF vector of a raw text. */
    public Map<String, Double> vector(String raw) {
        Map<String, Double> v = new HashMap<>();
        double norm = 0;
        for (Map.Entry<String, Integer> e : counts(raw).entrySet()) {
            double w = (1 + Math.log(e.getValue())) * idf.getOrDefault(e.getKey(), unseenIdf);
            v.put(e.getKey(), w);
            norm += w * w;
        }
        double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        v.replaceAll((k, w) -> w * inv);
        return v;
    }

    /** Cosine of two vectors from {@link #vector}. */
    public static double cosine(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> small = a.size() <= b.size() ? a : b;
        Map<String, Double> large = small == a ? b : a;
        double s = 0;
        for (Map.Entry<String, Double> e : small.entrySet()) {
            Double w = large.get(e.getKey());
            if (w != null) {
                s += e.getValue() * w;
            }
        }
        return s;
    }
}
