package io.txmatch.trainer.data;

import java.util.List;

/**
 * Everything of a {@link Family#RANDOMISED} descriptor except the merchant: the wrapper text before and
 * after the merchant field, the city, the shape of the store number, the cuts and the case. Two merchants
 * rendered in one context look alike in everything but their names, which makes them hard negatives
 * (see {@link DescriptorGenerator#sampleWithContext(Merchant, DescriptorContext, java.util.Random)}).
 *
 * @param before      wrapper tokens before the merchant field, literal ({@code POS}, {@code #XXXXXXXXX}, {@code 06/15})
 * @param after       wrapper tokens after the merchant field and city, literal
 * @param separator   what joins the tokens: usually a space, sometimes {@code " - "}, {@code "/"} or two spaces
 * @param glueBefore  no separator between the last {@code before} token and the merchant field ({@code SQ *NAME})
 * @param glueAfter   no separator between the merchant field and what follows ({@code NAMEXXXX1234})
 * @param city        a US place as written ({@code TEMPE AZ}, {@code TEMPEAZ}, {@code AZ}) or empty for none
 * @param storeShape  store-number pattern appended to the merchant field, {@code 9} standing for a random digit
 *                    ({@code " #999"}, {@code " F9999"}); empty for none
 * @param fieldLimit  the merchant field (with its store number) is cut to this many characters; 0 for no cut
 * @param lineLimit   the whole line is cut to this many characters, never before the first 6 characters of the
 *                    merchant field; 0 for no cut
 * @param caseStyle   how the finished line is cased
 * @param branch      what follows the brand inside the merchant field ({@code NOTTINGHAM}, {@code S/STN}), the
 *                    same for every merchant of the context; empty for none
 */
public record DescriptorContext(List<String> before, List<String> after, String separator, boolean glueBefore,
                                boolean glueAfter, String city, String storeShape, int fieldLimit, int lineLimit,
                                CaseStyle caseStyle, String branch) {
    /** Casing of a finished line. */
    public enum CaseStyle {
        /** {@code POS PURCHASE TESCO}. */
        UPPER,
        /** {@code pos purchase tesco}. */
        LOWER,
        /** {@code Pos Purchase Tesco}. */
        TITLE,
        /** Each token upper, lower or title case at random, drawn anew per rendering. */
        MIXED
    }

    public DescriptorContext {
        before = List.copyOf(before);
        after = List.copyOf(after);
        if (fieldLimit < 0 || lineLimit < 0) {
            throw new IllegalArgumentException("limits must be >= 0");
        }
    }
}
