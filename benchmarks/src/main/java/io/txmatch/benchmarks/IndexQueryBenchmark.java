package io.txmatch.benchmarks;

import io.txmatch.index.CodeIndex;
import io.txmatch.index.Codes;
import io.txmatch.index.CostModel;
import io.txmatch.index.Query;
import io.txmatch.index.SearchPath;
import io.txmatch.index.SearchResult;
import io.txmatch.index.fixtures.ClusteredCodes;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Queries per second of a {@link CodeIndex} holding {@code n} seeded clustered codes: exact radius search
 * through Multi-Index Hashing ({@link #mihRadius}) and the linear scan ({@link #scanRadius}) on the same
 * queries, and 10-NN with the index's cost model choosing the path ({@link #knn10Auto}).
 *
 * <p>Data, as in {@code ./txmatch bench index}: {@code n / 100} random centres; each code is a random
 * centre with every bit flipped with probability 0.05 (real hash codes cluster). The {@value #QUERIES}
 * queries are random stored codes with every bit flipped with probability 0.02; each invocation takes the
 * next one in turn. The trial set-up checks that MIH and the scan give the same hits for every query at
 * the trial's radius, so a fast wrong answer stops the run rather than reporting a number.
 *
 * <pre>{@code
 * mvn -B -Pbench -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar IndexQuery                          # n x radius, 3 methods
 * java -jar benchmarks/target/benchmarks.jar 'IndexQuery.mihRadius' -p n=1000000 -p radius=3
 * java -jar benchmarks/target/benchmarks.jar 'IndexQuery.(mih|scan)Radius' -p n=100000
 * java -jar benchmarks/target/benchmarks.jar IndexQuery -p substrings=4         # MIH tables other than the default
 * }</pre>
 *
 * <p>{@code substrings=0} (the default) takes {@link CostModel#defaultSubstrings}, as
 * {@code ./txmatch bench index} does; any other value is used as it is. Set-up bulk-builds the index once
 * per trial, outside the measurement.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class IndexQueryBenchmark {
    /** Distinct queries, cycled through; a power of two. */
    public static final int QUERIES = 256;
    private static final long SEED = 7;

    /** Codes in the index. */
    @Param({"100000", "1000000"})
    public int n;

    /** Code width in bits. */
    @Param({"64"})
    public int bits;

    /** MIH substrings; 0 for the index's default. */
    @Param({"0"})
    public int substrings;

    private CodeIndex index;
    private long[][] queries;

    /** Builds the index and the queries, seeded. */
    @Setup(Level.Trial)
    public void build() {
        Random r = new Random(SEED);
        long[][] centres = new long[Math.max(1, n / 100)][];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = ClusteredCodes.near(r, new long[Codes.words(bits)], bits, 0.5);
        }
        CodeIndex.Builder builder = CodeIndex.builder(bits)
                .substrings(substrings == 0 ? CostModel.defaultSubstrings(bits) : substrings);
        long[][] stored = new long[n][];
        for (int id = 0; id < n; id++) {
            stored[id] = ClusteredCodes.near(r, centres[r.nextInt(centres.length)], bits, 0.05);
            builder.add(id, stored[id]);
        }
        index = builder.build();
        queries = new long[QUERIES][];
        for (int i = 0; i < QUERIES; i++) {
            queries[i] = ClusteredCodes.near(r, stored[r.nextInt(n)], bits, 0.02);
        }
    }

    /** The radius of a radius benchmark; its own state, so {@link #knn10Auto} does not run once per radius. */
    @State(Scope.Benchmark)
    public static class Radius {
        /** Hamming radius of the search. */
        @Param({"1", "3"})
        public int radius;

        /** Stops the trial unless MIH and the scan agree on every query at this radius. */
        @Setup(Level.Trial)
        public void check(IndexQueryBenchmark b) {
            for (long[] q : b.queries) {
                SearchResult mih = b.index.search(Query.radius(q, radius).on(SearchPath.MIH));
                SearchResult scan = b.index.search(Query.radius(q, radius).on(SearchPath.SCAN));
                if (!mih.neighbors().equals(scan.neighbors())) {
                    throw new IllegalStateException("MIH and scan disagree at radius " + radius + ": benchmark stopped");
                }
            }
        }
    }

    /** Each thread's position in the query list. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        long[] next(long[][] queries) {
            return queries[next++ & (QUERIES - 1)];
        }
    }

    /** Radius search through Multi-Index Hashing. */
    @Benchmark
    public SearchResult mihRadius(Radius radius, Cursor cursor) {
        return index.search(Query.radius(cursor.next(queries), radius.radius).on(SearchPath.MIH));
    }

    /** Radius search by linear scan: the baseline. */
    @Benchmark
    public SearchResult scanRadius(Radius radius, Cursor cursor) {
        return index.search(Query.radius(cursor.next(queries), radius.radius).on(SearchPath.SCAN));
    }

    /** The 10 nearest codes, path chosen by the index's cost model. */
    @Benchmark
    public SearchResult knn10Auto(Cursor cursor) {
        return index.search(Query.knn(cursor.next(queries), 10).on(SearchPath.AUTO));
    }

    CodeIndex index() {
        return index;
    }

    long[][] queries() {
        return queries;
    }

}
