package io.txmatch.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class CostModelTest {

    @Test
    void default_substrings_are_the_longest_of_at_most_32_bits() {
        assertThat(CostModel.defaultSubstrings(30)).isEqualTo(1);
        assertThat(CostModel.defaultSubstrings(64)).isEqualTo(2);
        assertThat(CostModel.defaultSubstrings(65)).isEqualTo(3);
        assertThat(CostModel.defaultSubstrings(256)).isEqualTo(8);
        assertThatThrownBy(() -> CostModel.defaultSubstrings(29)).hasMessageContaining("30..256");
    }

    @Test
    void served_knn_substrings_are_16_bits_long_and_never_fewer_than_the_default() {
        assertThat(CostModel.knnSubstrings(64)).isEqualTo(4);
        assertThat(CostModel.knnSubstrings(128)).isEqualTo(8);
        assertThat(CostModel.knnSubstrings(30)).isEqualTo(1);
        assertThat(CostModel.knnSubstrings(40)).isEqualTo(CostModel.defaultSubstrings(40)).isEqualTo(2);
    }

    @Test
    void blocking_bands_follow_the_code_count() {
        assertThat(CostModel.blockingSubstrings(64, 1_000_000, 15)).isEqualTo(4);
        assertThat(CostModel.blockingSubstrings(64, 50_000, 15)).isEqualTo(4);
        assertThat(CostModel.blockingSubstrings(256, 1_000_000, 60)).isBetween(8, 64);
        assertThat(CostModel.blockingSubstrings(30, 10, 7)).isGreaterThanOrEqualTo(1);
        // Radius 0 needs no ball at all: the fewest (longest) bands are cheapest.
        assertThat(CostModel.blockingSubstrings(64, 1_000, 0)).isEqualTo(2);
    }

    @Test
    void probed_bands_are_about_log2_n_bits_between_8_and_32() {
        assertThat(CostModel.probedBlockingSubstrings(64, 2)).isEqualTo(8);          // 8-bit bands at the least
        assertThat(CostModel.probedBlockingSubstrings(64, 1 << 16)).isEqualTo(4);    // 16 bits for 65,536 codes
        assertThat(CostModel.probedBlockingSubstrings(64, Integer.MAX_VALUE)).isEqualTo(2); // 32 bits at the most
        assertThat(CostModel.probedBlockingSubstrings(256, 1 << 20)).isEqualTo(13);  // 256 / 20, rounded
    }

    @Test
    void every_route_choice_every_layout_can_make() {
        CostModel costs = new CostModel(new Substrings(64, 2));
        int live = 1_000_000;
        assertThat(costs.radiusRoute(SearchPath.SCAN, live, 1)).isEqualTo(Route.SCAN);
        assertThat(costs.radiusRoute(SearchPath.AUTO, live, 1)).isEqualTo(Route.MIH);
        assertThat(costs.radiusRoute(SearchPath.AUTO, live, 40)).isEqualTo(Route.SCAN);
        // Forced MIH with 32-bit balls of radius 20: far more probes than codes, so the scan answers.
        assertThat(costs.radiusRoute(SearchPath.MIH, live, 40)).isEqualTo(Route.MIH_THEN_SCAN);
        assertThat(costs.radiusRoute(SearchPath.MIH, live, 3)).isEqualTo(Route.MIH);

        assertThat(costs.knnByMih(SearchPath.MIH, 10, 5, Query.UNBOUNDED, null)).isTrue();
        assertThat(costs.knnByMih(SearchPath.SCAN, live, 5, 1, null)).isFalse();
        // k as large as what a filter admits: the scan, since MIH would verify everything anyway.
        assertThat(costs.knnByMih(SearchPath.AUTO, live, 5, Query.UNBOUNDED, RoaringBitmap.bitmapOf(1, 2, 3))).isFalse();
        // Uniform 64-bit codes: the 10th neighbour of a million lies ~14 bits away, too far for 32-bit balls,
        // but a cap of 3 bits makes MIH cheap again.
        assertThat(costs.knnByMih(SearchPath.AUTO, live, 10, Query.UNBOUNDED, null)).isFalse();
        assertThat(costs.knnByMih(SearchPath.AUTO, live, 10, 3, null)).isTrue();
    }
}
