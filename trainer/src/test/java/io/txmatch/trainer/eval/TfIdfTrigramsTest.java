package io.txmatch.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.txmatch.model.TextNormaliser;
import java.util.List;
import org.junit.jupiter.api.Test;

class TfIdfTrigramsTest {
    private final TfIdfTrigrams t = new TfIdfTrigrams(List.of("WAL-MART #2447 PHOENIX AZ", "STARBUCKS STORE 1043", "OUTBACK TEMPE AZ"),
            TextNormaliser.LATEST);

    @Test
    void identical_text_has_cosine_one_and_unrelated_text_far_less() {
        var a = t.vector("OUTBACK TEMPE AZ");
        assertThat(TfIdfTrigrams.cosine(a, t.vector("outback  tempe az"))).isCloseTo(1.0, within(1e-9));
        double near = TfIdfTrigrams.cosine(a, t.vector("CHECKCARD 0615 OUTBACK 0310 TEMPE AZ"));
        double far = TfIdfTrigrams.cosine(a, t.vector("STARBUCKS STORE 1043"));
        assertThat(near).isGreaterThan(far + 0.3);
        assertThat(TfIdfTrigrams.cosine(a, t.vector(""))).isZero();
    }
}
