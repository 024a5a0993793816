package io.txmatch.dedup;

/**
 * A record that cannot be deduplicated together with the others of its input, as found by
 * {@link DedupNodes.Checker}: which record (0-based, input order), what is wrong with it, and its id, so that
 * each front end can say it in its own terms (a file line, a JSON path). The message is the engine's.
 */
public final class InvalidRecord extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with a record. */
    public enum Reason {
        /** An earlier record has the same id. */
        REPEATED_ID,
        /** The options constrain dates and the record has none. */
        MISSING_DATE
    }

    private final int record;
    private final Reason reason;
    private final String id;

    InvalidRecord(int record, Reason reason, String id) {
        super(switch (reason) {
            case REPEATED_ID -> "record id '" + id + "' occurs more than once";
            case MISSING_DATE -> "record " + id + " has no date; a date constraint needs one on every record";
        });
        this.record = record;
        this.reason = reason;
        this.id = id;
    }

    /** The record's position in its input, 0-based. */
    public int record() {
        return record;
    }

    /** What is wrong with it. */
    public Reason reason() {
        return reason;
    }

    /** The record's id. */
    public String id() {
        return id;
    }
}
