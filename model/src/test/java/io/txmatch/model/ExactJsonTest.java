package io.txmatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ExactJsonTest {
    @Test
    void numbers_keep_every_digit_and_huge_ones_stay_numbers() throws Exception {
        JsonNode n = ExactJson.mapper().readTree("{\"a\": 12.10, \"b\": 0.1000000000000000055511151231257827, \"c\": 1e309}");
        assertThat(n.get("a").decimalValue()).isEqualByComparingTo(new BigDecimal("12.10"));
        assertThat(n.get("b").decimalValue()).isEqualByComparingTo(new BigDecimal("0.1000000000000000055511151231257827"));
        assertThat(n.get("c").isBigDecimal()).isTrue();
        assertThat(n.get("c").decimalValue()).isEqualByComparingTo(new BigDecimal("1e309"));
        // A plain mapper would have rounded to the nearest double and overflowed to Infinity.
        assertThat(new ObjectMapper().readTree("{\"c\": 1e309}").get("c").doubleValue()).isInfinite();
    }

    @Test
    void writing_is_what_a_plain_mapper_writes() throws Exception {
        Object value = java.util.Map.of("score", 0.8765, "id", "a,1");
        assertThat(ExactJson.mapper().writeValueAsString(value)).isEqualTo(new ObjectMapper().writeValueAsString(value));
    }
}
