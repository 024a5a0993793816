package io.txmatch.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txmatch.trainer.data.DescriptorGenerator;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.data.Labelled;
import io.txmatch.trainer.data.Merchant;
import io.txmatch.trainer.data.UserData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PkBatchSamplerTest {
    private static final DescriptorGenerator GENERATOR = new DescriptorGenerator();
    private static final List<Merchant> POOL = GENERATOR.merchants(5, 200);
    private static final List<Family> FAMILIES = List.of(Family.values());

    /** Every group of K consecutive texts shares one label, and the P groups' labels differ. */
    private static void assertGrouped(PkBatchSampler.Batch b, int p, int k) {
        assertThat(b.merchants()).isEqualTo(p);
        assertThat(b.perMerchant()).isEqualTo(k);
        assertThat(b.texts()).hasSize(p * k).allSatisfy(t -> assertThat(t).isNotBlank());
        Set<String> groups = new HashSet<>();
        for (int m = 0; m < p; m++) {
            String label = b.labels().get(m * k);
            for (int j = 1; j < k; j++) {
                assertThat(b.labels().get(m * k + j)).as("text %d of merchant %d", j, m).isEqualTo(label);
                assertThat(b.sameMerchant(m * k, m * k + j)).isTrue();
            }
            groups.add(label);
        }
        assertThat(groups).as("distinct merchants").hasSize(p);
        assertThat(b.sameMerchant(0, k)).isFalse();
    }

    @Test
    void a_batch_is_p_merchants_times_k_examples() {
        PkBatchSampler sampler = new PkBatchSampler(GENERATOR, POOL, FAMILIES, null, false, 16, 3, 0.25);
        Random rng = new Random(1);
        for (int i = 0; i < 20; i++) {
            PkBatchSampler.Batch b = sampler.next(rng);
            assertGrouped(b, 16, 3);
            Set<String> ids = POOL.stream().map(Merchant::id).collect(java.util.stream.Collectors.toSet());
            assertThat(b.labels()).allSatisfy(l -> assertThat(ids).contains(l));
        }
    }

    @Test
    void the_same_seed_draws_the_same_batches() {
        PkBatchSampler sampler = new PkBatchSampler(GENERATOR, POOL, FAMILIES, null, false, 8, 2, 0.25);
        Random a = new Random(9);
        Random b = new Random(9);
        for (int i = 0; i < 5; i++) {
            assertThat(sampler.next(a)).isEqualTo(sampler.next(b));
        }
        assertThat(sampler.next(new Random(10))).isNotEqualTo(sampler.next(new Random(11)));
    }

    @Test
    void a_users_merchants_fill_half_the_batch_when_mixing_and_all_of_it_when_replacing() {
        List<Labelled> data = new ArrayList<>();
        Random r = new Random(3);
        for (Merchant m : GENERATOR.merchants(3, 120)) {
            for (int i = 0; i < 3; i++) {
                data.add(new Labelled(GENERATOR.sample(m, FAMILIES, r).text(), m.name(), "user"));
            }
        }
        UserData user = UserData.of(data, 7);
        PkBatchSampler.Batch mixed = new PkBatchSampler(GENERATOR, POOL, FAMILIES, user, false, 16, 2, 0).next(new Random(4));
        assertGrouped(mixed, 16, 2);
        assertThat(mixed.labels().stream().filter(l -> l.startsWith("user:")).count()).isEqualTo(16);
        assertThat(mixed.labels().subList(0, 16)).noneMatch(l -> l.startsWith("user:"));
        PkBatchSampler.Batch replaced = new PkBatchSampler(GENERATOR, POOL, FAMILIES, user, true, 16, 2, 0).next(new Random(4));
        assertGrouped(replaced, 16, 2);
        assertThat(replaced.labels()).allMatch(l -> l.startsWith("user:"));
    }

    @Test
    void fewer_than_two_merchants_or_examples_are_refused() {
        assertThatThrownBy(() -> new PkBatchSampler(GENERATOR, POOL, FAMILIES, null, false, 8, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PkBatchSampler(GENERATOR, POOL, FAMILIES, null, true, 8, 2, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PkBatchSampler.Batch(List.of("a", "b", "c"), List.of("m", "m", "n"), 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
