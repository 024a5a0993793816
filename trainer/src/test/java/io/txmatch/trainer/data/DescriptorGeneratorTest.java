package io.txmatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DescriptorGeneratorTest {
    private final DescriptorGenerator gen = new DescriptorGenerator();

    @Test
    void the_same_seed_gives_the_same_merchants_and_descriptors() {
        List<Merchant> a = gen.merchants(5, 500);
        List<Merchant> b = gen.merchants(5, 500);
        assertThat(a).isEqualTo(b);
        Random r1 = new Random(9);
        Random r2 = new Random(9);
        for (int i = 0; i < 200; i++) {
            Family f = Family.values()[i % Family.values().length];
            assertThat(gen.descriptor(a.get(i), f, r1)).isEqualTo(gen.descriptor(b.get(i), f, r2));
        }
        assertThat(gen.merchants(6, 500)).isNotEqualTo(a);
    }

    @Test
    void merchant_names_are_unique() {
        List<Merchant> all = gen.merchants(1, 3000);
        Set<String> names = all.stream().map(Merchant::name).collect(Collectors.toSet());
        assertThat(names).hasSize(all.size());
    }

    @Test
    void families_produce_their_own_anatomy() {
        Merchant m = gen.merchants(1, 0).get(0);
        Random r = new Random(3);
        for (int i = 0; i < 50; i++) {
            assertThat(squeeze(gen.descriptor(m, Family.CHECKCARD, r))).startsWith("CHECKCARD ");
            assertThat(squeeze(gen.descriptor(m, Family.PURCHASE_AUTHORIZED, r))).startsWith("PURCHASE AUTHORIZED ON ");
            String ach = squeeze(gen.descriptor(m, Family.ACH, r));
            assertThat(ach).containsAnyOf("DES:", "ACH ", "ORIG CO NAME:");
        }
    }

    /** Upper case with the generator's doubled-space noise undone. */
    private static String squeeze(String s) {
        return s.toUpperCase().replaceAll(" +", " ");
    }

    @Test
    void every_family_renders_every_kind_of_merchant() {
        List<Merchant> all = gen.merchants(2, 400);
        Random r = new Random(4);
        for (Merchant m : all) {
            for (Family f : Family.values()) {
                for (int i = 0; i < 3; i++) {
                    assertThat(gen.descriptor(m, f, r)).as("%s %s", f, m.name()).isNotBlank();
                }
            }
        }
    }

    @Test
    void the_split_is_disjoint_and_complete() {
        List<Merchant> all = gen.merchants(42, 1000);
        MerchantSplit s = MerchantSplit.of(all, 42);
        Set<Merchant> seen = new HashSet<>(s.train());
        assertThat(s.validation()).doesNotContainAnyElementsOf(seen);
        seen.addAll(s.validation());
        assertThat(s.test()).doesNotContainAnyElementsOf(seen);
        seen.addAll(s.test());
        assertThat(seen).hasSize(all.size());
        assertThat(MerchantSplit.of(all, 42)).isEqualTo(s);
    }

    @Test
    void family_lists_parse_and_unknown_names_are_rejected() {
        assertThat(Family.parseList("ach, visa_dda")).containsExactlyInAnyOrder(Family.ACH, Family.VISA_DDA);
        assertThat(Family.parseList("")).isEmpty();
        assertThatThrownBy(() -> Family.parseList("ach,nope")).hasMessageContaining("unknown template family 'nope'");
    }
}
