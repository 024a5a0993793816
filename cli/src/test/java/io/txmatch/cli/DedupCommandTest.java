package io.txmatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupCommandTest {
    private static final String MODEL = Path.of("..", "models", "default.txmb").toString();

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void dedups_a_csv_file_into_one_row_per_record_in_input_order() throws IOException {
        Path in = Files.writeString(dir.resolve("tx.csv"), "txn,descriptor\n"
                + "t1,CHECKCARD 0615 OUTBACK STEAKHOUSE 0310 TEMPE AZ\n"
                + "t2,\"POS PURCHASE WAL-MART #0931 DALLAS TX\"\n"
                + "t3,CHECKCARD 0701 OUTBACK STEAKHOUSE 4471 PHOENIX AZ\n"
                + "t4,POS PURCHASE WAL-MART #1120 TULSA OK\n");
        Path result = dir.resolve("clusters.csv");
        assertThat(run("dedup", "--in", in.toString(), "--out", result.toString(), "--id-column", "txn",
                "--text-column", "descriptor", "--model", MODEL, "--no-progress")).as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(result);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("id,cluster_id,score");
        assertThat(lines.subList(1, 5)).extracting(l -> l.split(",")[0]).containsExactly("t1", "t2", "t3", "t4");
        String c1 = lines.get(1).split(",")[1];
        String c2 = lines.get(2).split(",")[1];
        assertThat(lines.get(3).split(",")[1]).isEqualTo(c1);
        assertThat(lines.get(4).split(",")[1]).isEqualTo(c2).isNotEqualTo(c1);
        assertThat(out.toString()).contains("dedup records=4 distinct_texts=4 clusters=2 largest_cluster=2");

        Path nd = dir.resolve("clusters.ndjson");
        assertThat(run("dedup", "--in", in.toString(), "--out", nd.toString(), "--id-column", "txn",
                "--text-column", "descriptor", "--model", MODEL, "--no-progress")).isZero();
        assertThat(Files.readAllLines(nd)).hasSize(4).allMatch(l -> l.startsWith("{\"id\":\"t"));
    }

    @Test
    void a_bad_file_fails_with_one_line_and_writes_nothing() throws IOException {
        Path in = Files.writeString(dir.resolve("tx.csv"), "id,text\n1,SHELL OIL\n1,NETFLIX\n");
        Path result = dir.resolve("clusters.csv");
        assertThat(run("dedup", "--in", in.toString(), "--out", result.toString(), "--model", MODEL, "--no-progress")).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: ").contains("'1' occurs more than once");
        assertThat(result).doesNotExist();
        assertThat(run("dedup", "--in", dir.resolve("missing.csv").toString(), "--out", result.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no such file");
    }

    @Test
    void an_amount_that_cannot_be_written_out_fails_with_its_line() throws IOException {
        // 59 bytes of CSV; 1e500000000 spelt out would be 500 million digits.
        Path csv = Files.writeString(dir.resolve("big.csv"), "id,text,amount\nt1,SHELL OIL,12.50\nt2,SHELL OIL,1e500000000\n");
        Path result = dir.resolve("clusters.csv");
        assertThat(run("dedup", "--in", csv.toString(), "--out", result.toString(), "--amount-column", "amount",
                "--model", MODEL, "--no-progress")).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: ").contains(csv + ": line 3: amount must have at most 30 digits");
        Path nd = Files.writeString(dir.resolve("big.ndjson"), "{\"id\":\"t1\",\"text\":\"SHELL OIL\",\"amount\":1e500000000}\n");
        assertThat(run("dedup", "--in", nd.toString(), "--out", result.toString(), "--amount-column", "amount",
                "--model", MODEL, "--no-progress")).isEqualTo(1);
        assertThat(err.toString()).contains(nd + ": line 1: amount must have at most 30 digits");
        assertThat(result).doesNotExist();
    }

    @Test
    void formula_ids_are_escaped_in_csv_output_unless_turned_off_and_ids_are_otherwise_byte_exact() throws IOException {
        Path in = Files.writeString(dir.resolve("tx.csv"), "id,text\n"
                + "=HYPERLINK(\"http://x\"),CHECKCARD 0615 OUTBACK STEAKHOUSE 0310 TEMPE AZ\n"
                + "+1,POS PURCHASE WAL-MART #0931 DALLAS TX\n"
                + "-2,RECURRING PAYMENT NETFLIX.COM CA\n"
                + "@SUM(1),SHELL OIL 57444 HOUSTON TX\n"
                + "\"\t tabbed \t\",UBER TRIP HELP.UBER.COM CA\n"
                + "plain,AMAZON MKTPLACE PMTS WA\n");
        Path escaped = dir.resolve("escaped.csv");
        assertThat(run("dedup", "--in", in.toString(), "--out", escaped.toString(), "--model", MODEL, "--no-progress"))
                .as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(escaped);
        assertThat(lines).hasSize(7);
        assertThat(lines.get(1)).startsWith("\"'=HYPERLINK(\"\"http://x\"\")\",");
        assertThat(lines.get(2)).startsWith("\"'+1\",");
        assertThat(lines.get(3)).startsWith("\"'-2\",");
        assertThat(lines.get(4)).startsWith("\"'@SUM(1)\",");
        assertThat(lines.get(5)).startsWith("\"'\t tabbed \t\",");
        assertThat(lines.get(6)).startsWith("plain,");
        // No field of the output starts like a formula.
        for (String line : lines.subList(1, 7)) {
            for (String field : org.apache.commons.csv.CSVParser.parse(line, org.apache.commons.csv.CSVFormat.RFC4180)
                    .getRecords().get(0)) {
                assertThat(io.txmatch.dedup.io.ResultWriter.isFormula(field)).as(line).isFalse();
            }
        }

        Path raw = dir.resolve("raw.csv");
        assertThat(run("dedup", "--in", in.toString(), "--out", raw.toString(), "--model", MODEL, "--no-progress",
                "--no-csv-formula-escape")).as(err.toString()).isZero();
        // Read back as dedup input: every id exactly as it was given.
        assertThat(io.txmatch.dedup.io.RecordReader.read(raw, io.txmatch.dedup.io.Columns.of("id", "cluster_id")))
                .extracting(io.txmatch.dedup.DedupRecord::id)
                .containsExactly("=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(1)", "\t tabbed \t", "plain");
    }
}
