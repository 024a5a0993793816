package io.txmatch.trainer.data;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Named descriptor template families. Evaluation holds whole families out of training, so a model is
 * measured on formats it never saw. The lower-case {@link #id()} is what CLI flags and reports use.
 */
public enum Family {
    /** {@code OUTBACK STEAKHOUSE TEMPE AZ}. */
    PLAIN,
    /** {@code POS PURCHASE POSXXXXXXXX WALMART 2447}. */
    POS,
    /** {@code CHECKCARD 0615 OUTBACK 0310 TEMPE AZ 24431...}. */
    CHECKCARD,
    /** {@code DEBIT CARD PURCHASE - ...}, {@code Debit PIN Purchase ...}. */
    DEBIT_CARD,
    /** {@code PURCHASE AUTHORIZED ON 06/15 ... S3841... CARD 1234}. */
    PURCHASE_AUTHORIZED,
    /** Payment-processor prefixes: {@code SQ *}, {@code TST*}, {@code PAYPAL *}, {@code GOOGLE *}. */
    PROCESSOR,
    /** {@code RECURRING PAYMENT ... NETFLIX.COM CA}. */
    RECURRING,
    /** ACH with {@code DES:} {@code ID:} {@code INDN:} {@code CO ID:} fields. */
    ACH,
    /** Bill-pay and e-payment forms. */
    BILL_PAY,
    /** {@code VISA DDA PUR 443106 ... * AZ}, {@code CARD PURCHASE ...}. */
    VISA_DDA,
    /** Date first, often mixed case: {@code 06/15 Outback Steakhouse Tempe AZ}. */
    DATED,
    /**
     * Domain-randomised wrappers: 0-5 tokens before and 0-4 after the merchant field drawn from an open
     * vocabulary of channel, processor and bank words, invented words, masks, digits, dates and network
     * codes, with random cuts and case ({@code XXXX1234 PENDING SQ *TESCO METRO F2231 06/15 TERM ID:0042}).
     * See {@link DescriptorContext}.
     */
    RANDOMISED;

    /** Lower-case name used on the command line and in reports. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a comma-separated list of family ids; empty text gives the empty set. */
    public static Set<Family> parseList(String text) {
        Set<Family> out = EnumSet.noneOf(Family.class);
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            String id = part.trim().toUpperCase(Locale.ROOT);
            try {
                out.add(Family.valueOf(id));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown template family '" + part.trim() + "'; known: "
                        + Arrays.stream(values()).map(Family::id).collect(Collectors.joining(",")));
            }
        }
        return out;
    }
}
