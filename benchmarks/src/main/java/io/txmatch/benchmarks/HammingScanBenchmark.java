package io.txmatch.benchmarks;

import io.txmatch.index.Codes;
import io.txmatch.index.Hamming;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Hamming kernel alone: one query against a flat {@code long[]} of {@value #N} seeded random codes
 * through {@link Hamming#distance(long[], long[], int, int)}, counting the codes within {@code radius}.
 * This is the inner loop of the index's linear scan without the index around it, so it bounds what
 * {@code SearchPath.SCAN} can reach.
 *
 * <pre>{@code
 * mvn -B -Pbench -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar HammingScan                   # bits 64, 128, 256
 * java -jar benchmarks/target/benchmarks.jar HammingScan -p bits=64        # one width
 * java -jar benchmarks/target/benchmarks.jar HammingScan -bm avgt -tu ns   # ns per code
 * }</pre>
 *
 * <p>One invocation scans all {@value #N} codes and is reported as {@value #N} operations
 * ({@code @OperationsPerInvocation}), so the throughput score is codes per second and the average-time
 * score is time per code. The count is returned, so JMH consumes it and the loop cannot be elided.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class HammingScanBenchmark {
    /** Codes scanned per invocation. */
    public static final int N = 1_000_000;
    private static final long SEED = 7;

    /** Code width in bits. */
    @Param({"64", "128", "256"})
    public int bits;

    /** A code counts when its distance to the query is at most this. */
    @Param({"3"})
    public int radius;

    private long[] codes;
    private long[] query;
    private int words;
    private int n;

    /** Fills {@value #N} random codes; the query is one of them with one bit flipped. */
    @Setup(Level.Trial)
    public void setUp() {
        fill(N);
    }

    /** As {@link #setUp()} with {@code count} codes (tests use fewer). */
    void fill(int count) {
        Random r = new Random(SEED);
        n = count;
        words = Codes.words(bits);
        codes = new long[n * words];
        for (int s = 0; s < n; s++) {
            long[] c = random(r, bits);
            System.arraycopy(c, 0, codes, s * words, words);
        }
        query = new long[words];
        System.arraycopy(codes, (n / 2) * words, query, 0, words);
        query[0] ^= 1L;
    }

    /** Scans every code once; returns how many lie within {@code radius} of the query. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int scan() {
        long[] c = codes;
        long[] q = query;
        int w = words;
        int r = radius;
        int count = 0;
        for (int s = 0, end = n * w; s < end; s += w) {
            if (Hamming.distance(q, c, s, w) <= r) {
                count++;
            }
        }
        return count;
    }

    long[] codes() {
        return codes;
    }

    long[] query() {
        return query;
    }

    /** A uniformly random code of {@code bits} bits, zero past the width. */
    static long[] random(Random r, int bits) {
        long[] c = new long[Codes.words(bits)];
        for (int i = 0; i < c.length; i++) {
            c[i] = r.nextLong();
        }
        int tail = bits & 63;
        if (tail != 0) {
            c[c.length - 1] &= (1L << tail) - 1;
        }
        return c;
    }
}
