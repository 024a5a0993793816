package io.txmatch.dedup;

import java.util.concurrent.CancellationException;

/**
 * Average linkage over the verified edges, a clustering that resists chaining. Edges are taken strongest first
 * (the order of {@link Edges#sorted}); an edge joins its two clusters only if the mean cosine over EVERY pair
 * of members across the two clusters also reaches the threshold (computed exactly from the clusters' embedding
 * sums) and, with a date constraint, the joined cluster spans at most the allowed days. Plain connected
 * components would join A–B–C–D… into one cluster through any chain of pairwise links; here a cluster only
 * grows by what resembles all of it on average. Deterministic for a given edge list.
 *
 * <p>Each cluster's representative is its member nearest the centroid (ties: the lowest node); a member's
 * score is its cosine to the representative.
 */
public final class Clustering {
    private Clustering() {
    }

    /** Clusters of the nodes: per node its representative node and its score to it. */
    public record Assignment(int[] representative, float[] score) {
        /** Number of clusters. */
        public int clusters() {
            int c = 0;
            for (int i = 0; i < representative.length; i++) {
                if (representative[i] == i) {
                    c++;
                }
            }
            return c;
        }
    }

    /**
     * Clusters {@code vectors.size()} nodes along {@code edges} (sorted, see {@link Edges#sorted}).
     *
     * @param epochDay date per node, read only when {@code options} constrain dates
     */
    public static Assignment cluster(NodeVectors vectors, int[] epochDay, DedupOptions options, Edges edges,
                                     DedupProgress progress) {
        int n = vectors.size();
        int dim = vectors.dim();
        float[] emb = vectors.embeddings();
        int[] parent = new int[n];
        // Centroid sums of roots live in a lazily grown table: singletons read their own embedding.
        float[][] sum = new float[n][];
        int[] size = new int[n];
        int[] minDay = epochDay.clone();
        int[] maxDay = epochDay.clone();
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            size[i] = 1;
        }
        progress.stage(DedupProgress.Stage.CLUSTER, edges.size());
        float t = (float) options.threshold();
        long reported = 0;
        for (int e = 0; e < edges.size(); e++) {
            if ((e & 0xFFFF) == 0 && e > 0) {
                progress.advance(e - reported);
                reported = e;
                if (progress.cancelled()) {
                    throw new CancellationException("dedup cancelled");
                }
            }
            int a = find(parent, edges.a(e));
            int b = find(parent, edges.b(e));
            if (a == b) {
                continue;
            }
            if (options.datesMatter()
                    && Math.max(maxDay[a], maxDay[b]) - Math.min(minDay[a], minDay[b]) > options.maxDateGapDays()) {
                continue;
            }
            float[] sa = centroidSum(sum, emb, a, dim);
            float[] sb = centroidSum(sum, emb, b, dim);
            // Average linkage: the mean cosine over every pair across the two clusters is the dot product of their
            // embedding sums divided by the pair count (embeddings are unit vectors).
            if ((size[a] > 1 || size[b] > 1) && dot(sa, sb) / ((double) size[a] * size[b]) < t) {
                continue;
            }
            // Union by size; the larger root keeps its sum array.
            int big = size[a] >= size[b] ? a : b;
            int small = big == a ? b : a;
            float[] target = sum[big] != null ? sum[big] : (sum[big] = (big == a ? sa : sb).clone());
            float[] add = big == a ? sb : sa;
            for (int c = 0; c < dim; c++) {
                target[c] += add[c];
            }
            sum[small] = null;
            parent[small] = big;
            size[big] += size[small];
            minDay[big] = Math.min(minDay[big], minDay[small]);
            maxDay[big] = Math.max(maxDay[big], maxDay[small]);
        }
        progress.advance(edges.size() - reported);
        return representatives(vectors, parent, sum);
    }

    private static Assignment representatives(NodeVectors vectors, int[] parent, float[][] sum) {
        int n = parent.length;
        int dim = vectors.dim();
        float[] emb = vectors.embeddings();
        int[] root = new int[n];
        int[] best = new int[n];
        float[] bestSim = new float[n];
        java.util.Arrays.fill(best, -1);
        for (int i = 0; i < n; i++) {
            int r = find(parent, i);
            root[i] = r;
            float[] s = centroidSum(sum, emb, r, dim);
            float sim = 0;
            for (int c = 0; c < dim; c++) {
                sim += s[c] * emb[i * dim + c];
            }
            if (best[r] < 0 || sim > bestSim[r]) {
                best[r] = i;
                bestSim[r] = sim;
            }
        }
        int[] rep = new int[n];
        float[] score = new float[n];
        for (int i = 0; i < n; i++) {
            rep[i] = best[root[i]];
            score[i] = rep[i] == i ? 1f : Math.max(0f, Math.min(1f, vectors.cosine(i, rep[i])));
        }
        return new Assignment(rep, score);
    }

    private static float[] centroidSum(float[][] sum, float[] emb, int root, int dim) {
        return sum[root] != null ? sum[root] : java.util.Arrays.copyOfRange(emb, root * dim, (root + 1) * dim);
    }

    private static double dot(float[] a, float[] b) {
        double dot = 0;
        for (int c = 0; c < a.length; c++) {
            dot += a[c] * b[c];
        }
        return dot;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
