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

    /** Calls {@code visitor} for every slot whose substring {@code table} equals {@code value}. */
    abstract void lookup(int table, long value, SlotVisitor visitor);
}
