package io.txmatch.index;

/**
 * Codes and ids in slots, plus the Multi-Index Hashing lookup "which slots hold value v in substring t".
 * {@link SealedSegment} is the immutable bulk of an index; {@link DeltaSegment} takes recent writes.
 */
abstract class Segment {
    /** Visits the slots a lookup finds. */
    interface SlotVisitor {
        void visit(Segment segment, int slot, int table);
    }

    /** Slot {@code s}'s code is {@code codes[s * words .. (s + 1) * words)}. */
    abstract long[] codes();

    /** Slot {@code s}'s id. */
    abstract int[] ids();

    /** Number of slots in use. */
    abstract int size();

    /**
     * Calls {@code visitor} for every slot whose substring {@code table} equals one of {@code values[0..count)}
     * (distinct values), in no particular order; {@code scratch} is the caller's, one per thread.
     */
    abstract void lookup(int table, long[] values, int count, Scratch scratch, SlotVisitor visitor);

    /**
     * Reusable buffers of a batched lookup: one per thread ({@link #get()}), used by one query at a time, so
     * that a query allocates no buffers of its own.
     */
    static final class Scratch {
        private static final int KEEP = 4096;
        private static final ThreadLocal<Scratch> MINE = ThreadLocal.withInitial(Scratch::new);

        /** Values a query hands to one lookup. */
        final long[] batch = new long[64];
        int[] start = new int[64];
        int[] end = new int[64];
        int[] pos = new int[256];
        int[] which = new int[256];
        /** Sum of the values read only to start their cache misses early; kept so that the reads stay. */
        long touched;

        /** This thread's scratch; buffers one query grew past {@value #KEEP} entries are dropped. */
        static Scratch get() {
            Scratch s = MINE.get();
            if (s.pos.length > KEEP || s.start.length > KEEP) {
                s = new Scratch();
                MINE.set(s);
            }
            return s;
        }

        void fit(int count) {
            if (start.length < count) {
                start = new int[count];
                end = new int[count];
            }
        }

        void grow() {
            pos = java.util.Arrays.copyOf(pos, pos.length * 2);
            which = java.util.Arrays.copyOf(which, which.length * 2);
        }
    }
}
