package io.txmatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.txmatch.model.TextNormaliser;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Normaliser version 3 gives version 2's output on everything the generator writes: the shipped bundle, trained
 * with version 2 on these descriptors, is a version 3 bundle with unchanged weights (see the README's model part).
 */
class NormaliserVersionsTest {
    @Test
    void version_3_equals_version_2_on_every_generated_descriptor() {
        DescriptorGenerator gen = new DescriptorGenerator();
        List<Merchant> merchants = gen.merchants(42,
                MerchantSource.chainsAndLocals(3000).withNsi(Integer.MAX_VALUE, Set.of()));
        Random r = new Random(17);
        int checked = 0;
        for (Merchant m : merchants) {
            for (String alias : m.aliases()) {
                assertThat(TextNormaliser.VERSION_3.normalise(alias)).as("alias [%s]", alias)
                        .isEqualTo(TextNormaliser.VERSION_2.normalise(alias));
            }
            for (Family f : Family.values()) {
                String text = gen.descriptor(m, f, r);
                assertThat(TextNormaliser.VERSION_3.normalise(text)).as("%s [%s]", f, text)
                        .isEqualTo(TextNormaliser.VERSION_2.normalise(text));
                checked++;
            }
        }
        for (String place : Places.bundled().us()) {
            assertThat(TextNormaliser.VERSION_3.normalise(place)).isEqualTo(TextNormaliser.VERSION_2.normalise(place));
        }
        for (String place : Places.bundled().gb()) {
            assertThat(TextNormaliser.VERSION_3.normalise(place)).isEqualTo(TextNormaliser.VERSION_2.normalise(place));
        }
        assertThat(checked).isGreaterThan(100_000);
    }
}
