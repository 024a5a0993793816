package io.txmatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledFileTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void reads_csv_with_quoting_extra_columns_and_a_byte_order_mark() throws IOException {
        Path p = file("a.csv", "\uFEFFid,Merchant,text\r\n"
                + "1,Outback,\"CHECKCARD 0615 OUTBACK 0310 TEMPE AZ\"\r\n"
                + "2,\"Joe's, Inc\",\"POS \"\"JOE'S\"\" 12\"\r\n\r\n");
        assertThat(LabelledFile.read(p)).containsExactly(
                new Labelled("CHECKCARD 0615 OUTBACK 0310 TEMPE AZ", "Outback", "user"),
                new Labelled("POS \"JOE'S\" 12", "Joe's, Inc", "user"));
    }

    @Test
    void reads_ndjson_by_extension_or_content() throws IOException {
        String body = "{\"text\": \"NETFLIX.COM CA\", \"merchant\": \"netflix\", \"extra\": 1}\n\n"
                + "{\"merchant\": \"walmart\", \"text\": \"WM SUPERCENTER #2447\"}\n";
        assertThat(LabelledFile.read(file("a.ndjson", body))).hasSize(2);
        assertThat(LabelledFile.read(file("a.txt", body))).extracting(Labelled::merchantId).containsExactly("netflix", "walmart");
    }

    @Test
    void every_problem_names_its_line_and_rejects_the_file() throws IOException {
        assertThatThrownBy(() -> LabelledFile.read(file("h.csv", "text,label\nA,B\n")))
                .hasMessageContaining("'text' and 'merchant'");
        assertThatThrownBy(() -> LabelledFile.read(file("e.csv", "text,merchant\nA,B\n ,C\n")))
                .hasMessageContaining("line 3").hasMessageContaining("empty");
        assertThatThrownBy(() -> LabelledFile.read(file("l.csv", "text,merchant\n" + "x".repeat(513) + ",B\n")))
                .hasMessageContaining("longer than 512");
        assertThatThrownBy(() -> LabelledFile.read(file("q.csv", "text,merchant\n\"open,B\n")))
                .hasMessageContaining("malformed CSV");
        assertThatThrownBy(() -> LabelledFile.read(file("b.ndjson", "{\"text\": \"A\", \"merchant\": \"B\"}\n{\"text\": 3}\n")))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> LabelledFile.read(file("c.ndjson", "{\"text\": \"A\", \"merchant\": \n")))
                .hasMessageContaining("line 1").hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> LabelledFile.read(file("empty.csv", "text,merchant\n"))).hasMessageContaining("no labelled");
        Path bad = dir.resolve("bad.csv");
        Files.write(bad, new byte[] {'t', 'e', 'x', 't', ',', 'm', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
        assertThatThrownBy(() -> LabelledFile.read(bad)).hasMessageContaining("UTF-8");
    }
}
