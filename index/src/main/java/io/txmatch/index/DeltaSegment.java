package io.txmatch.index;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * The mutable part of a {@link CodeIndex}: recent writes, in growable arrays with hash-table posting lists
 * (one RoaringBitmap of slots per substring value and table). Deletes swap the last slot in. Costs a few
 * hundred bytes per code, so the index folds it into a new {@link SealedSegment} once it grows.
 * Not thread-safe: the index guards it.
 */
final class DeltaSegment extends Segment {
    private final Substrings layout;
    private final int words;
    private final Map<Integer, Integer> slotOf = new HashMap<>();
    private final Map<Long, RoaringBitmap>[] tables;
    private long[] codes;
    private int[] ids;
    private int size;

    @SuppressWarnings("unchecked")
    DeltaSegment(Substrings layout) {
        this.layout = layout;
        this.words = Codes.words(layout.bits);
        this.codes = new long[16 * words];
        this.ids = new int[16];
        this.tables = new Map[layout.m];
        for (int t = 0; t < layout.m; t++) {
            tables[t] = new HashMap<>();
        }
    }

    @Override
    long[] codes() {
        return codes;
    }

    @Override
    int[] ids() {
        return ids;
    }

    @Override
    int size() {
        return size;
    }

    boolean contains(int id) {
        return slotOf.containsKey(id);
    }

    /** Stores or replaces the code of {@code id}. */
    void put(int id, long[] code) {
        Integer slot = slotOf.get(id);
        if (slot == null) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                codes = Arrays.copyOf(codes, size * 2 * words);
            }
            slot = size++;
            slotOf.put(id, slot);
            ids[slot] = id;
        } else {
            unindex(slot);
        }
        System.arraycopy(code, 0, codes, slot * words, words);
        index(slot);
    }

    /** Removes {@code id}; returns whether it was here. */
    boolean remove(int id) {
        Integer slot = slotOf.remove(id);
        if (slot == null) {
            return false;
        }
        unindex(slot);
        int last = --size;
        if (slot != last) {
            unindex(last);
            ids[slot] = ids[last];
            System.arraycopy(codes, last * words, codes, slot * words, words);
            slotOf.put(ids[slot], slot);
            index(slot);
        }
        return true;
    }

    private void index(int slot) {
        for (int t = 0; t < layout.m; t++) {
            tables[t].computeIfAbsent(layout.value(codes, slot * words, t), k -> new RoaringBitmap()).add(slot);
        }
    }

    private void unindex(int slot) {
        for (int t = 0; t < layout.m; t++) {
            long key = layout.value(codes, slot * words, t);
            RoaringBitmap b = tables[t].get(key);
            if (b != null) {
                b.remove(slot);
                if (b.isEmpty()) {
                    tables[t].remove(key);
                }
            }
        }
    }

    @Override
    void lookup(int table, long[] values, int count, Scratch scratch, SlotVisitor visitor) {
        for (int i = 0; i < count; i++) {
            RoaringBitmap b = tables[table].get(values[i]);
            if (b != null) {
                for (org.roaringbitmap.IntIterator it = b.getIntIterator(); it.hasNext(); ) {
                    visitor.visit(this, it.next(), table);
                }
            }
        }
    }
}
