package io.txmatch.dedup.io;

/**
 * One input row that cannot be read as a record: where it is, what is wrong, and the row as read. Its message
 * is {@code SOURCE: line N: REASON}, so that rejecting the whole input names the line.
 */
public final class BadRow extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final long line;
    private final String reason;
    private final String row;

    /** Row {@code row} (may be null: not kept) on {@code line} of {@code source}, refused for {@code reason}. */
    public BadRow(String source, long line, String reason, String row) {
        super(source + ": line " + line + ": " + reason);
        this.line = line;
        this.reason = reason;
        this.row = row;
    }

    /** The 1-based line the row starts on. */
    public long line() {
        return line;
    }

    /** What is wrong with it, without source and line. */
    public String reason() {
        return reason;
    }

    /** The row as read (a CSV row re-quoted, an NDJSON line as is), or null. */
    public String row() {
        return row;
    }

    /** This row's problem with the row text {@code text} attached. */
    BadRow withRow(String source, String text) {
        return new BadRow(source, line, reason, text);
    }
}
