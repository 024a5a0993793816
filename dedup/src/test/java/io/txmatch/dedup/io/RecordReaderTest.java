package io.txmatch.dedup.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txmatch.dedup.DedupRecord;
import io.txmatch.dedup.DedupResult;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading dedup input: whole files, line at a time, and the format rule; writing the result. */
class RecordReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void reads_csv_with_quotes_and_optional_columns() throws IOException {
        Path csv = file("in.csv", "\uFEFFtxn,descriptor,amt,day,acct\n"
                + "1,\"CHECKCARD 0615 OUTBACK, TEMPE AZ\",12.50,2026-06-15,A\n"
                + "2,WAL-MART #2447,,,B\n");
        List<DedupRecord> r = RecordReader.read(csv, new Columns("txn", "descriptor", "amt", "day", List.of("acct")));
        assertThat(r).containsExactly(
                new DedupRecord("1", "CHECKCARD 0615 OUTBACK, TEMPE AZ", new BigDecimal("12.5"), LocalDate.of(2026, 6, 15),
                        Map.of("acct", "A")),
                new DedupRecord("2", "WAL-MART #2447", null, null, Map.of("acct", "B")));
    }

    @Test
    void reads_ndjson_by_extension_or_by_content() throws IOException {
        String body = "{\"id\": \"a\", \"text\": \"SHELL OIL\", \"amount\": 5}\n\n{\"id\": 7, \"text\": \"NETFLIX.COM\"}\n";
        for (Path p : List.of(file("in.ndjson", body), file("in.txt", body))) {
            List<DedupRecord> r = RecordReader.read(p, new Columns("id", "text", "amount", null, List.of()));
            assertThat(r).extracting(DedupRecord::id).containsExactly("a", "7");
            assertThat(r.get(0).amount()).isEqualByComparingTo("5");
        }
    }

    @Test
    void csv_errors_name_the_line_the_record_starts_on_whatever_came_before() throws IOException {
        Columns plain = Columns.of("id", "text");
        // A quoted field over three lines, then an empty line, then the bad record on line 6.
        assertThatThrownBy(() -> RecordReader.read(file("span.csv", "id,text\n1,\"A\nB\nC\"\n\n2\n"), plain))
                .hasMessageContaining("line 6:");
        assertThatThrownBy(() -> RecordReader.read(file("crlf.csv", "id,text\r\n1,\"A\r\nB\"\r\n2,\r\n"), plain))
                .hasMessageContaining("line 4:");
        assertThatThrownBy(() -> RecordReader.read(file("crlf2.csv", "id,text\r\n1,x\r\n\r\n\r\n2,\r\n"), plain))
                .hasMessageContaining("line 5:");
        assertThatThrownBy(() -> RecordReader.read(file("cr.csv", "id,text\r1,x\r\r2\r"), plain))
                .hasMessageContaining("line 4:");
        StringBuilder many = new StringBuilder("id,text\n");
        for (int i = 0; i < 5000; i++) {
            many.append(i).append(",\"x\ny\"\n"); // two lines each: line-start bookkeeping must outgrow 64
        }
        assertThatThrownBy(() -> RecordReader.read(file("many.csv", many + "bad\n"), plain))
                .hasMessageContaining("line 10002:");
    }

    @Test
    void every_bad_line_is_named_and_rejects_the_file() throws IOException {
        Columns plain = Columns.of("id", "text");
        assertThatThrownBy(() -> RecordReader.read(file("a.csv", "id,name\n1,x\n"), plain))
                .hasMessageContaining("no column 'text'");
        assertThatThrownBy(() -> RecordReader.read(file("b.csv", "id,text\n1,x\n2\n"), plain))
                .hasMessageContaining("line 3").hasMessageContaining("1 fields");
        assertThatThrownBy(() -> RecordReader.read(file("c.csv", "id,text\n1,\n"), plain))
                .hasMessageContaining("line 2").hasMessageContaining("text must be");
        assertThatThrownBy(() -> RecordReader.read(file("d.ndjson", "{\"id\": \"1\", \"text\": \"x\"}\n{oops\n"), plain))
                .hasMessageContaining("line 2").hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> RecordReader.read(file("e.ndjson", "{\"id\": \"1\"}\n"), plain))
                .hasMessageContaining("line 1").hasMessageContaining("\"text\" is missing");
        assertThatThrownBy(() -> RecordReader.read(file("f.csv", "id,text,amount\n1,x,12 dollars\n"),
                new Columns("id", "text", "amount", null, List.of()))).hasMessageContaining("not a number");
        assertThatThrownBy(() -> RecordReader.read(file("g.csv", "id,text,date\n1,x,15/06/2026\n"),
                new Columns("id", "text", null, "date", List.of()))).hasMessageContaining("YYYY-MM-DD");
        assertThatThrownBy(() -> RecordReader.read(file("h.csv", "id,text\n"), plain)).hasMessageContaining("no records");
        Path latin1 = dir.resolve("i.csv");
        Files.write(latin1, new byte[] {'i', 'd', ',', 't', 'e', 'x', 't', '\n', '1', ',', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> RecordReader.read(latin1, plain)).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void writes_one_row_per_record_in_input_order() throws IOException {
        DedupResult r = new DedupResult(List.of("b", "a,1"), List.of("b", "b"), new float[] {1f, 0.87654f},
                new DedupResult.Stats(2, 2, 2, 1, 1, 2, Map.of()));
        Path csv = dir.resolve("out.csv");
        ResultWriter.write(csv, r);
        assertThat(Files.readString(csv)).isEqualTo("id,cluster_id,score\nb,b,1.0000\n\"a,1\",b,0.8765\n");
        Path nd = dir.resolve("out.ndjson");
        ResultWriter.write(nd, r);
        assertThat(Files.readAllLines(nd)).containsExactly("{\"id\":\"b\",\"cluster_id\":\"b\",\"score\":1.0}",
                "{\"id\":\"a,1\",\"cluster_id\":\"b\",\"score\":0.8765}");
    }
    @Test
    void line_at_a_time_reads_the_same_records_and_messages_as_a_whole_file() throws IOException {
        Columns cols = new Columns("txn", "descriptor", "amt", "day", List.of("acct"));
        String csv = "\uFEFFtxn,descriptor,amt,day,acct\n1,\"OUTBACK, TEMPE AZ\",12.50,2026-06-15,A\n\n2,WAL-MART #2447,,,B\n";
        String[] lines = csv.split("\n", -1);
        CsvReader byLine = new CsvReader("in.csv", cols).withHeader(lines[0]);
        List<DedupRecord> fromLines = new java.util.ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            DedupRecord r = byLine.readLine(lines[i], i + 1);
            if (r != null) {
                fromLines.add(r);
            }
        }
        assertThat(fromLines).isEqualTo(new CsvReader("in.csv", cols).readAll(new StringReader(csv))).hasSize(2);

        String nd = "{\"txn\": 1, \"descriptor\": \"SHELL\", \"amt\": 1.50, \"acct\": \"A\"}\n \n{\"txn\": \"2\", \"descriptor\": \"X\", \"acct\": 7}\n";
        NdjsonReader json = new NdjsonReader("in.ndjson", cols);
        assertThat(json.readLine(" ", 2)).isNull();
        assertThat(List.of(json.readLine(nd.split("\n")[0], 1), json.readLine(nd.split("\n")[2], 3)))
                .isEqualTo(json.readAll(new StringReader(nd)));
        assertThat(json.readAll(new StringReader(nd)).get(0).amount()).isEqualTo(new BigDecimal("1.5"));
        // Amounts are exact: no double in between.
        assertThat(json.readLine("{\"txn\": 1, \"descriptor\": \"X\", \"amt\": 12345678901234567.89, \"acct\": \"A\"}", 1)
                .amount()).isEqualTo(new BigDecimal("12345678901234567.89"));

        assertThatThrownBy(() -> byLine.readLine("3,x", 9)).hasMessage("in.csv: line 9: 2 fields, the header has 5"
                + " (records may not span lines here)");
        assertThatThrownBy(() -> new CsvReader("in.csv", cols).withHeader("txn,text")).hasMessageContaining("no column 'descriptor'");
        assertThatThrownBy(() -> new CsvReader("in.csv", cols).readLine("1,x", 2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> json.readLine("[1]", 4)).hasMessage("in.ndjson: line 4: not a JSON object");
    }

    @Test
    void the_format_follows_the_name_else_the_first_significant_character() {
        assertThat(Format.detect("a.csv", "{\"id\": 1}")).isEqualTo(Format.CSV);
        assertThat(Format.detect("a.JSONL", "id,text")).isEqualTo(Format.NDJSON);
        assertThat(Format.detect("a.txt", "\uFEFF \t{\"id\": 1}")).isEqualTo(Format.NDJSON);
        assertThat(Format.detect("a.txt", "\uFEFFid,text")).isEqualTo(Format.CSV);
        assertThat(Format.detect("a", "")).isEqualTo(Format.CSV);
        assertThat(Format.forOutput(Path.of("out.ndjson"))).isEqualTo(Format.NDJSON);
        assertThat(Format.forOutput(Path.of("out.txt"))).isEqualTo(Format.CSV);
    }

    @Test
    void a_writer_writes_the_file_bytes() throws IOException {
        DedupResult r = new DedupResult(List.of("x\"y"), List.of("x\"y"), new float[] {0.87654f},
                new DedupResult.Stats(1, 1, 0, 0, 1, 1, Map.of()));
        StringWriter csv = new StringWriter();
        ResultWriter.write(csv, r, Format.CSV);
        Path file = dir.resolve("o.csv");
        ResultWriter.write(file, r);
        assertThat(Files.readString(file)).isEqualTo(csv.toString()).isEqualTo("id,cluster_id,score\n\"x\"\"y\",\"x\"\"y\",0.8765\n");
        assertThat(ResultWriter.score(0.87654f)).isEqualTo(0.8765);
    }

    @Test
    void amounts_with_huge_exponents_are_refused_with_their_line_without_being_written_out() throws IOException {
        Columns cols = new Columns("id", "text", "amount", null, List.of());
        // 59 bytes of CSV: 1e500000000 written out would be 500 million digits.
        Path csv = file("big.csv", "id,text,amount\nt1,SHELL OIL,12.50\nt2,SHELL OIL,1e500000000\n");
        assertThatThrownBy(() -> RecordReader.read(csv, cols)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(csv + ": line 3: amount must have at most 30 digits before the decimal point");
        Path tiny = file("tiny.csv", "id,text,amount\nt1,SHELL OIL,1e-500000000\n");
        assertThatThrownBy(() -> RecordReader.read(tiny, cols)).hasMessageContaining("line 2: amount must have at most");
        Path nd = file("big.ndjson", "{\"id\":\"t1\",\"text\":\"SHELL OIL\",\"amount\":1.5}\n"
                + "{\"id\":\"t2\",\"text\":\"SHELL OIL\",\"amount\":1e500000000}\n");
        assertThatThrownBy(() -> RecordReader.read(nd, cols)).hasMessageStartingWith(nd + ": line 2: amount must have at most");
        NdjsonReader json = new NdjsonReader("in.ndjson", cols);
        assertThatThrownBy(() -> json.readLine("{\"id\":\"t\",\"text\":\"X\",\"amount\":\"-1E+31\"}", 7))
                .hasMessageStartingWith("in.ndjson: line 7: amount must have at most");
        // An id or key given as a number is written out, unless that would be huge.
        assertThatThrownBy(() -> json.readLine("{\"id\":1e500000000,\"text\":\"X\"}", 8))
                .hasMessage("in.ndjson: line 8: field \"id\" is a number of more than 1000 digits when written out");
        assertThat(json.readLine("{\"id\":1e3,\"text\":\"X\"}", 9).id()).isEqualTo("1000");
        // Long digit strings are refused before they are parsed.
        assertThatThrownBy(() -> new CsvReader("in.csv", cols).withHeader("id,text,amount").readLine("t,X," + "9".repeat(5000), 4))
                .hasMessage("in.csv: line 4: amount is longer than 100 characters");
        // The widest amounts accepted, exactly.
        String widest = "9".repeat(30) + "." + "9".repeat(20);
        assertThat(json.readLine("{\"id\":\"t\",\"text\":\"X\",\"amount\":" + widest + "}", 1).amount())
                .isEqualTo(new BigDecimal(widest));
        assertThat(DedupRecord.checkAmount(new BigDecimal("0E-500000000"))).isEqualTo(BigDecimal.ZERO);
        assertThat(DedupRecord.checkAmount(new BigDecimal("1.2300E+3"))).isEqualTo(new BigDecimal("1.23E+3"));
    }

    @Test
    void a_quoted_id_keeps_its_spaces_and_tabs_byte_for_byte_and_round_trips() throws IOException {
        String[] ids = {"\t lead", "trail \t", " \tboth\t ", "plain"};
        StringBuilder csv = new StringBuilder("id,text\n");
        StringBuilder nd = new StringBuilder();
        for (String id : ids) {
            csv.append('"').append(id).append("\",SHELL OIL\n");
            nd.append("{\"id\":\"").append(id.replace("\t", "\\t")).append("\",\"text\":\"SHELL OIL\"}\n");
        }
        Columns cols = Columns.of("id", "text");
        assertThat(RecordReader.read(file("ids.csv", csv.toString()), cols)).extracting(DedupRecord::id).containsExactly(ids);
        assertThat(RecordReader.read(file("ids.ndjson", nd.toString()), cols)).extracting(DedupRecord::id).containsExactly(ids);
        // Written without formula escaping and read back as input: the same ids, byte for byte.
        DedupResult r = new DedupResult(List.of(ids), List.of(ids), new float[] {1f, 1f, 1f, 1f},
                new DedupResult.Stats(4, 4, 4, 1, 0, 0, Map.of()));
        Path out = dir.resolve("round.csv");
        ResultWriter.write(out, r, false);
        assertThat(RecordReader.read(out, Columns.of("id", "cluster_id"))).extracting(DedupRecord::id).containsExactly(ids);
    }

    @Test
    void csv_output_escapes_ids_a_spreadsheet_would_run_unless_told_not_to() throws IOException {
        List<String> ids = List.of("=SUM(A1)", "+1", "-2", "@x", "\tt", "\rr", "ok", "a=b", "'q");
        float[] scores = new float[ids.size()];
        DedupResult r = new DedupResult(ids, ids, scores, new DedupResult.Stats(ids.size(), ids.size(), ids.size(), 1, 0, 0, Map.of()));
        StringWriter escaped = new StringWriter();
        ResultWriter.write(escaped, r, Format.CSV);
        assertThat(escaped.toString()).isEqualTo("id,cluster_id,score\n"
                + "\"'=SUM(A1)\",\"'=SUM(A1)\",0.0000\n\"'+1\",\"'+1\",0.0000\n\"'-2\",\"'-2\",0.0000\n\"'@x\",\"'@x\",0.0000\n"
                + "\"'\tt\",\"'\tt\",0.0000\n\"'\rr\",\"'\rr\",0.0000\nok,ok,0.0000\na=b,a=b,0.0000\n'q,'q,0.0000\n");
        StringWriter raw = new StringWriter();
        ResultWriter.write(raw, r, Format.CSV, false);
        assertThat(raw.toString()).isEqualTo("id,cluster_id,score\n"
                + "=SUM(A1),=SUM(A1),0.0000\n+1,+1,0.0000\n-2,-2,0.0000\n@x,@x,0.0000\n"
                + "\"\tt\",\"\tt\",0.0000\n\"\rr\",\"\rr\",0.0000\nok,ok,0.0000\na=b,a=b,0.0000\n'q,'q,0.0000\n");
        // NDJSON is data, not a spreadsheet: never escaped.
        StringWriter nd = new StringWriter();
        ResultWriter.write(nd, r, Format.NDJSON, true);
        assertThat(nd.toString()).startsWith("{\"id\":\"=SUM(A1)\",\"cluster_id\":\"=SUM(A1)\",");
    }
}
