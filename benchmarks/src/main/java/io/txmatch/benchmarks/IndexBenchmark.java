package io.txmatch.benchmarks;

import static io.txmatch.index.fixtures.ClusteredCodes.near;
import static io.txmatch.index.fixtures.ClusteredCodes.random;

import io.txmatch.index.CodeIndex;
import io.txmatch.index.Codes;
import io.txmatch.index.CostModel;
import io.txmatch.index.Query;
import io.txmatch.index.SearchPath;
import io.txmatch.index.SearchResult;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * The index benchmark behind {@code ./txmatch bench index}: N seeded clustered codes (as real hash codes
 * cluster), the same queries through Multi-Index Hashing and the linear scan in one process, medians over
 * alternating rounds after a warm-up. Each query's answers (the first 1,000) are compared between the two
 * paths, so the benchmark fails rather than report a fast wrong answer. Codes come from the index's test
 * fixtures ({@link io.txmatch.index.fixtures.ClusteredCodes}), as the property tests' do.
 */
public final class IndexBenchmark {
    /**
     * Benchmark figures.
     *
     * @param mihQps           median queries per second through MIH
     * @param linearQps        median queries per second through the scan
     * @param heapBytesPerCode  heap growth of building the index divided by n, after garbage collection
     * @param structBytesPerCode bytes of the index's arrays and bitmaps divided by n (exact)
     * @param meanCandidates   mean codes verified per MIH query
     * @param meanHits         mean hits per query
     */
    public record Result(int n, int bits, int radius, int substrings, double mihQps, double linearQps,
                         double heapBytesPerCode, double structBytesPerCode, double meanCandidates,
                         double meanHits) {
        /** The one-line summary the issue asks for. */
        public String line() {
            return String.format(java.util.Locale.ROOT,
                    "index-bench n=%d bits=%d r=%d: mih_qps=%.0f linear_qps=%.1f speedup=%.1fx mem_bytes_per_code=%.1f",
                    n, bits, radius, mihQps, linearQps, mihQps / linearQps, structBytesPerCode);
        }
    }

    /** Queries whose MIH answers are compared with the scan's (all of them up to this many). */
    static final int CHECKED_QUERIES = 1000;

    /** Shortest timed round: 0.2 s, as in bench/faiss_bench.py. */
    static final long MIN_ROUND_NANOS = 200_000_000L;

    private IndexBenchmark() {
    }

    /**
     * Runs the benchmark; {@code rounds} timed rounds per path after one warm-up round each. When
     * {@code codesOut} is not null, the codes, the queries and the exact total of hits are written there for
     * other engines (bench/faiss_bench.py), in the format of {@link #writeCodes}.
     */
    public static Result run(int n, int bits, int radius, int queries, int rounds, long seed, Path codesOut)
            throws IOException {
        return run(n, bits, radius, CostModel.defaultSubstrings(bits), queries, rounds, seed, codesOut);
    }

    /** As {@link #run(int, int, int, int, int, long, Path)} with {@code substrings} MIH tables. */
    public static Result run(int n, int bits, int radius, int substrings, int queries, int rounds, long seed, Path codesOut)
            throws IOException {
        Random r = new Random(seed);
        long[][] centres = new long[Math.max(1, n / 100)][];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = random(r, bits);
        }
        System.gc();
        long before = usedHeap();
        CodeIndex.Builder builder = CodeIndex.builder(bits).substrings(substrings);
        long[][] stored = new long[Math.min(n, 100_000)][];
        for (int id = 0; id < n; id++) {
            long[] code = near(r, centres[r.nextInt(centres.length)], bits, 0.05);
            builder.add(id, code);
            if (id < stored.length) {
                stored[id] = code;
            }
        }
        CodeIndex index = builder.build();
        builder = null;
        System.gc();
        long after = usedHeap();
        long[][] qs = new long[queries][];
        for (int i = 0; i < queries; i++) {
            qs[i] = near(r, stored[r.nextInt(stored.length)], bits, 0.02);
        }
        double candidates = 0;
        double hits = 0;
        for (int i = 0; i < qs.length; i++) {
            long[] q = qs[i];
            SearchResult mih = index.search(Query.radius(q, radius).on(SearchPath.MIH));
            if (i < CHECKED_QUERIES) {
                SearchResult scan = index.search(Query.radius(q, radius).on(SearchPath.SCAN));
                if (!mih.neighbors().equals(scan.neighbors())) {
                    throw new IllegalStateException("MIH and scan disagree on a query: benchmark stopped");
                }
            }
            candidates += mih.candidates();
            hits += mih.neighbors().size();
        }
        if (codesOut != null) {
            writeCodes(codesOut, index, qs, radius, (long) hits);
            // Writing compacts the index (a whole new segment) and copies the codes: collect that garbage now,
            // not in the timed rounds (a concurrent collection there halved the MIH rate on 10M codes).
            System.gc();
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
                (after - before) / (double) n, index.bytes() / (double) n, candidates / queries, hits / queries);
    }

    /**
     * Writes codes for other engines, little-endian: "TXCB" | int32 version 1 | int32 bits | int32 words |
     * int32 n | int32 queries | int32 radius | int64 total of hits over all queries, as MIH found them (the
     * first {@value #CHECKED_QUERIES} queries' answers equal the scan's; other engines check the rest) | n codes in id
     * order, then the queries, each as {@code words} int64 | uint32 CRC32 (zlib's) of everything before.
     */
    static void writeCodes(Path path, CodeIndex index, long[][] queries, int radius, long expectedHits)
            throws IOException {
        int words = Codes.words(index.bits());
        int n = index.size();
        long[] byId = new long[n * words];
        index.forEach((id, code) -> System.arraycopy(code, 0, byId, id * words, words));
        CRC32 crc = new CRC32();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
            ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN);
            b.put("TXCB".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(index.bits()).putInt(words)
                    .putInt(n).putInt(queries.length).putInt(radius).putLong(expectedHits);
            write(out, crc, b.array(), 36);
            ByteBuffer w = ByteBuffer.allocate(8 * 4096).order(ByteOrder.LITTLE_ENDIAN);
            long[][] parts = {byId, Arrays.stream(queries).flatMapToLong(Arrays::stream).toArray()};
            for (long[] part : parts) {
                for (long v : part) {
                    w.putLong(v);
                    if (!w.hasRemaining()) {
                        write(out, crc, w.array(), w.position());
                        w.clear();
                    }
                }
                write(out, crc, w.array(), w.position());
                w.clear();
            }
            ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
            out.write(tail.array());
        }
    }

    private static void write(OutputStream out, CRC32 crc, byte[] b, int len) throws IOException {
        crc.update(b, 0, len);
        out.write(b, 0, len);
    }

    /**
     * Queries per second of one round. MIH passes over all queries, repeated until {@link #MIN_ROUND_NANOS}
     * have gone by (as bench/faiss_bench.py does), so that a fast path is not timed over a millisecond and
     * many distinct queries ({@code --queries}) are all run, as their cache misses are the point. The scan
     * touches every code for every query, so it stops at the first query that ends past that time.
     */
    private static double qps(CodeIndex index, long[][] qs, int radius, SearchPath path) {
        long t0 = System.nanoTime();
        long sink = 0;
        long done = 0;
        long elapsed;
        do {
            sink += index.search(Query.radius(qs[(int) (done % qs.length)], radius).on(path)).neighbors().size();
            done++;
            elapsed = System.nanoTime() - t0;
        } while (elapsed < MIN_ROUND_NANOS || (path != SearchPath.SCAN && done % qs.length != 0));
        if (sink < 0) {
            throw new AssertionError();
        }
        return done / (elapsed / 1e9);
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
