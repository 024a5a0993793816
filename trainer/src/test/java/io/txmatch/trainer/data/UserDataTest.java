package io.txmatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserDataTest {
    static List<Labelled> sample(int merchants, int each) {
        List<Labelled> out = new ArrayList<>();
        for (int m = 0; m < merchants; m++) {
            for (int i = 0; i < each; i++) {
                out.add(new Labelled("SHOP " + m + " #" + i, "merchant-" + m, "user"));
            }
        }
        return out;
    }

    @Test
    void splits_by_merchant_about_80_10_10_and_the_same_way_every_time() {
        List<Labelled> data = sample(2000, 2);
        UserData u = UserData.of(data, 42);
        Set<String> test = new HashSet<>();
        u.test().forEach(l -> test.add(l.merchantId()));
        Set<String> val = new HashSet<>();
        u.validation().forEach(l -> val.add(l.merchantId()));
        assertThat(test).doesNotContainAnyElementsOf(val);
        assertThat(test.size()).isBetween(150, 250);
        assertThat(val.size()).isBetween(150, 250);
        assertThat(u.trainMerchants() + test.size() + val.size()).isEqualTo(2000);
        // Whole merchants, never split between parts; eval finds the same test part from the file alone.
        assertThat(u.test()).hasSize(2 * test.size());
        assertThat(UserData.only(data, UserData.Part.TEST, 42)).isEqualTo(u.test());
        assertThat(UserData.of(data, 43).test()).isNotEqualTo(u.test());
        assertThat(UserData.hash(data)).isEqualTo(u.sha256()).isNotEqualTo(UserData.hash(data.subList(1, data.size())));
    }

    @Test
    void training_merchants_need_two_descriptors_and_samples_are_distinct_while_they_last() {
        List<Labelled> data = new ArrayList<>(sample(50, 3));
        data.add(new Labelled("LONE SHOP", "lonely", "user"));
        UserData u = UserData.of(data, 1);
        int withTwoOrMore = (int) sample(50, 3).stream().map(Labelled::merchantId).distinct()
                .filter(m -> UserData.part(m, 1) == UserData.Part.TRAIN).count();
        assertThat(u.trainMerchants()).isEqualTo(withTwoOrMore);
        List<String> three = u.sample(0, 3, new Random(2));
        assertThat(new HashSet<>(three)).hasSize(3);
        assertThat(u.sample(0, 5, new Random(2))).hasSize(5);
    }
}
