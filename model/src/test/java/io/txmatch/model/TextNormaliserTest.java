package io.txmatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class TextNormaliserTest {
    private static final TextNormaliser V1 = TextNormaliser.VERSION_1;
    private static final TextNormaliser V2 = TextNormaliser.VERSION_2;
    private static final TextNormaliser V3 = TextNormaliser.VERSION_3;

    /** Raw text, then its version 3 form: letters of every script kept, case and accents folded. */
    private static final String[][] V3_TABLE = {
        {"中国银行 北京", "中国银行 北京"},
        {"МАГНИТ МОСКВА", "МАГНИТ МОСКВА"},
        {"магнит москва", "МАГНИТ МОСКВА"},
        {"ПЯТЁРОЧКА №2447", "ПЯТЕРОЧКА NO 0"},
        {"МАГНИТ2447", "МАГНИТ 0"},
        {"Ελληνικά ταβέρνα", "ΕΛΛΗΝΙΚΑ ΤΑΒΕΡΝΑ"},
        {"مطعم ٣٤٥", "مطعم 0"},
        {"קפה גרג", "קפה גרג"},
        {"राम स्टोर", "राम सटोर"},
        {"스타벅스 강남", "스타벅스 강남"},
        {"ｾﾌﾞﾝｲﾚﾌﾞﾝ", "セフンイレフン"},
        {"SØREN'S KØKKEN", "SØREN'S KØKKEN"},
        {"POS PURCHASE XXXXXXXXXXXX1234 СБЕРБАНК", "POS PURCHASE % СБЕРБАНК"},
        {"STARBUCKS 北京 #1234", "STARBUCKS 北京 #0"},
        // Nothing of these is a letter or a digit: they normalise to nothing, as in version 2.
        {"!!!!", ""},
        {"😀🎉🍕", ""},
        {"🇬🇧", ""},
        {"\u200B\u200B\u200B", ""},
        {"\u0301\u0308 \u0327", ""},
        {"\u200D\uFEFF ~~ -- ^^", ""},
    };

    /** Raw descriptor, then its version 2 form. */
    private static final String[][] V2_TABLE = {
        // Masks: X runs, * runs, masks with digits, # before, masked phone and card numbers.
        {"POS PURCHASE XXXXXXXXXXXX1234", "POS PURCHASE %"},
        {"#XXXXXXXXX", "%"},
        {"CARD XXXX1234", "CARD %"},
        {"CARD ***1234", "CARD %"},
        {"***********", "%"},
        {"****1234 PAYMENT", "% PAYMENT"},
        {"XXXX-1234", "%"},
        {"XXX-XXX-XXXX", "%"},
        {"(XXX) XXX-1234", "%"},
        {"1-800-XXX-XXXX NETFLIX", "% NETFLIX"},
        {"4147 XXXX XXXX 1234", "%"},
        {"ACH DEBIT XXXXX1234 ID#XXXXXXXX", "ACH DEBIT % ID %"},
        {"PURCHASE AUTHORIZED ON 06/15 XXXXXXXX 1234 CARD 5678", "PURCHASE AUTHORIZED ON 0/0 % CARD 0"},
        {"SHOP XXXX. NYC", "SHOP % NYC"},
        // Glued masks are split off the word before them.
        {"SHOPXXXXXXXX", "SHOP %"},
        {"POSXXXXXXXX WALMART", "POS % WALMART"},
        {"AMAZONXXXX SEATTLE", "AMAZON % SEATTLE"},
        {"FEDEX***1234", "FEDEX %"},
        // Words with X are not masks; nor are three X glued to letters or alone.
        {"XXL SPORTS", "XXL SPORTS"},
        {"XXXL CLOTHING", "XXXL CLOTHING"},
        {"EXXON MOBIL 4410", "EXXON MOBIL 0"},
        {"FEDEX OFFICE #1234", "FEDEX OFFICE #0"},
        {"XEROX CORP", "XEROX CORP"},
        {"AXXESS TELECOM", "AXXESS TELECOM"},
        {"TEXACO 0012", "TEXACO 0"},
        {"SUPER BOWL XXXVIII", "SUPER BOWL XXXVIII"},
        {"AMAZONXXX SEATTLE", "AMAZONXXX SEATTLE"},
        {"XXX 1234", "XXX 0"},
        // Digit runs are one 0; digits after letters split off; short numbers before letters stay.
        {"WALMART2447 PHOENIX", "WALMART 0 PHOENIX"},
        {"WAL-MART #2447 PHOENIX AZ", "WAL-MART #0 PHOENIX AZ"},
        {"STORE #12 vs #4410", "STORE #0 VS #0"},
        {"CHECKCARD 0615 OUTBACK 0310 TEMPE AZ", "CHECKCARD 0 OUTBACK 0 TEMPE AZ"},
        {"7ELEVEN 12345", "0ELEVEN 0"},
        {"7-ELEVEN 38291 DALLAS", "0-ELEVEN 0 DALLAS"},
        {"3M COMPANY", "0M COMPANY"},
        {"21ST CENTURY INS", "0ST CENTURY INS"},
        {"0615OUTBACK STEAKHOUSE", "0 OUTBACK STEAKHOUSE"},
        {"AMZN MKTP US*2K4LJ0A12", "AMZN MKTP US*0K 0LJ 0A 0"},
        // Padding and edge punctuation.
        {"STARBUCKS ----- STORE ..... 1043", "STARBUCKS STORE 0"},
        {"PAYPAL *NETFLIX______", "PAYPAL *NETFLIX"},
        {"...NETFLIX.COM...", "NETFLIX.COM"},
        {"-WALMART-", "WALMART"},
        {"##1234 STORE", "0 STORE"},
        {"  checkcard   0615\tOutback  ", "CHECKCARD 0 OUTBACK"},
        {"SQ *JOE'S CAFÉ #12 (NYC) A&W www.x.com/bill ~!", "SQ *JOE'S CAFE #0 NYC A&W WWW.X.COM/BILL"},
        // Unicode: compatibility forms, accents, sharp s; and a raw % is not a mask.
        {"ＡＭＡＺＯＮ＊＊＊＊１２３４ ß", "AMAZON % SS"},
        {"Café Müller -----", "CAFE MULLER"},
        {"100% JUICE BAR", "0 JUICE BAR"},
        {"", ""},
        {" \t ", ""},
    };

    @Test
    void version_2_table() {
        SoftAssertions soft = new SoftAssertions();
        for (String[] row : V2_TABLE) {
            soft.assertThat(V2.normalise(row[0])).as("v2 of [%s]", row[0]).isEqualTo(row[1]);
        }
        soft.assertAll();
    }

    @Test
    void version_3_keeps_letters_of_every_script() {
        SoftAssertions soft = new SoftAssertions();
        for (String[] row : V3_TABLE) {
            soft.assertThat(V3.normalise(row[0])).as("v3 of [%s]", row[0]).isEqualTo(row[1]);
        }
        soft.assertAll();
    }

    @Test
    void version_2_drops_every_non_latin_letter_which_version_3_keeps() {
        assertThat(V2.normalise("中国银行 北京")).isEmpty();
        assertThat(V2.normalise("МАГНИТ МОСКВА")).isEmpty();
        assertThat(V2.normalise("STARBUCKS 北京 #1234")).isEqualTo("STARBUCKS #0");
    }

    @Test
    void version_3_equals_version_2_on_texts_without_letters_or_digits_of_other_scripts() {
        Random r = new Random(20261203);
        // ASCII, Latin accents, compatibility forms, symbols, emoji, zero-width and lone marks: no non-Latin letter.
        String pool = "ABCXXXXXXX0123456789 *#-./'&@+_~()%$,ÉéßＡ１＊\tÀüçñ\u0301\u200B\u200D€£😀🍕\uFE0F";
        for (int i = 0; i < 20000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = r.nextInt(30); n > 0; n--) {
                sb.appendCodePoint(pool.codePointAt(pool.offsetByCodePoints(0, r.nextInt(pool.codePointCount(0, pool.length())))));
            }
            String raw = sb.toString();
            assertThat(V3.normalise(raw)).as("v3 of [%s]", raw).isEqualTo(V2.normalise(raw));
        }
        for (String[] row : V2_TABLE) {
            assertThat(V3.normalise(row[0])).as("v3 of [%s]", row[0]).isEqualTo(row[1]);
        }
    }

    @Test
    void version_3_equals_version_2_on_every_text_of_the_real_data() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("..", "data", "uk-pcard");
        int texts = 0;
        for (String file : new String[] {"corpus.txt", "distractors.txt", "oneshot.csv", "wrapped.csv"}) {
            // One text per line in the .txt files; the CSVs' text columns hold no commas or quotes of their own
            // that matter here: every field of every line is checked, which covers the text columns.
            for (String line : java.nio.file.Files.readAllLines(dir.resolve(file))) {
                for (String field : file.endsWith(".csv") ? line.split(",") : new String[] {line}) {
                    assertThat(V3.normalise(field)).as("%s: v3 of [%s]", file, field).isEqualTo(V2.normalise(field));
                    texts++;
                }
            }
        }
        assertThat(texts).isGreaterThan(20_000);
    }

    @Test
    void version_1_is_unchanged() {
        assertThat(V1.normalise("  checkcard 0615 Outback  0310\tTEMPE, az ")).isEqualTo("CHECKCARD 0000 OUTBACK 0000 TEMPE AZ");
        assertThat(V1.normalise("SQ *JOE'S CAFÉ #12 (NYC) A&W www.x.com/bill ~!"))
                .isEqualTo("SQ *JOE'S CAFE #00 NYC A&W WWW.X.COM/BILL");
        // Captured from the version 1 code before version 2 existed.
        assertThat(V1.normalise("POS PURCHASE XXXXXXXXXXXX1234 SHOPXXXXXXXX")).isEqualTo("POS PURCHASE XXXXXXXXXXXX0000 SHOPXXXXXXXX");
        assertThat(V1.normalise("7-ELEVEN 12345 ***********")).isEqualTo("0-ELEVEN 00000 ***********");
        assertThat(V1.normalise("Café Müller -----")).isEqualTo("CAFE MULLER -----");
        assertThat(V1.normalise("ＡＭＡＺＯＮ＊＊＊＊１２３４ ß")).isEqualTo("AMAZON****0000 SS");
        assertThat(V1.normalise("(XXX) XXX-1234 ...")).isEqualTo("XXX XXX-0000 ...");
        assertThat(V1.normalise(null)).isEmpty();
        assertThat(V1.normalise(" \t ")).isEmpty();
    }

    @Test
    void versions_are_looked_up_and_unknown_ones_refused() {
        assertThat(TextNormaliser.of(1)).isSameAs(V1);
        assertThat(TextNormaliser.of(2)).isSameAs(V2);
        assertThat(TextNormaliser.of(3)).isSameAs(V3);
        assertThat(TextNormaliser.LATEST).isSameAs(V3);
        assertThat(V2.version()).isEqualTo(2);
        assertThat(V3.alphabet()).isEqualTo(V2.alphabet());
        assertThatThrownBy(() -> TextNormaliser.of(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("normaliser version 4").hasMessageContaining("1 to 3");
        assertThatThrownBy(() -> TextNormaliser.of(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void version_2_alphabet_extends_version_1_with_the_mask_alone() {
        assertThat(V2.alphabet()).startsWith(V1.alphabet()).hasSize(V1.alphabet().length() + 1).endsWith("%");
        assertThat(V1.alphabet()).doesNotContain("%");
    }

    @Test
    void outputs_stay_in_their_alphabet_and_version_2_leaves_no_mask_behind() {
        Random r = new Random(20260101);
        String pool = "ABCXXXXXXX0123456789 *#-./'&@+_~()%$,ÉéßＡ１＊\t";
        for (int i = 0; i < 20000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = r.nextInt(30); n > 0; n--) {
                sb.append(pool.charAt(r.nextInt(pool.length())));
            }
            String raw = sb.toString();
            for (TextNormaliser n : new TextNormaliser[] {V1, V2, V3}) {
                String out = n.normalise(raw);
                for (char c : out.toCharArray()) {
                    assertThat(n.alphabet().indexOf(c)).as("%s of [%s] = [%s]", n, raw, out).isNotNegative();
                }
                assertThat(out).as("%s of [%s]", n, raw).doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain("  ");
            }
            String v2 = V2.normalise(raw);
            assertThat(v2).as("v2 of [%s]", raw).doesNotContain("XXXX").doesNotContain("**").doesNotContain("00")
                    .doesNotContain("% %").doesNotContain("--").doesNotContain("..");
        }
    }

    @Test
    void serialised_normalisers_come_back_as_the_same_instance() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buf)) {
            out.writeObject(V2);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buf.toByteArray()))) {
            assertThat(in.readObject()).isSameAs(V2);
        }
    }
}
