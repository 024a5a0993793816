package io.txmatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class WordPriorTest {
    private static ByteArrayInputStream gz(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream o = new GZIPOutputStream(b)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return new ByteArrayInputStream(b.toByteArray());
    }

    @Test
    void a_table_reads_back_its_counts_as_nameness() throws IOException {
        String body = "PURCHASE\t1\t98\nTEMPE\t0\t9\n";
        WordPrior p = WordPrior.read(gz(WordPrior.MAGIC + " 1 " + WordPrior.checksum(body) + "\n" + body));
        assertThat(p.size()).isEqualTo(2);
        assertThat(p.nameness("PURCHASE")).isEqualTo(2.0 / 100);
        assertThat(p.nameness("TEMPE")).isEqualTo(0.1);
        assertThat(p.nameness("OUTBACK")).isEqualTo(1.0);
    }

    @Test
    void another_format_version_or_checksum_is_refused() {
        String body = "PURCHASE\t1\t98\n";
        assertThatThrownBy(() -> WordPrior.read(gz("something else\n" + body))).hasMessageContaining("not a txmatch wrapper-words");
        assertThatThrownBy(() -> WordPrior.read(gz(WordPrior.MAGIC + " 2 " + WordPrior.checksum(body) + "\n" + body)))
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> WordPrior.read(gz(WordPrior.MAGIC + " 1 " + WordPrior.checksum(body) + "\nPURCHASE\t1\t99\n")))
                .hasMessageContaining("checksum");
        assertThatThrownBy(() -> WordPrior.read(new ByteArrayInputStream(new byte[] {1, 2, 3}))).isInstanceOf(IOException.class);
    }

    @Test
    void the_bundled_table_knows_wrapper_words_and_cities() {
        WordPrior p = WordPrior.bundled();
        assertThat(p.size()).isGreaterThan(10_000);
        assertThat(p.nameness("PURCHASE")).isLessThan(0.01);
        assertThat(p.nameness("CHECKCARD")).isLessThan(0.05);
    }
}
