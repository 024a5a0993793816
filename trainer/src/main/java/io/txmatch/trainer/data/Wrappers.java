package io.txmatch.trainer.data;

import io.txmatch.trainer.data.DescriptorContext.CaseStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Draws {@link DescriptorContext}s for {@link Family#RANDOMISED}: wrappers built from an open vocabulary of
 * channel, network, processor and bank fragments, invented words, masked ids, digits, dates and short network
 * codes, in random order and number (0-5 before the merchant field, 0-4 after), so that no wrapper is frequent
 * enough for a model to lean on. Places come from {@link Places} (GeoNames).
 */
final class Wrappers {
    private Wrappers() {
    }

    /** Channel, network and bank words seen in descriptors (open-ended on purpose: invented words join them). */
    static final List<String> FRAGMENTS = List.of(
            "POS", "DEBIT", "PURCHASE", "CARD", "CHECKCARD", "CHKCARD", "VISA", "MC", "MASTERCARD", "MAESTRO", "AMEX",
            "DISCOVER", "ONLINE", "WEB", "PMT", "PAYMENT", "TRANSFER", "XFER", "AUTH", "RECURRING", "RECUR", "PENDING",
            "REF", "TERM", "TERMINAL", "ID", "TXN", "TRANS", "DBT", "CRD", "PUR", "PURCH", "SALE", "PIN", "SIG",
            "CONTACTLESS", "TAP", "INTL", "FOREIGN", "FX", "EFT", "BILL", "AUTOPAY", "MOBILE", "APP", "ECOM", "MOTO",
            "CNP", "PREAUTH", "POSTED", "SEQ", "TRACE", "APPROVAL", "MERCHANT", "MERCH", "LOC", "DDA", "WITHDRAWAL",
            "WDRL", "ELECTRONIC", "EXTERNAL", "CHK", "DEBITCARD", "VISADEBIT", "CASHBACK", "DR", "CR", "FEE", "ORIG",
            "CO", "DESCR", "SEC", "PPD", "CCD", "TEL", "ACH", "DEP", "BANKCARD", "CHECK", "CARDHOLDER", "NETWORK",
            "PAYPASS", "PAYWAVE", "APPLE PAY", "GOOGLE PAY", "SAMSUNG PAY", "VIA", "AT", "ON", "TO", "FROM", "FOR",
            "WITH", "IN", "GBR", "USA", "US", "GB", "UK", "USD", "GBP", "EUR", "CAD", "LONDON", "BUY", "SHOP", "STORE");

    /** Multi-word bank phrasings. */
    static final List<String> PHRASES = List.of(
            "PURCHASE AUTHORIZED ON", "DEBIT CARD PURCHASE", "CARD PURCHASE WITH PIN", "POINT OF SALE", "POS PURCHASE",
            "RECURRING PAYMENT", "ONLINE TRANSFER TO", "PAYMENT TO", "PMT TO", "PURCHASE AT", "CARD ENDING IN",
            "CARD PAYMENT", "CONTACTLESS PAYMENT", "DEBIT PIN PURCHASE", "VISA DEBIT PURCHASE", "MASTERCARD DEBIT",
            "ELECTRONIC WITHDRAWAL", "EXTERNAL WITHDRAWAL", "BILL PAYMENT", "DIRECT DEBIT", "STANDING ORDER",
            "FASTER PAYMENT", "CARD TRANSACTION", "NON-STERLING TRANSACTION FEE", "INTL TRANSACTION", "PRE-AUTH HOLD",
            "TEMPORARY HOLD", "RETURN OF POSTED CHECK", "PURCHASE RETURN", "REFUND FROM", "ATM WITHDRAWAL",
            "CASH ADVANCE", "ACH DEBIT", "ACH WEB", "CO ENTRY DESCR", "CHECK CARD PURCHASE", "DBT PURCHASE",
            "INST XFER", "DIGITAL WALLET");

    /** Field labels of codes such as {@code REF#123456} or {@code TERM ID: 0042}. */
    static final List<String> LABELS = List.of(
            "REF", "TERM", "TERM ID", "TERMINAL", "TID", "MID", "ID", "AUTH", "AUTH CODE", "TRACE", "SEQ", "CARD", "ACCT",
            "MCC", "TXN", "TRN", "CONF", "APPR", "INV", "ORDER", "STAN", "RRN", "S", "P", "C", "T", "CO ID", "IND ID",
            "ORIG ID", "ARN", "LOC", "STORE", "REG", "BATCH", "DATE", "TIME");

    /** Payment-processor prefixes glued to the merchant field. */
    static final List<String> PROCESSORS = List.of(
            "SQ *", "SQ*", "TST* ", "TST*", "PP*", "PAYPAL *", "SP * ", "SP ", "GOOGLE *", "IZ *", "SUMUP *", "ZETTLE_*",
            "CKO*", "DD *", "PY *", "FS *", "BT*", "AMZ*", "APL*", "WPY*", "CLOVER ");

    private static final String[] SEPARATORS = {":", "#", " ", ": ", "-", "=", " #", "", ":", " NO "};
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
            "DEC"};
    private static final String[] STORE_SHAPES = {" #999", " #9999", " #99999", " F9999", " 9999", " 999", " STORE 9999",
            " ST 999", " #99", " 99999", "#9999", " NO 999", " - 9999", " S999", " T99"};

    /** A fresh context: wrapper tokens, city, store-number shape, cuts and case. */
    static DescriptorContext context(Random r) {
        List<String> before = new ArrayList<>();
        int nBefore = r.nextInt(6);
        for (int i = 0; i < nBefore; i++) {
            before.add(token(r));
        }
        boolean glueBefore = false;
        if (r.nextDouble() < 0.15) {
            String p = pick(PROCESSORS, r);
            glueBefore = !p.endsWith(" ");
            before.add(p.trim());
        }
        List<String> after = new ArrayList<>();
        int nAfter = r.nextInt(5);
        for (int i = 0; i < nAfter; i++) {
            after.add(token(r));
        }
        boolean glueAfter = false;
        if (r.nextDouble() < 0.05) {
            after.add(0, mask(r));
            glueAfter = true;
        }
        String city = r.nextDouble() < 0.6 ? city(r) : "";
        if (!city.isEmpty()) {
            // The city sits among the trailing fields, most often right after the merchant.
            int at = r.nextDouble() < 0.6 ? (glueAfter ? 1 : 0) : r.nextInt(after.size() + 1);
            after.add(Math.max(at, glueAfter ? 1 : 0), city);
        }
        String store = r.nextDouble() < 0.45 ? STORE_SHAPES[r.nextInt(STORE_SHAPES.length)] : "";
        int fieldLimit = r.nextDouble() < 0.25 ? new int[] {10, 12, 15, 18, 20, 22, 25}[r.nextInt(7)] : 0;
        int lineLimit = r.nextDouble() < 0.2 ? new int[] {22, 25, 30, 32, 40, 50}[r.nextInt(6)] : 0;
        double u = r.nextDouble();
        CaseStyle style = u < 0.72 ? CaseStyle.UPPER : u < 0.8 ? CaseStyle.LOWER : u < 0.93 ? CaseStyle.TITLE : CaseStyle.MIXED;
        double s = r.nextDouble();
        String sep = s < 0.84 ? " " : s < 0.9 ? "  " : s < 0.95 ? " - " : s < 0.98 ? "/" : " * ";
        // A shared branch (a town, a branch word) makes the merchants of one context alike after their names too.
        String branch = r.nextDouble() < 0.4 ? DescriptorGenerator.branch(r) : "";
        return new DescriptorContext(before, after, sep, glueBefore, glueAfter, city, store, fieldLimit, lineLimit, style,
                branch);
    }

    /** One wrapper token. */
    static String token(Random r) {
        double u = r.nextDouble();
        if (u < 0.30) {
            return pick(FRAGMENTS, r);
        }
        if (u < 0.38) {
            return pick(PHRASES, r);
        }
        if (u < 0.50) {
            return pick(LABELS, r) + SEPARATORS[r.nextInt(SEPARATORS.length)] + codeValue(r);
        }
        if (u < 0.62) {
            return mask(r);
        }
        if (u < 0.68) {
            return pick(FRAGMENTS, r).replace(" ", "") + mask(r); // glued: POSXXXXXXXX, SHOPXXXXXXXX
        }
        if (u < 0.75) {
            return digits(r, 2 + r.nextInt(11));
        }
        if (u < 0.83) {
            return date(r);
        }
        if (u < 0.86) {
            return String.format(Locale.ROOT, "%02d:%02d%s", r.nextInt(24), r.nextInt(60),
                    r.nextBoolean() ? "" : String.format(Locale.ROOT, ":%02d", r.nextInt(60)));
        }
        if (u < 0.91) {
            return networkCode(r);
        }
        return invented(r);
    }

    /** A masked card, account or phone number in one of many shapes. */
    static String mask(Random r) {
        char x = r.nextDouble() < 0.85 ? 'X' : 'x';
        switch (r.nextInt(12)) {
            case 0:
                return repeat(x, 3 + r.nextInt(14));
            case 1:
                return repeat('*', 3 + r.nextInt(10));
            case 2:
                return "#" + repeat(x, 4 + r.nextInt(9));
            case 3:
                return repeat(x, 8 + r.nextInt(9)) + digits(r, 4);
            case 4:
                return repeat(x, 3) + "-" + repeat(x, 3) + "-" + repeat(x, 4);
            case 5:
                return repeat(x, 4) + " " + repeat(x, 4) + " " + repeat(x, 4) + " " + digits(r, 4);
            case 6:
                return repeat('*', 2 + r.nextInt(11)) + digits(r, 4);
            case 7:
                return "..." + digits(r, 4);
            case 8:
                return repeat(x, 4) + "-" + digits(r, 4);
            case 9:
                return digits(r, 4) + repeat(x, 6 + r.nextInt(6)) + digits(r, 4);
            case 10:
                return "#" + repeat('*', 4 + r.nextInt(6)) + digits(r, 2 + r.nextInt(3));
            default:
                return x + digits(r, 4);
        }
    }

    private static String codeValue(Random r) {
        switch (r.nextInt(5)) {
            case 0:
            case 1:
                return digits(r, 2 + r.nextInt(11));
            case 2:
                return mask(r);
            case 3:
                return letters(r, 1 + r.nextInt(3)) + digits(r, 3 + r.nextInt(8));
            default:
                return alnum(r, 6 + r.nextInt(8));
        }
    }

    private static String networkCode(Random r) {
        switch (r.nextInt(6)) {
            case 0:
                return digits(r, 2 + r.nextInt(3));
            case 1:
                return letters(r, 1) + digits(r, 1 + r.nextInt(4));
            case 2:
                return "C#" + digits(r, 4);
            case 3:
                return digits(r, 1 + r.nextInt(3)) + letters(r, 1);
            case 4:
                return "[" + digits(r, 2) + "]";
            default:
                return "(" + letters(r, 1) + digits(r, 1 + r.nextInt(3)) + ")";
        }
    }

    /** An invented word of 2-6 letters, pronounceable or not. */
    static String invented(Random r) {
        int n = 2 + r.nextInt(5);
        if (r.nextBoolean()) {
            return letters(r, n);
        }
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(i % 2 == 0 ? "BCDFGHJKLMNPRSTVWZ".charAt(r.nextInt(18)) : "AEIOU".charAt(r.nextInt(5)));
        }
        return b.toString();
    }

    /** A date in one of several bank formats. */
    static String date(Random r) {
        int m = 1 + r.nextInt(12);
        int d = 1 + r.nextInt(28);
        int y = 15 + r.nextInt(12);
        switch (r.nextInt(11)) {
            case 0:
                return String.format(Locale.ROOT, "%02d%02d", m, d);
            case 1:
                return String.format(Locale.ROOT, "%02d/%02d", m, d);
            case 2:
                return String.format(Locale.ROOT, "%02d/%02d/%02d", m, d, y);
            case 3:
                return String.format(Locale.ROOT, "%02d/%02d/20%02d", m, d, y);
            case 4:
                return String.format(Locale.ROOT, "%02d-%02d", m, d);
            case 5:
                return String.format(Locale.ROOT, "20%02d-%02d-%02d", y, m, d);
            case 6:
                return String.format(Locale.ROOT, "%02d%s%02d", d, MONTHS[m - 1], y);
            case 7:
                return MONTHS[m - 1] + " " + d;
            case 8:
                return String.format(Locale.ROOT, "%02d %s", d, MONTHS[m - 1]);
            case 9:
                return String.format(Locale.ROOT, "%02d%02d%02d", m, d, y);
            default:
                return String.format(Locale.ROOT, "%02d.%02d.%02d", d, m, y);
        }
    }

    /** A US place of {@link Places}, written whole, glued, cut or as the state alone. */
    static String city(Random r) {
        String c = pick(Places.bundled().us(), r);
        String name = c.substring(0, c.length() - 3);
        String state = c.substring(c.length() - 2);
        double u = r.nextDouble();
        if (u < 0.12) {
            return name + state;
        }
        if (u < 0.22 && name.length() > 13) {
            return name.substring(0, 13) + state;
        }
        if (u < 0.3) {
            return state;
        }
        if (u < 0.38) {
            return name;
        }
        if (u < 0.43) {
            return name + ", " + state;
        }
        return c;
    }

    /** {@code shape} with each {@code 9} replaced by a random digit. */
    static String fill(String shape, Random r) {
        StringBuilder b = new StringBuilder(shape.length());
        for (char ch : shape.toCharArray()) {
            b.append(ch == '9' ? (char) ('0' + r.nextInt(10)) : ch);
        }
        return b.toString();
    }

    /** {@code text} cased per token as {@code style} says. */
    static String applyCase(String text, CaseStyle style, Random r) {
        switch (style) {
            case LOWER:
                return text.toLowerCase(Locale.ROOT);
            case TITLE:
                return titleCase(text);
            case MIXED:
                StringBuilder b = new StringBuilder(text.length());
                for (String part : text.split("(?<= )", -1)) {
                    int k = r.nextInt(3);
                    b.append(k == 0 ? part.toUpperCase(Locale.ROOT) : k == 1 ? part.toLowerCase(Locale.ROOT) : titleCase(part));
                }
                return b.toString();
            default:
                return text.toUpperCase(Locale.ROOT);
        }
    }

    private static String titleCase(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            b.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetterOrDigit(c) && c != '\'';
        }
        return b.toString();
    }

    private static String pick(List<String> list, Random r) {
        return list.get(r.nextInt(list.size()));
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    static String digits(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return b.toString();
    }

    static String letters(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('A' + r.nextInt(26)));
        }
        return b.toString();
    }

    private static String alnum(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(r.nextInt(3) == 0 ? (char) ('0' + r.nextInt(10)) : (char) ('A' + r.nextInt(26)));
        }
        return b.toString();
    }
}
