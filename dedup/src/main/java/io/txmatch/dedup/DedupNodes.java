package io.txmatch.dedup;

import io.txmatch.model.TextNormaliser;
import java.util.Arrays;
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
 * two records are one node exactly when the encoder cannot tell their texts apart. A text that normalises to
 * nothing (no letter or digit: {@code "!!!!"}, emoji) is a node of its own, in a constraint group of its own, so
 * it is never compared and its record stays a singleton: such texts look alike to the encoder without being alike.
 *
 * <p>Nodes are numbered in order of their first record; {@link #group} numbers the combinations of amount
 * and keys that constraints require to be equal (all 0 without constraints): nodes of different groups are
 * never compared.
 */
public final class DedupNodes {
    /** Starts the node key of a text that normalises to nothing; no normalised text starts with it. */
    private static final char BLANK = '\u0001';
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
     * Groups {@code records}, their texts normalised with {@code normaliser}, after the {@link Checker} has passed
     * each: throws {@link InvalidRecord} on a repeated id, or on a record without a date when {@code options}
     * constrain dates.
     */
    public static DedupNodes of(List<DedupRecord> records, DedupOptions options, TextNormaliser normaliser) {
        Checker checker = new Checker(options);
        Numbering numbering = new Numbering(options, normaliser);
        for (DedupRecord r : records) {
            checker.check(r);
            numbering.add(r);
        }
        return numbering.nodes();
    }

    /**
     * The key that makes records one node: the text normalised with {@code normaliser} and, under constraints,
     * the group key and the date. The record must have passed the {@link Checker} (a date under a date
     * constraint).
     */
    public static String nodeKey(DedupRecord r, DedupOptions options, TextNormaliser normaliser) {
        String text = normaliser.normalise(r.text());
        if (text.isEmpty()) {
            return BLANK + r.id(); // ids are unique: a node of its own
        }
        return text + '\u0000' + groupKey(r, options) + (options.datesMatter() ? "\u0000" + r.date() : "");
    }

    /** The record's date as an epoch day when {@code options} constrain dates, else 0. */
    public static int epochDay(DedupRecord r, DedupOptions options) {
        return options.datesMatter() ? (int) r.date().toEpochDay() : 0;
    }

    /** The part of a record that constraints require to be equal (amount, keys); empty without constraints. */
    public static String groupKey(DedupRecord r, DedupOptions options) {
        StringBuilder sb = new StringBuilder();
        if (options.sameAmount()) {
            // Short: DedupRecord.checkAmount bounds the digits on both sides of the point (no 1e500000000 here).
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
    /**
     * Checks records, in input order, for what the engine needs of a whole input beyond each record's own
     * invariants ({@link DedupRecord}: id and text lengths): ids unique, and a date on every record when the
     * options constrain dates. The engine ({@link DedupNodes#of}), the Spark job (over the ids and dates it
     * collects) and the REST API (before it queues a job) check with it, so each refuses the same input, naming
     * the same first bad record. Not thread-safe.
     *
     * <pre>{@code
     * DedupNodes.Checker checker = new DedupNodes.Checker(options);
     * records.forEach(checker::check);   // InvalidRecord on the first bad one
     * }</pre>
     */
    public static final class Checker {
        private final boolean datesMatter;
        private final Set<String> ids = new HashSet<>();
        private int next;

        /** A checker for records deduplicated with {@code options} (do they constrain dates?). */
        public Checker(DedupOptions options) {
            this.datesMatter = options.datesMatter();
        }

        /** Checks the next record; throws {@link InvalidRecord}. */
        public void check(DedupRecord r) {
            check(r.id(), r.date() != null);
        }

        /** Checks the next record, given its id and whether it has a date; throws {@link InvalidRecord}. */
        public void check(String id, boolean dated) {
            int record = next++;
            if (!ids.add(id)) {
                throw new InvalidRecord(record, InvalidRecord.Reason.REPEATED_ID, id);
            }
            if (datesMatter && !dated) {
                throw new InvalidRecord(record, InvalidRecord.Reason.MISSING_DATE, id);
            }
        }
    }

    /**
     * Numbers nodes in order of their first record, and constraint groups in order of their first node: the one
     * numbering of the engine and the Spark job, so that both number every node and group alike. Fed either every
     * record in input order ({@link #add(DedupRecord)}, then {@link #nodes()}), or, by a caller that found each
     * node's first record itself (the Spark job, distributed), every node once in order of its first record
     * ({@link #addNode}). Records must have passed the {@link Checker}. Not thread-safe.
     */
    public static final class Numbering {
        private final DedupOptions options;
        private final TextNormaliser normaliser;
        private final Map<String, Integer> nodeOfKey = new HashMap<>();
        private final Map<String, Integer> groupOfKey = new HashMap<>();
        private int[] nodeOfRecord = new int[16];
        private int records;
        private int[] first = new int[16];
        private int[] group = new int[16];
        private int[] day = new int[16];
        private String[] texts = new String[16];
        private int nodes;

        /** Numbers by the node keys of {@code options} and {@code normaliser} ({@link DedupNodes#nodeKey}). */
        public Numbering(DedupOptions options, TextNormaliser normaliser) {
            this.options = options;
            this.normaliser = normaliser;
        }

        /** Adds the next record (input order); returns its node, a new one if no earlier record had its key. */
        public int add(DedupRecord r) {
            String key = nodeKey(r, options, normaliser);
            Integer node = nodeOfKey.get(key);
            int n = node != null ? node : addNode(key, records, r.text(), groupKey(r, options), epochDay(r, options));
            if (records == nodeOfRecord.length) {
                nodeOfRecord = Arrays.copyOf(nodeOfRecord, records * 2);
            }
            nodeOfRecord[records++] = n;
            return n;
        }

        /**
         * Adds the node of key {@code key} ({@link DedupNodes#nodeKey}) whose first record is {@code firstRecord},
         * with that record's text, {@link DedupNodes#groupKey group key} and {@link DedupNodes#epochDay epoch day};
         * returns its number. Nodes must come in increasing order of their first record, each once.
         */
        public int addNode(String key, int firstRecord, String text, String groupKey, int epochDay) {
            if (nodes > 0 && firstRecord <= first[nodes - 1]) {
                throw new IllegalStateException("nodes must come in order of their first record: " + firstRecord
                        + " after " + first[nodes - 1]);
            }
            if (nodeOfKey.putIfAbsent(key, nodes) != null) {
                throw new IllegalStateException("node key added twice (first record " + firstRecord + ")");
            }
            if (nodes == first.length) {
                first = Arrays.copyOf(first, nodes * 2);
                group = Arrays.copyOf(group, nodes * 2);
                day = Arrays.copyOf(day, nodes * 2);
                texts = Arrays.copyOf(texts, nodes * 2);
            }
            first[nodes] = firstRecord;
            texts[nodes] = text;
            // A blank text's node is alone in its group: never a candidate of another node.
            group[nodes] = groupOfKey.computeIfAbsent(key.charAt(0) == BLANK ? key : groupKey, k -> groupOfKey.size());
            day[nodes] = epochDay;
            return nodes++;
        }

        /** The node numbered for {@code key}, or null when no node has it. */
        public Integer nodeOf(String key) {
            return nodeOfKey.get(key);
        }

        /** Nodes numbered so far. */
        public int size() {
            return nodes;
        }

        /** First record per node, a copy. */
        public int[] firstRecords() {
            return Arrays.copyOf(first, nodes);
        }

        /** Constraint group per node, a copy. */
        public int[] groups() {
            return Arrays.copyOf(group, nodes);
        }

        /** Epoch day per node (0 when dates do not matter), a copy. */
        public int[] epochDays() {
            return Arrays.copyOf(day, nodes);
        }

        /** Raw text per node (its first record's), a copy. */
        public String[] texts() {
            return Arrays.copyOf(texts, nodes);
        }

        /** The nodes of every record {@link #add added}; throws if nodes were {@link #addNode added} directly. */
        public DedupNodes nodes() {
            if (nodes > 0 && first[nodes - 1] >= records) {
                throw new IllegalStateException("nodes added without their records");
            }
            return new DedupNodes(Arrays.copyOf(nodeOfRecord, records), firstRecords(), texts(), groups(), epochDays(),
                    Math.max(1, groupOfKey.size()));
        }
    }
}
