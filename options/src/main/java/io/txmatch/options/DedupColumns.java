package io.txmatch.options;

import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.io.Columns;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which columns or fields of the input hold what, and the transaction-level constraints they switch on:
 * {@code --id-column}, {@code --text-column}, {@code --amount-column}, {@code --date-column} with
 * {@code --max-date-gap}, and {@code --key-column} (repeatable). A picocli mixin.
 */
public final class DedupColumns {
    @Option(names = "--id-column", paramLabel = "COLUMN", description = "Column or field holding record ids (default: ${DEFAULT-VALUE}).",
            defaultValue = "id")
    String idColumn;

    @Option(names = "--text-column", paramLabel = "COLUMN", description = "Column or field holding descriptors (default: ${DEFAULT-VALUE}).",
            defaultValue = "text")
    String textColumn;

    @Option(names = "--amount-column", paramLabel = "COLUMN", description = "Transaction-level: linked records must have equal amounts in this column.")
    String amountColumn;

    @Option(names = "--date-column", paramLabel = "COLUMN", description = "Transaction-level: dates (YYYY-MM-DD) in this column; see --max-date-gap.")
    String dateColumn;

    @Option(names = "--max-date-gap", paramLabel = "DAYS",
            description = "With --date-column: every two records of a cluster lie at most DAYS apart (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int maxDateGap;

    @Option(names = "--key-column", paramLabel = "COLUMN",
            description = "Transaction-level: linked records must be equal in this column (repeatable).")
    List<String> keyColumns;

    /** The columns to read. */
    public Columns columns() {
        return new Columns(idColumn, textColumn, amountColumn, dateColumn, keys());
    }

    /**
     * {@code settings} with the constraints these columns switch on: equal amounts with {@code --amount-column},
     * the date gap with {@code --date-column}, equal keys with {@code --key-column}. Throws
     * {@link IllegalArgumentException} for a negative {@code --max-date-gap} or settings out of range.
     */
    public DedupOptions options(DedupSettings settings) {
        if (maxDateGap < 0) {
            throw new IllegalArgumentException("--max-date-gap must be 0 or more days");
        }
        return settings.options(amountColumn != null, dateColumn != null ? maxDateGap : -1, !keys().isEmpty());
    }

    private List<String> keys() {
        return keyColumns == null ? List.of() : keyColumns;
    }
}
