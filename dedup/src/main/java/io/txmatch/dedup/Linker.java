package io.txmatch.dedup;

import io.txmatch.index.CodeIndex;
import io.txmatch.index.CostModel;
import io.txmatch.index.Neighbor;
import io.txmatch.index.Query;
import io.txmatch.index.SearchResult;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;
import org.roaringbitmap.RoaringBitmap;

/**
 * Blocking and verification. Blocking: the nodes' codes go into a {@link CodeIndex}, whose Multi-Index
 * Hashing tables are the code bands ({@link CostModel#blockingSubstrings} of them, or
 * {@link CostModel#probedBlockingSubstrings} when probed): every pair of codes within
 * {@link DedupOptions#radius()} bits shares a band value within {@code radius / m} bits, so each node is
 * compared with at most {@link DedupOptions#maxCandidates()} nodes of its Hamming neighbourhood instead of
 * with every node (cost near-linear in the node count). Verification: a candidate pair becomes an {@link Edges edge} when the
 * cosine of its embeddings reaches {@link DedupOptions#threshold()} and the constraints hold.
 *
 * <p>Thread-safe once built; the Spark job builds one per executor from broadcast vectors.
 */
public final class Linker {
    private final NodeVectors vectors;
    private final int[] group;
    private final int[] epochDay;
    private final DedupOptions options;
    private final CodeIndex index;
    private final RoaringBitmap[] allowed;

    /**
     * @param group    constraint group per node (nodes of different groups are never compared)
     * @param epochDay date per node; read only when {@code options} constrain dates
     */
    public Linker(NodeVectors vectors, int[] group, int[] epochDay, DedupOptions options) {
        int n = vectors.size();
        if (group.length != n || epochDay.length != n) {
            throw new IllegalArgumentException("one group and one day per node");
        }
        this.vectors = vectors;
        this.group = group;
        this.epochDay = epochDay;
        this.options = options;
        int m = options.probeRadius() >= 0
                ? CostModel.probedBlockingSubstrings(vectors.bits(), n)
                : CostModel.blockingSubstrings(vectors.bits(), n, options.radius());
        CodeIndex.Builder b = CodeIndex.builder(vectors.bits()).substrings(m);
        for (int i = 0; i < n; i++) {
            b.add(i, vectors.code(i));
        }
        this.index = b.build();
        int groups = 0;
        for (int g : group) {
            groups = Math.max(groups, g + 1);
        }
        if (groups > 1) {
            allowed = new RoaringBitmap[groups];
            for (int g = 0; g < groups; g++) {
                allowed[g] = new RoaringBitmap();
            }
            for (int i = 0; i < n; i++) {
                allowed[group[i]].add(i);
            }
        } else {
            allowed = null;
        }
    }

    /** The Hamming-nearest nodes within the radius (at most the candidate limit), by distance then id; never the node itself. */
    public int[] candidates(int node) {
        // One more than the limit: the node itself is among its nearest.
        RoaringBitmap filter = allowed == null ? null : allowed[group[node]];
        Query q = Query.knn(vectors.code(node), options.maxCandidates() + 1).within(options.radius()).among(filter);
        SearchResult r = index.search(options.probeRadius() >= 0 ? q.probing(options.probeRadius()) : q);
        List<Neighbor> hits = r.neighbors();
        int[] out = new int[Math.min(options.maxCandidates(), Math.max(0, hits.size() - 1))];
        int k = 0;
        for (int h = 0; h < hits.size() && k < out.length; h++) {
            if (hits.get(h).id() != node) {
                out[k++] = hits.get(h).id();
            }
        }
        return k == out.length ? out : java.util.Arrays.copyOf(out, k);
    }

    /** Verifies {@code node}'s candidates and adds the edges that pass to {@code sink}; returns the candidate count. */
    public int link(int node, Edges sink) {
        int[] cands = candidates(node);
        for (int j : cands) {
            float cos = vectors.cosine(node, j);
            if (cos >= options.threshold()
                    && (!options.datesMatter() || Math.abs(epochDay[node] - epochDay[j]) <= options.maxDateGapDays())) {
                sink.add(node, j, cos);
            }
        }
        return cands.length;
    }

    /** Links every node, in parallel chunks; the result is {@link Edges#sorted}. */
    public Result linkAll(DedupProgress progress) {
        int n = vectors.size();
        progress.stage(DedupProgress.Stage.BLOCK, n);
        int chunk = 1024;
        Result[] parts = IntStream.range(0, (n + chunk - 1) / chunk).parallel().mapToObj(c -> {
            if (progress.cancelled()) {
                throw new CancellationException("dedup cancelled");
            }
            Edges e = new Edges();
            long candidates = 0;
            int to = Math.min(n, (c + 1) * chunk);
            for (int i = c * chunk; i < to; i++) {
                candidates += link(i, e);
            }
            progress.advance(to - c * chunk);
            return new Result(e, candidates);
        }).toArray(Result[]::new);
        Edges all = new Edges();
        long candidates = 0;
        for (Result p : parts) {
            all.addAll(p.edges());
            candidates += p.candidates();
        }
        return new Result(all.sorted(), candidates);
    }

    /** Edges found and candidate pairs compared (a pair found from both ends counts twice). */
    public record Result(Edges edges, long candidates) {
    }
}
