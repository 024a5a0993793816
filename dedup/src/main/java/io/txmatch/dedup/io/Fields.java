package io.txmatch.dedup.io;

import io.txmatch.dedup.DedupRecord;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** The field values of one input record as read, turned into a {@link DedupRecord}: one set of checks and messages for both formats. */
final class Fields {
    private Fields() {
    }

    /**
     * The record on {@code line} of {@code source}: values stripped, the amount an exact decimal, the date
     * {@code YYYY-MM-DD}; blank amount and date count as missing. Throws {@link IllegalArgumentException} naming
     * the line.
     */
    static DedupRecord record(String source, long line, String id, String text, String amount, String date,
                              Map<String, String> keys) {
        try {
            BigDecimal a = amount == null || amount.isBlank() ? null : new BigDecimal(amount.strip());
            LocalDate d = date == null || date.isBlank() ? null : LocalDate.parse(date.strip());
            return new DedupRecord(id.strip(), text.strip(), a, d, keys);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": line " + line + ": amount '" + amount + "' is not a number");
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(source + ": line " + line + ": date '" + date + "' is not YYYY-MM-DD");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": line " + line + ": " + e.getMessage());
        }
    }
}
