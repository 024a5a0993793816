package io.txmatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.txmatch.match.WordPrior;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrapperWordsTest {
    @Test
    void names_count_as_names_wrappers_as_wrappers_and_the_table_reads_back(@TempDir Path dir) throws Exception {
        List<Merchant> merchants = new DescriptorGenerator().merchants(3, 50).subList(0, 40);
        Map<String, int[]> counts = WrapperWords.count(merchants, 5_000, 11);
        assertThat(WrapperWords.count(merchants, 5_000, 11)).usingRecursiveComparison().isEqualTo(counts); // seeded
        // Some word of the wrappers is far more often around the merchant field than in it.
        assertThat(counts.values().stream().anyMatch(c -> c[1] > 100 && c[0] * 50 < c[1])).isTrue();
        Path out = dir.resolve("t.tsv.gz");
        WrapperWords.write(counts, out);
        WordPrior p;
        try (InputStream in = Files.newInputStream(out)) {
            p = WordPrior.read(in);
        }
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            double expected = c[1] >= 2 && WordPrior.nameness(c[0], c[1]) < 0.9 ? WordPrior.nameness(c[0], c[1]) : 1.0;
            assertThat(p.nameness(e.getKey())).as(e.getKey()).isEqualTo(expected);
        }
    }
}
