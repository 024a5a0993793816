package io.txmatch.dedup.io;

import io.txmatch.dedup.DedupRecord;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** The field values of one input record as read, turned into a {@link DedupRecord}: one set of checks and messages for both formats. */
final class Fields {
    /**
     * Longest amount text parsed, in characters: room for every amount {@link DedupRecord#checkAmount} accepts,
     * written out with sign, point and trailing zeros; longer text is refused before it is parsed (parsing a long
     * digit string costs time quadratic in its length).
     */
    static final int MAX_AMOUNT_TEXT = 100;
    /** Longest a number field of NDJSON may be when written out in full (an id or key given as a number). */
    static final int MAX_NUMBER_TEXT = 1000;

    private Fields() {
    }

    /**
     * The record on {@code line} of {@code source}: the id exactly as read (a quoted CSV field or a JSON string
     * keeps its spaces and tabs), the text, amount and date stripped, the amount an exact decimal in the range
     * {@link DedupRecord#checkAmount} allows, the date {@code YYYY-MM-DD}; blank amount and date count as
     * missing. Throws {@link BadRow} naming the line.
     */
    static DedupRecord record(String source, long line, String id, String text, String amount, String date,
                              Map<String, String> keys) {
        try {
            BigDecimal a = amount == null || amount.isBlank() ? null : decimal(amount.strip());
            LocalDate d = date == null || date.isBlank() ? null : LocalDate.parse(date.strip());
            return new DedupRecord(id, text.strip(), a, d, keys);
        } catch (NumberFormatException e) {
            throw new BadRow(source, line, "amount '" + shortened(amount) + "' is not a number", null);
        } catch (DateTimeParseException e) {
            throw new BadRow(source, line, "date '" + shortened(date) + "' is not YYYY-MM-DD", null);
        } catch (IllegalArgumentException e) {
            throw new BadRow(source, line, e.getMessage(), null);
        }
    }

    private static BigDecimal decimal(String amount) {
        if (amount.length() > MAX_AMOUNT_TEXT) {
            throw new IllegalArgumentException("amount is longer than " + MAX_AMOUNT_TEXT + " characters");
        }
        return new BigDecimal(amount);
    }

    private static String shortened(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /**
     * A JSON number as text, for a field that is not the amount (an id or key given as a number): written out in
     * full, unless that would be over {@value #MAX_NUMBER_TEXT} characters ({@code 1e500000000} is 500 million).
     * Throws {@link BadRow} naming the line and field.
     */
    static String plain(String source, long line, String field, BigDecimal n) {
        long scale = n.scale();
        long length = scale <= 0 ? n.precision() - scale : Math.max(n.precision(), scale + 1) + 1;
        if (length > MAX_NUMBER_TEXT) {
            throw new BadRow(source, line, "field \"" + field + "\" is a number of more than " + MAX_NUMBER_TEXT
                    + " digits when written out", null);
        }
        return n.toPlainString();
    }
}
