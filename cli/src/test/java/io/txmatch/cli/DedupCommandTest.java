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
}
