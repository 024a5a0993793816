package io.txmatch.index;

import org.roaringbitmap.RoaringBitmap;

/**
 * Every cost choice of the index in one place: how many Multi-Index Hashing substrings a use of the index
 * wants (the static methods, one per use), and, for one index's layout, whether a query is cheaper through
 * MIH or through the linear scan (the instance methods, which {@link CodeIndex} asks under its read lock).
 *
 * <p>Costs are in units of one scanned code (about 1.5 ns at 64 bits): MIH enumerates {@code m} balls of
 * radius {@code sub}, each probe a directory read and a bucket (about 20 units), and verifies the codes
 * found (estimated as if substrings were uniform), each a random read (about 70 units: 110 ns measured).
 * Clustered codes make MIH's real cost higher than this estimate.
 *
 * <pre>{@code
 * CodeIndex served = new CodeIndex(bits, CostModel.knnSubstrings(bits));
 * CodeIndex blocking = CodeIndex.builder(bits).substrings(CostModel.blockingSubstrings(bits, n, radius))...;
 * }</pre>
 */
public final class CostModel {
    private final Substrings layout;
    private final int bits;

    CostModel(Substrings layout) {
        this.layout = layout;
        this.bits = layout.bits;
    }

    /** The substring layout these costs are for. */
    Substrings layout() {
        return layout;
    }

    /**
     * The default number of substrings for {@code bits}-bit codes: the fewest that keep substrings at most
     * 32 bits ({@link Substrings#MAX_LENGTH}), {@code ceil(bits / 32)}; they suit radii up to about
     * {@code bits / 16}, and larger radii want more (and cost memory). Norouzi et al. suggest
     * {@code bits / log2(n)} for hash-table postings; with directory-sorted postings ({@link SealedSegment})
     * a longer substring costs no more to probe and finds fewer false candidates, and radii up to
     * {@code 2m - 1} still probe at most 33 values per table. Measured on 1M clustered 64-bit codes: 2
     * substrings against 3 were 2x faster at r = 1 and 3, 4.5x slower at r = 6 (bench/results/index.md).
     */
    public static int defaultSubstrings(int bits) {
        Codes.checkBits(bits);
        return (bits + Substrings.MAX_LENGTH - 1) / Substrings.MAX_LENGTH;
    }

    /**
     * Substrings for k-NN over learned codes (the served match path): 16-bit substrings, since neighbours
     * sit 10-20 bits away for these models; the default (32-bit substrings) suits small radii and would fall
     * back to the scan.
     */
    public static int knnSubstrings(int bits) {
        return Math.max(defaultSubstrings(bits), bits / 16);
    }

    /**
     * Substrings (the dedup bands) for exact blocking of {@code n} codes searched to {@code radius}: the
     * {@code m} that minimises the estimated probes ({@code m} balls of radius {@code radius / m}) plus three
     * times the codes they hold if codes were uniform; substrings at most 32 bits long. For 64 bits and
     * radius 15: 4 (16-bit bands) from a few thousand codes up to millions.
     */
    public static int blockingSubstrings(int bits, int n, int radius) {
        int best = (bits + 31) / 32;
        double bestCost = Double.MAX_VALUE;
        for (int m = (bits + 31) / 32; m <= Math.max((bits + 31) / 32, bits / 4); m++) {
            int len = bits / m;
            int sub = radius / m;
            double probes = 0;
            double term = 1;
            for (int s = 0; s <= Math.min(sub, len); s++) {
                probes += term;
                term = term * (len - s) / (s + 1);
            }
            double cost = m * probes * (1 + 3.0 * n / Math.pow(2, len));
            if (cost < bestCost) {
                best = m;
                bestCost = cost;
            }
        }
        return best;
    }

    /**
     * Substrings (the dedup bands) for probed blocking ({@link Query#probing}) of {@code n} codes: bands of
     * about log2(n) bits (Norouzi et al.), so a probe finds about one code; none longer than 32 bits and
     * none shorter than 8.
     */
    public static int probedBlockingSubstrings(int bits, int n) {
        double log = Math.log(Math.max(2, n)) / Math.log(2);
        int m = (int) Math.round(bits / Math.max(8.0, Math.min(32.0, log)));
        return Math.max((bits + 31) / 32, Math.min(bits / 8, m));
    }

    /**
     * The route a radius query of {@code radius} over {@code live} codes takes when {@code path} is asked
     * for: {@link Route#SCAN} or {@link Route#MIH}, and {@link Route#MIH_THEN_SCAN} when MIH is forced but
     * its balls would cost more than a scan, which then answers exactly.
     */
    Route radiusRoute(SearchPath path, int live, int radius) {
        int sub = radius / layout.m;
        boolean useMih = path == SearchPath.MIH || (path == SearchPath.AUTO && mihCheaper(live, sub));
        if (!useMih) {
            return Route.SCAN;
        }
        return ballsTooLarge(live, sub) ? Route.MIH_THEN_SCAN : Route.MIH;
    }

    /**
     * Whether an exact k-NN query over {@code live} codes starts with MIH on {@code path} ({@link SearchPath#AUTO}:
     * when {@link #knnMihCheaper} holds, or, with a cap {@code maxRadius} other than {@link Query#UNBOUNDED},
     * when MIH to that cap is cheaper than the scan).
     */
    boolean knnByMih(SearchPath path, int live, int k, int maxRadius, RoaringBitmap allowed) {
        if (path != SearchPath.AUTO) {
            return path == SearchPath.MIH;
        }
        return knnMihCheaper(live, k, allowed) || (maxRadius != Query.UNBOUNDED && mihCheaper(live, maxRadius / layout.m));
    }

    /** Whether probing balls of substring radius {@code sub} is estimated cheaper than scanning {@code live} codes. */
    boolean mihCheaper(int live, int sub) {
        long probes = layout.probes(sub);
        double expected = probes * (double) live / Math.pow(2, (double) bits / layout.m);
        return 20.0 * probes + 70.0 * expected < live;
    }

    /**
     * k-NN cost model: the distance {@code d} within which {@code k} of {@code n} uniformly random codes would
     * lie ({@code n P(Binomial(bits, 1/2) <= d) >= k}), the substring radius that makes {@code d} certain,
     * and {@link #mihCheaper} at that radius; {@code n} counts only the codes a filter admits. Real codes
     * cluster, so their k-th neighbour is nearer and this leans towards the scan; without it, a small index
     * (or a small tenant of a large one) paid for MIH levels before handing over to a scan.
     */
    boolean knnMihCheaper(int live, int k, RoaringBitmap allowed) {
        // With a filter only its codes count as neighbours: a small filter needs large balls.
        long n = allowed == null ? live : Math.min(live, allowed.getLongCardinality());
        if (n <= k) {
            return false;
        }
        double term = Math.pow(0.5, bits); // P(D = 0)
        double cumulative = term;
        int d = 0;
        while (n * cumulative < k && d < bits) {
            term = term * (bits - d) / (d + 1);
            cumulative += term;
            d++;
        }
        int sub = (d + layout.m) / layout.m - 1; // smallest s with m(s + 1) - 1 >= d
        return mihCheaper(live, sub);
    }

    /** Whether probing balls of substring radius {@code sub} costs more than scanning all {@code live} codes. */
    boolean ballsTooLarge(int live, int sub) {
        return layout.probes(sub) > 4L * live + 4096;
    }
}
