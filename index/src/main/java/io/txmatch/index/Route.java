package io.txmatch.index;

/**
 * Which search route answered a query, as {@link SearchResult#route()} reports it. The request side is
 * {@link SearchPath}; a route says what ran, which may differ from what was asked (a forced MIH query
 * whose balls outgrow a scan is answered by the scan).
 *
 * <p>{@link #wireName()} is the text the HTTP API and the logs have always shown; it is part of the wire
 * format and must not change. The enum's names and order are not.
 */
public enum Route {
    /** Multi-Index Hashing alone, exact. */
    MIH("mih"),
    /** The linear scan alone, exact. */
    SCAN("scan"),
    /** Multi-Index Hashing first, then the scan once the balls would cost more than it; exact. */
    MIH_THEN_SCAN("mih+scan"),
    /** Multi-Index Hashing stopped at the probe radius before the answer was certain: possibly incomplete. */
    MIH_PROBED("mih-probed");

    private final String wireName;

    Route(String wireName) {
        this.wireName = wireName;
    }

    /** The route's name on the wire: {@code "mih"}, {@code "scan"}, {@code "mih+scan"} or {@code "mih-probed"}. */
    public String wireName() {
        return wireName;
    }
}
