package io.txmatch.index;

/**
 * Which search path a query asks for ({@link Query#on}); {@link #AUTO} lets the index's {@link CostModel}
 * choose. What ran is the result's {@link Route}.
 */
public enum SearchPath {
    /** Multi-Index Hashing when its estimated cost is below the scan's, else the scan. */
    AUTO,
    /** Always Multi-Index Hashing (for tests and benchmarks). */
    MIH,
    /** Always the linear scan (the baseline). */
    SCAN
}
