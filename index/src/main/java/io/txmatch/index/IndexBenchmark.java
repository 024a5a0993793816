package io.txmatch.index;

import java.util.Arrays;
import java.util.Random;

/**
 * The index benchmark behind {@code ./txmatch bench index}: N seeded clustered codes (as real hash codes
 * cluster), the same queries through Multi-Index Hashing and the linear scan in one process, medians over
 * alternating rounds after a warm-up. Every query's answers are compared between the two paths, so the
 * benchmark fails rather than report a fast wrong answer.
 */
public final class IndexBenchmark {
    /**
     * Benchmark figures.
     *
     * @param mihQps           median queries per second through MIH
     * @param linearQps        median queries per second through the scan
     * @param memBytesPerCode  heap growth of building the index divided by n (approximate)
     * @param meanCandidates   mean codes verified per MIH query
     * @param meanHits         mean hits per query
     */
    public record Result(int n, int bits, int radius, int substrings, double mihQps, double linearQps,
                         double memBytesPerCode, double meanCandidates, double meanHits) {
        /** The one-line summary the issue asks for. */
        public String line() {
            return String.format(java.util.Locale.ROOT,
                    "index-bench n=%d bits=%d r=%d: mih_qps=%.0f linear_qps=%.1f speedup=%.1fx mem_bytes_per_code=%.1f",
                    n, bits, radius, mihQps, linearQps, mihQps / linearQps, memBytesPerCode);
        }
    }

    private IndexBenchmark() {
    }

    /** A code near {@code centre}: each bit flipped with probability {@code p}. */
    static long[] near(Random r, long[] centre, int bits, double p) {
        long[] c = centre.clone();
        for (int i = 0; i < bits; i++) {
            if (r.nextDouble() < p) {
                c[i >>> 6] ^= 1L << (i & 63);
            }
        }
        return c;
    }

    static long[] random(Random r, int bits) {
        long[] c = new long[Codes.words(bits)];
        return near(r, c, bits, 0.5);
    }

    /** Runs the benchmark; {@code rounds} timed rounds per path after one warm-up round each. */
    public static Result run(int n, int bits, int radius, int queries, int rounds, long seed) {
        Random r = new Random(seed);
        long[][] centres = new long[Math.max(1, n / 100)][];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = random(r, bits);
        }
        System.gc();
        long before = usedHeap();
        CodeIndex index = new CodeIndex(bits, MultiIndex.defaultSubstrings(bits, n));
        long[][] stored = new long[Math.min(n, 100_000)][];
        for (int id = 0; id < n; id++) {
            long[] code = near(r, centres[r.nextInt(centres.length)], bits, 0.05);
            index.put(id, code);
            if (id < stored.length) {
                stored[id] = code;
            }
        }
        System.gc();
        long after = usedHeap();
        long[][] qs = new long[queries][];
        for (int i = 0; i < queries; i++) {
            qs[i] = near(r, stored[r.nextInt(stored.length)], bits, 0.02);
        }
        double candidates = 0;
        double hits = 0;
        for (long[] q : qs) {
            SearchResult mih = index.radius(q, radius, null, SearchPath.MIH);
            SearchResult scan = index.radius(q, radius, null, SearchPath.SCAN);
            if (!mih.neighbors().equals(scan.neighbors())) {
                throw new IllegalStateException("MIH and scan disagree on a query: benchmark stopped");
            }
            candidates += mih.candidates();
            hits += mih.neighbors().size();
        }
        double[] mihQps = new double[rounds];
        double[] scanQps = new double[rounds];
        for (int round = -1; round < rounds; round++) {
            double m = qps(index, qs, radius, SearchPath.MIH);
            double s = qps(index, qs, radius, SearchPath.SCAN);
            if (round >= 0) {
                mihQps[round] = m;
                scanQps[round] = s;
            }
        }
        return new Result(n, bits, radius, index.substrings(), median(mihQps), median(scanQps),
                (after - before) / (double) n, candidates / queries, hits / queries);
    }

    private static double qps(CodeIndex index, long[][] qs, int radius, SearchPath path) {
        long t0 = System.nanoTime();
        long sink = 0;
        for (long[] q : qs) {
            sink += index.radius(q, radius, null, path).neighbors().size();
        }
        long elapsed = System.nanoTime() - t0;
        if (sink < 0) {
            throw new AssertionError();
        }
        return qs.length / (elapsed / 1e9);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
