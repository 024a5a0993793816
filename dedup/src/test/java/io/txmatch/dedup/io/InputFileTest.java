package io.txmatch.dedup.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.DedupRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InputFileTest {
    private static final Columns COLS = Columns.of("id", "text");

    private static InputFile.Contents read(byte[] bytes, Format format, InputFile.Settings settings) throws IOException {
        return InputFile.read(new ByteArrayInputStream(bytes), "in", Optional.of(format), COLS, DedupOptions.defaults(), settings);
    }

    @Test
    void a_byte_that_is_no_utf8_is_refused_with_its_line_wherever_the_decoder_buffer_ends() throws IOException {
        // Lines of every length around the reader's 64 KiB buffer, so the bad byte falls before, on and after its edge.
        for (int pad = 65_500; pad < 65_560; pad += 7) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes("id,text\n".getBytes(StandardCharsets.UTF_8));
            int line = 1;
            int written = 8;
            while (written < pad) {
                byte[] row = ("r" + line + ",SHELL OIL \u00e9\n").getBytes(StandardCharsets.UTF_8);
                b.writeBytes(row);
                written += row.length;
                line++;
            }
            b.writeBytes("bad,CAF".getBytes(StandardCharsets.UTF_8));
            b.write(0xC9); // Latin-1 'É', no UTF-8
            b.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
            int badLine = line + 1;
            assertThatThrownBy(() -> read(b.toByteArray(), Format.CSV, InputFile.Settings.DEFAULT))
                    .hasMessage("in: line " + badLine + ": not valid UTF-8 text (bytes that are no character in it)");
        }
    }

    @Test
    void rows_keep_their_lines_and_fields_and_bad_rows_are_set_aside_when_asked() throws IOException {
        byte[] csv = "id;text;city\n\n1;SHELL OIL;Houston\n2;\n3;\"NETFLIX\nCOM\";LA\n1;AGAIN;X\n".getBytes(StandardCharsets.UTF_8);
        InputFile.Settings skip = new InputFile.Settings(StandardCharsets.UTF_8, ';', true, true);
        InputFile.Contents c = read(csv, Format.CSV, skip);
        assertThat(c.records()).extracting(DedupRecord::id).containsExactly("1", "3");
        assertThat(c.lines()).containsExactly(3, 5);
        assertThat(c.fields()).containsExactly(Map.of("id", "1", "text", "SHELL OIL", "city", "Houston"),
                Map.of("id", "3", "text", "NETFLIX\nCOM", "city", "LA"));
        assertThat(c.bad()).extracting(BadRow::line).containsExactly(4L, 7L);
        assertThat(c.bad()).extracting(BadRow::reason).containsExactly("2 fields, the header has 3",
                "record id '1' occurs more than once");
        assertThat(c.bad()).extracting(BadRow::row).containsExactly("2;", "1;AGAIN;X");
        InputFile.Settings strict = new InputFile.Settings(StandardCharsets.UTF_8, ';', false, false);
        assertThatThrownBy(() -> read(csv, Format.CSV, strict)).hasMessage("in: line 4: 2 fields, the header has 3");

        byte[] nd = "{\"id\":\"a\",\"text\":\"X\"}\n{\"id\":\"b\"}\nnope\n".getBytes(StandardCharsets.UTF_8);
        InputFile.Contents n = read(nd, Format.NDJSON, skip);
        assertThat(n.records()).extracting(DedupRecord::id).containsExactly("a");
        assertThat(n.bad()).extracting(BadRow::line).containsExactly(2L, 3L);
        assertThat(n.bad().get(1).row()).isEqualTo("nope");
        byte[] allBad = "{\"id\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read(allBad, Format.NDJSON, skip)).hasMessage("in: no records (all 1 rows are bad)");
    }
}
