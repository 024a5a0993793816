package io.txmatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormaliserTest {
    @Test
    void uppercases_maps_digits_and_collapses_space() {
        assertThat(TextNormaliser.normalise("  checkcard 0615 Outback  0310\tTEMPE, az "))
                .isEqualTo("CHECKCARD 0000 OUTBACK 0000 TEMPE AZ");
    }

    @Test
    void keeps_descriptor_punctuation_and_drops_the_rest() {
        assertThat(TextNormaliser.normalise("SQ *JOE'S CAFÉ #12 (NYC) A&W www.x.com/bill ~!"))
                .isEqualTo("SQ *JOE'S CAFE #00 NYC A&W WWW.X.COM/BILL");
    }

    @Test
    void null_and_blank_become_empty() {
        assertThat(TextNormaliser.normalise(null)).isEmpty();
        assertThat(TextNormaliser.normalise(" \t ")).isEmpty();
    }
}
