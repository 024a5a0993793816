package io.txmatch.dedup;

import io.txmatch.model.TextNormaliser;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records grouped into nodes: records whose normalised texts are equal (and, for transaction-level dedup,
 * whose amounts, keys and dates are equal) are one node, encoded and compared once. Real descriptor files
 * repeat texts heavily (store numbers and dates normalise to zeros), so the expensive steps run per node.
 * Texts are normalised with the encoder's normaliser ({@link io.txmatch.model.Encoder#normaliser()}), so
 * two records are one node exactly when the encoder cannot tell their texts apart.
 *
 * <p>Nodes are numbered in order of their first record; {@link #group} numbers the combinations of amount
 * and keys that constraints require to be equal (all 0 without constraints): nodes of different groups are
 * never compared.
 */
public final class DedupNodes {
    private final int[] nodeOfRecord;
    private final int[] firstRecord;
    private final String[] texts;
    private final int[] group;
    private final int[] epochDay;
    private final int groups;

    private DedupNodes(int[] nodeOfRecord, int[] firstRecord, String[] texts, int[] group, int[] epochDay, int groups) {
        this.nodeOfRecord = nodeOfRecord;
        this.firstRecord = firstRecord;
        this.texts = texts;
        this.group = group;
        this.epochDay = epochDay;
        this.groups = groups;
    }

    /**
     * Groups {@code records}, their texts normalised with {@code normaliser}. Throws
     * {@link IllegalArgumentException} on a repeated id, or on a record without a date when {@code options}
     * constrain dates.
     */
    public static DedupNodes of(List<DedupRecord> records, DedupOptions options, TextNormaliser normaliser) {
        int n = records.size();
        int[] nodeOfRecord = new int[n];
        Map<String, Integer> nodeOfKey = new HashMap<>();
        Map<String, Integer> groupOfKey = new HashMap<>();
        Set<String> ids = new HashSet<>(n * 2);
        int[] first = new int[Math.max(16, n)];
        int[] group = new int[first.length];
        int[] day = new int[first.length];
        String[] texts = new String[first.length];
        int nodes = 0;
        for (int i = 0; i < n; i++) {
            DedupRecord r = records.get(i);
            if (!ids.add(r.id())) {
                throw new IllegalArgumentException("record id '" + r.id() + "' occurs more than once");
            }
            String groupKey = groupKey(r, options);
            String key = nodeKey(r, options, normaliser);
            Integer node = nodeOfKey.get(key);
            if (node == null) {
                node = nodes++;
                nodeOfKey.put(key, node);
                first[node] = i;
                texts[node] = r.text();
                group[node] = groupOfKey.computeIfAbsent(groupKey, k -> groupOfKey.size());
                day[node] = options.datesMatter() ? (int) r.date().toEpochDay() : 0;
            }
            nodeOfRecord[i] = node;
        }
        return new DedupNodes(nodeOfRecord, java.util.Arrays.copyOf(first, nodes), java.util.Arrays.copyOf(texts, nodes),
                java.util.Arrays.copyOf(group, nodes), java.util.Arrays.copyOf(day, nodes), Math.max(1, groupOfKey.size()));
    }

    /**
     * The key that makes records one node: the text normalised with {@code normaliser} and, under constraints, the group key and the
     * date. Throws for a record without a date under a date constraint.
     */
    public static String nodeKey(DedupRecord r, DedupOptions options, TextNormaliser normaliser) {
        if (options.datesMatter() && r.date() == null) {
            throw new IllegalArgumentException("record " + r.id() + " has no date; a date constraint needs one on every record");
        }
        return normaliser.normalise(r.text()) + '\u0000' + groupKey(r, options)
                + (options.datesMatter() ? "\u0000" + r.date() : "");
    }

    /** The part of a record that constraints require to be equal (amount, keys); empty without constraints. */
    public static String groupKey(DedupRecord r, DedupOptions options) {
        StringBuilder sb = new StringBuilder();
        if (options.sameAmount()) {
            sb.append(r.amount() == null ? "-" : r.amount().toPlainString());
        }
        if (options.sameKeys()) {
            // Length-prefixed, so no key or value can imitate another combination.
            r.keys().forEach((k, v) -> sb.append('|').append(k.length()).append(':').append(k).append(v.length()).append(':')
                    .append(v));
        }
        return sb.toString();
    }

    /** Node per record (input order); do not modify. */
    int[] nodeOfRecord() {
        return nodeOfRecord;
    }

    /** First record per node; do not modify. */
    int[] firstRecords() {
        return firstRecord;
    }

    /** Constraint group per node; do not modify. */
    int[] groupPerNode() {
        return group;
    }

    /** Epoch day per node; do not modify. */
    int[] epochDays() {
        return epochDay;
    }

    /** Number of nodes. */
    public int size() {
        return texts.length;
    }

    /** Number of records. */
    public int records() {
        return nodeOfRecord.length;
    }

    /** The node of record {@code i} (input order). */
    public int nodeOf(int record) {
        return nodeOfRecord[record];
    }

    /** The first record (input order) of node {@code node}. */
    public int firstRecord(int node) {
        return firstRecord[node];
    }

    /** The raw text of the node's first record: what is encoded for the node. */
    public String text(int node) {
        return texts[node];
    }

    /** The node's constraint group. */
    public int group(int node) {
        return group[node];
    }

    /** Number of constraint groups (1 without constraints). */
    public int groups() {
        return groups;
    }

    /** The node's date as an epoch day (0 when dates do not matter). */
    public int epochDay(int node) {
        return epochDay[node];
    }
}
