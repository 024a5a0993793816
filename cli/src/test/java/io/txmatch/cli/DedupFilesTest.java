package io.txmatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./txmatch dedup} never damages a file, and reads and writes what real files hold (issue 18). */
class DedupFilesTest {
    private static final String MODEL = Path.of("..", "models", "default.txmb").toString();
    private static final String RECORDS = "id,text,city\n"
            + "t1,CHECKCARD 0615 OUTBACK STEAKHOUSE 0310 TEMPE AZ,Tempe\n"
            + "t2,POS PURCHASE WAL-MART #0931 DALLAS TX,Dallas\n"
            + "t3,CHECKCARD 0701 OUTBACK STEAKHOUSE 4471 PHOENIX AZ,Phoenix\n"
            + "t4,POS PURCHASE WAL-MART #1120 TULSA OK,Tulsa\n"
            + "t5,POS PURCHASE WAL-MART #0931 DALLAS TX,Dallas\n";

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int dedup(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "dedup";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--model";
        all[args.length + 2] = MODEL;
        all[args.length + 3] = "--no-progress";
        return cli.run(all);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void the_input_as_output_is_refused_also_through_links_and_stays_byte_for_byte() throws IOException {
        Path in = file("same.csv", RECORDS);
        byte[] before = Files.readAllBytes(in);
        Path symlink = Files.createSymbolicLink(dir.resolve("link.csv"), in);
        Path hardlink = Files.createLink(dir.resolve("hard.csv"), in);
        for (Path out : List.of(in, symlink, hardlink)) {
            assertThat(dedup("--in", in.toString(), "--out", out.toString())).as(out.toString()).isEqualTo(1);
            assertThat(cli.err.toString()).contains("--out " + out + " is the input file");
            assertThat(Files.readAllBytes(in)).isEqualTo(before);
        }
        assertThat(dedup("--in", in.toString(), "--out", dir.resolve("x.csv").toString(), "--pairs-out", in.toString()))
                .isEqualTo(1);
        assertThat(cli.err.toString()).contains("--pairs-out " + in + " is the input file");
        assertThat(Files.readAllBytes(in)).isEqualTo(before);
        Path x = dir.resolve("x.csv");
        assertThat(dedup("--in", in.toString(), "--out", x.toString(), "--pairs-out", x.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains("--pairs-out " + x + " is the same file as --out");
        assertThat(x).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("same.csv", "link.csv", "hard.csv");
        }
    }

    @Test
    void a_dash_reads_stdin_and_writes_stdout_with_the_summary_on_stderr() throws IOException {
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(RECORDS.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            assertThat(dedup("--in", "-", "--out", "-")).as(cli.err.toString()).isZero();
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
        }
        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(6).first().isEqualTo("id,cluster_id,score");
        assertThat(lines.subList(1, 6)).extracting(l -> l.split(",")[0]).containsExactly("t1", "t2", "t3", "t4", "t5");
        assertThat(cli.out.toString()).isEmpty();
        assertThat(cli.err.toString()).contains("dedup records=5").contains("out=stdout");
    }

    @Test
    void a_fifo_is_written_directly_and_stays_a_fifo() throws Exception {
        Path fifo = dir.resolve("out.fifo");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            mk = null;
        }
        assumeThat(mk != null && mk.waitFor() == 0).as("mkfifo available").isTrue();
        // Straight at the FIFO, and through a link to it as /dev/stdout is one (a test may not write /dev itself:
        // a rename there would break the machine).
        Path link = Files.createSymbolicLink(dir.resolve("stdout"), fifo);
        Path in = file("in.csv", RECORDS);
        for (Path target : List.of(fifo, link)) {
            Path copy = dir.resolve("copy.csv");
            Process cat = new ProcessBuilder("cat", fifo.toString()).redirectOutput(copy.toFile()).start();
            try {
                assertThat(dedup("--in", in.toString(), "--out", target.toString())).as(cli.err.toString()).isZero();
                assertThat(Files.exists(fifo) && !Files.isRegularFile(fifo)).as("still a FIFO").isTrue();
                assertThat(Files.isSymbolicLink(link)).isTrue();
                assertThat(cat.waitFor()).isZero();
                assertThat(Files.readAllLines(copy)).hasSize(6).first().isEqualTo("id,cluster_id,score");
            } finally {
                cat.destroyForcibly();
            }
        }
    }

    @Test
    void an_output_in_a_missing_directory_is_refused_before_any_work() throws IOException {
        // The input is bad too: the output is checked first, so its error is the one given.
        Path in = file("in.csv", "id,text\n1,SHELL OIL\n1,NETFLIX\n");
        Path out = dir.resolve("no").resolve("such").resolve("out.csv");
        assertThat(dedup("--in", in.toString(), "--out", out.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).startsWith("error: --out " + out + ": directory " + out.getParent().toAbsolutePath()
                + " does not exist");
        assertThat(dedup("--in", in.toString(), "--out", dir.resolve("ok.csv").toString(), "--quarantine", out.toString()))
                .isEqualTo(1);
        assertThat(cli.err.toString()).contains("error: --quarantine " + out + ": directory");
    }

    @Test
    void a_semicolon_file_says_which_delimiter_to_pass_and_reads_with_it() throws IOException {
        Path in = file("semi.csv", RECORDS.replace(',', ';'));
        Path out = dir.resolve("out.csv");
        assertThat(dedup("--in", in.toString(), "--out", out.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains("has no column 'id'").contains("pass --delimiter ';'");
        assertThat(dedup("--in", in.toString(), "--out", out.toString(), "--delimiter", ";")).as(cli.err.toString()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(6);
        Path tabs = file("tabs.csv", RECORDS.replace(',', '\t'));
        assertThat(dedup("--in", tabs.toString(), "--out", out.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains("pass --delimiter '\\t'");
        assertThat(dedup("--in", tabs.toString(), "--out", out.toString(), "--delimiter", "\\t")).as(cli.err.toString()).isZero();
    }

    @Test
    void an_empty_file_is_said_to_be_empty() throws IOException {
        Path out = dir.resolve("out.csv");
        for (String name : List.of("empty.csv", "empty.ndjson", "blank.csv")) {
            Path in = file(name, name.startsWith("blank") ? "\n\n" : "");
            assertThat(dedup("--in", in.toString(), "--out", out.toString())).isEqualTo(1);
            assertThat(cli.err.toString()).contains(in + ": empty file");
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void bytes_not_in_the_encoding_and_repeated_ids_name_their_line() throws IOException {
        Path in = dir.resolve("latin1.csv");
        Files.write(in, "id,text\nt1,SHELL OIL\nt2,CAF\u00c9 ROUGE PARIS\n".getBytes(StandardCharsets.ISO_8859_1));
        Path out = dir.resolve("out.csv");
        assertThat(dedup("--in", in.toString(), "--out", out.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains(in + ": line 3: not valid UTF-8");
        assertThat(dedup("--in", in.toString(), "--out", out.toString(), "--encoding", "ISO-8859-1")).as(cli.err.toString()).isZero();

        Path dup = file("dup.csv", "id,text\n1,SHELL OIL\n\n1,NETFLIX\n");
        assertThat(dedup("--in", dup.toString(), "--out", out.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains(dup + ": line 4: record id '1' occurs more than once");
        Path dupNd = file("dup.ndjson", "{\"id\":\"1\",\"text\":\"SHELL OIL\"}\n{\"id\":\"1\",\"text\":\"NETFLIX\"}\n");
        assertThat(dedup("--in", dupNd.toString(), "--out", out.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains(dupNd + ": line 2: record id '1' occurs more than once");
    }

    @Test
    void bad_rows_are_skipped_into_the_quarantine_and_counted() throws IOException {
        Path in = file("bad.csv", "id,text,amount\n"
                + "t1,SHELL OIL 57444 HOUSTON TX,12.50\n"
                + "t2,SHELL OIL 57444 HOUSTON TX,twelve\n"
                + "t3,NETFLIX.COM\n"
                + "t1,RECURRING PAYMENT NETFLIX.COM CA,3\n"
                + "t4,RECURRING PAYMENT NETFLIX.COM CA,9.99\n");
        Path out = dir.resolve("out.csv");
        Path q = dir.resolve("quarantine.csv");
        assertThat(dedup("--in", in.toString(), "--out", out.toString(), "--amount-column", "amount")).isEqualTo(1);
        assertThat(dedup("--in", in.toString(), "--out", out.toString(), "--amount-column", "amount", "--skip-bad-rows",
                "--quarantine", q.toString())).as(cli.err.toString()).isZero();
        assertThat(Files.readAllLines(out)).extracting(l -> l.split(",")[0]).containsExactly("id", "t1", "t4");
        assertThat(cli.out.toString()).contains("dedup records=2").contains("skipped=3");
        assertThat(Files.readAllLines(q)).containsExactly("line,reason,row",
                "3,amount 'twelve' is not a number,\"t2,SHELL OIL 57444 HOUSTON TX,twelve\"",
                "4,\"2 fields, the header has 3\",\"t3,NETFLIX.COM\"",
                "5,record id 't1' occurs more than once,\"t1,RECURRING PAYMENT NETFLIX.COM CA,3\"");
    }

    @Test
    void kept_columns_are_carried_to_csv_and_ndjson_output() throws IOException {
        Path in = file("in.csv", RECORDS);
        Path out = dir.resolve("out.csv");
        assertThat(dedup("--in", in.toString(), "--out", out.toString(), "--keep-columns", "city,text")).as(cli.err.toString()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("id,cluster_id,score,city,text");
        assertThat(lines.get(1)).startsWith("t1,").endsWith(",Tempe,CHECKCARD 0615 OUTBACK STEAKHOUSE 0310 TEMPE AZ");
        Path nd = dir.resolve("out.ndjson");
        Path ndIn = file("in.ndjson", "{\"id\":\"t1\",\"text\":\"SHELL OIL\",\"n\":7,\"tags\":[\"a\"]}\n"
                + "{\"id\":\"t2\",\"text\":\"NETFLIX.COM\",\"n\":8}\n");
        assertThat(dedup("--in", ndIn.toString(), "--out", nd.toString(), "--keep-columns", "all")).as(cli.err.toString()).isZero();
        assertThat(Files.readAllLines(nd)).hasSize(2);
        assertThat(Files.readAllLines(nd).get(0)).startsWith("{\"id\":\"t1\",\"cluster_id\":\"t1\",\"score\":1.0,")
                .endsWith("\"text\":\"SHELL OIL\",\"n\":7,\"tags\":[\"a\"]}");
        assertThat(Files.readAllLines(nd).get(1)).endsWith("\"text\":\"NETFLIX.COM\",\"n\":8}");
        // A former output as input: all leaves its own columns out, naming one is refused.
        Path again = dir.resolve("again.csv");
        assertThat(dedup("--in", out.toString(), "--out", again.toString(), "--text-column", "text", "--keep-columns", "all"))
                .as(cli.err.toString()).isZero();
        assertThat(Files.readAllLines(again).get(0)).isEqualTo("id,cluster_id,score,city,text");
        assertThat(dedup("--in", out.toString(), "--out", again.toString(), "--keep-columns", "score")).isEqualTo(1);
        assertThat(cli.err.toString()).contains("input column 'score' cannot be carried");
        assertThat(dedup("--in", in.toString(), "--out", out.toString(), "--keep-columns", "town")).isEqualTo(1);
        assertThat(cli.err.toString()).contains("--keep-columns: the input has no column 'town'");
    }

    @Test
    void pairs_out_holds_the_scored_pairs_of_each_cluster() throws IOException {
        Path in = file("in.csv", RECORDS);
        Path out = dir.resolve("out.csv");
        Path pairs = dir.resolve("pairs.csv");
        assertThat(dedup("--in", in.toString(), "--out", out.toString(), "--pairs-out", pairs.toString())).as(cli.err.toString()).isZero();
        List<String> lines = Files.readAllLines(pairs);
        assertThat(lines.get(0)).isEqualTo("id_a,id_b,score,cluster_id");
        List<String> clusterOf = Files.readAllLines(out).stream().skip(1).map(l -> l.split(",")[1]).toList();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int a = Integer.parseInt(f[0].substring(1)) - 1;
            int b = Integer.parseInt(f[1].substring(1)) - 1;
            assertThat(clusterOf.get(a)).as(line).isEqualTo(clusterOf.get(b)).isEqualTo(f[3]);
            assertThat(Double.parseDouble(f[2])).isBetween(0.70, 1.0);
        }
        // t1-t3 and t2-t4 linked; t5 repeats t2's text.
        assertThat(lines.subList(1, lines.size())).extracting(l -> l.substring(0, l.indexOf(',', 3)))
                .containsExactlyInAnyOrder("t1,t3", "t2,t4", "t2,t5");
        assertThat(lines).contains("t2,t5,1.0000," + clusterOf.get(1));
    }

    @Test
    void labels_give_a_threshold_report_on_stderr_and_in_a_file() throws IOException {
        Path in = file("in.csv", RECORDS);
        Path labels = file("labels.csv", "id,label\nt1,outback\nt2,walmart\nt3,outback\nt4,walmart\nnot-in-input,x\n");
        Path report = dir.resolve("report.csv");
        assertThat(dedup("--in", in.toString(), "--out", dir.resolve("out.csv").toString(), "--labels", labels.toString(),
                "--threshold-report", report.toString())).as(cli.err.toString()).isZero();
        List<String> lines = Files.readAllLines(report);
        assertThat(lines).hasSize(12);
        assertThat(lines.get(0)).isEqualTo("threshold,precision,recall,f1,tp,fp,fn");
        assertThat(lines.subList(1, 11)).extracting(l -> l.split(",")[0])
                .containsExactly("0.50", "0.55", "0.60", "0.65", "0.70", "0.75", "0.80", "0.85", "0.90", "0.95");
        // Four labelled records: 6 pairs, 2 positive; the clusters get both and nothing else.
        assertThat(lines.get(11)).isEqualTo("clusters@0.70,1.0000,1.0000,1.0000,2,0,0");
        for (String line : lines.subList(1, 11)) {
            String[] f = line.split(",");
            assertThat(Long.parseLong(f[4]) + Long.parseLong(f[6])).as(line).isEqualTo(2);
        }
        assertThat(cli.err.toString()).contains("threshold report: labelled=4 pairs=6 positive_pairs=2").contains(lines.get(5));

        // Too few labelled records in the input: refused before the run, nothing written.
        Path few = file("few.csv", "id,label\nt1,outback\n");
        Path out2 = dir.resolve("out2.csv");
        assertThat(dedup("--in", in.toString(), "--out", out2.toString(), "--labels", few.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).contains("labelled records that are in the input, found 1");
        assertThat(out2).doesNotExist();
    }
}
