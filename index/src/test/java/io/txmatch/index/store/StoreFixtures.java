package io.txmatch.index.store;

import io.txmatch.index.CodeIndex;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Helpers shared by the store tests. */
final class StoreFixtures {
    private StoreFixtures() {
    }

    /** An index's contents as id to code text, comparable with {@code equals}. */
    static Map<Integer, String> contents(CodeIndex index) {
        Map<Integer, String> m = new TreeMap<>();
        index.forEach((id, code) -> m.put(id, Arrays.toString(code)));
        return m;
    }

    /** The same for a map of codes. */
    static Map<Integer, String> contents(Map<Integer, long[]> codes) {
        Map<Integer, String> m = new TreeMap<>();
        codes.forEach((id, code) -> m.put(id, Arrays.toString(code)));
        return m;
    }
}
