package io.txmatch.trainer;

import io.txmatch.index.Hamming;
import io.txmatch.model.Encoder;
import io.txmatch.trainer.data.DescriptorGenerator;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.data.Merchant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/** One-shot validation during training: one enrolled descriptor per merchant, two queries each. */
final class ValidationSet {
    private final List<String> gallery;
    private final List<String> queries;
    private final int[] truth;

    private ValidationSet(List<String> gallery, List<String> queries, int[] truth) {
        this.gallery = gallery;
        this.queries = queries;
        this.truth = truth;
    }

    static ValidationSet of(DescriptorGenerator gen, List<Merchant> merchants, List<Family> families, long seed) {
        Random r = new Random(seed);
        List<String> gallery = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        for (int i = 0; i < merchants.size(); i++) {
            gallery.add(gen.sample(merchants.get(i), families, r).text());
            for (int q = 0; q < 2; q++) {
                queries.add(gen.sample(merchants.get(i), families, r).text());
                truth.add(i);
            }
        }
        return new ValidationSet(gallery, queries, truth.stream().mapToInt(Integer::intValue).toArray());
    }

    double top1(Function<List<String>, float[][]> embed) {
        float[][] g = embed.apply(gallery);
        float[][] q = embed.apply(queries);
        int correct = 0;
        for (int i = 0; i < q.length; i++) {
            int best = -1;
            float bestSim = -2;
            for (int j = 0; j < g.length; j++) {
                float s = Encoder.cosine(q[i], g[j]);
                if (s > bestSim) {
                    bestSim = s;
                    best = j;
                }
            }
            correct += best == truth[i] ? 1 : 0;
        }
        return correct / (double) q.length;
    }

    /** Expected top-1 of pure Hamming ranking, ties at the nearest distance broken at random. */
    double top1Hamming(Encoder encoder) {
        long[][] g = encoder.encode(gallery).codes();
        long[][] q = encoder.encode(queries).codes();
        double sum = 0;
        for (int i = 0; i < q.length; i++) {
            int bestD = Integer.MAX_VALUE;
            int ties = 0;
            boolean truthAtBest = false;
            for (int j = 0; j < g.length; j++) {
                int d = Hamming.distance(q[i], g[j]);
                if (d < bestD) {
                    bestD = d;
                    ties = 1;
                    truthAtBest = j == truth[i];
                } else if (d == bestD) {
                    ties++;
                    truthAtBest |= j == truth[i];
                }
            }
            sum += truthAtBest ? 1.0 / ties : 0;
        }
        return sum / q.length;
    }
}
