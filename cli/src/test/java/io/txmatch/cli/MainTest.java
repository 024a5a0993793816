package io.txmatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void every_subcommand_explains_itself() {
        for (String sub : new String[] {"serve", "train", "eval", "dedup", "bench"}) {
            out.getBuffer().setLength(0);
            assertThat(run(sub, "--help")).as(sub).isZero();
            assertThat(out.toString()).as(sub).contains("Usage: txmatch " + sub).contains("--help");
        }
        out.getBuffer().setLength(0);
        run("dedup", "--help");
        assertThat(out.toString()).contains("--in").contains("--out").contains("--id-column").contains("--text-column")
                .contains("--threshold");
    }

    @Test
    void bench_index_prints_the_summary_line() {
        assertThat(run("bench", "index", "--n", "20000", "--queries", "20", "--rounds", "1")).isZero();
        assertThat(out.toString()).containsPattern("index-bench n=20000 bits=64 r=3: mih_qps=\\d+ linear_qps=[\\d.]+ speedup=[\\d.]+x");
        assertThat(run("bench", "nothing")).isEqualTo(2);
    }

    @Test
    void serve_documents_the_options_other_checks_rely_on() {
        run("serve", "--help");
        assertThat(out.toString()).contains("--port").contains("--data").contains("--host").contains("--model").contains("7070");
    }

    @Test
    void dedup_without_its_files_is_a_usage_error() {
        assertThat(run("dedup")).isEqualTo(2);
        assertThat(err.toString()).contains("--in");
    }

    @Test
    void bad_options_are_usage_errors() {
        assertThat(run("serve", "--port", "not-a-number")).isEqualTo(2);
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument");
    }

    @Test
    void serve_on_a_port_in_use_says_so_exits_1_and_creates_no_data_directory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            java.nio.file.Path data = dir.resolve("data");
            assertThat(run("serve", "--host", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()), "--data", data.toString()))
                    .isEqualTo(1);
            assertThat(err.toString()).contains("error: port " + taken.getLocalPort() + " is in use").doesNotContain("STOPPED");
            assertThat(data).doesNotExist();
        }
    }

    @Test
    void serve_refuses_an_empty_data_directory_and_a_file_as_one(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        assertThat(run("serve", "--port", "0", "--data", "")).isEqualTo(2);
        assertThat(err.toString()).contains("--data is empty");
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("not-a-dir"), "x");
        err.getBuffer().setLength(0);
        assertThat(run("serve", "--port", "0", "--data", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(file.toAbsolutePath() + " is not a directory");
        assertThat(dir.resolve("catalogue.log")).doesNotExist();
    }

    @Test
    void serve_warns_of_a_key_file_others_can_read(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path keys = java.nio.file.Files.writeString(dir.resolve("keys"), "k1 acme\n");
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("not-a-dir"), "x");
        java.nio.file.Files.setPosixFilePermissions(keys, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        // --data a file stops the command after the key check, before any server starts.
        assertThat(run("serve", "--port", "0", "--keys", keys.toString(), "--data", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("warning: the key file " + keys.toAbsolutePath() + " is readable by group or others");
        java.nio.file.Files.setPosixFilePermissions(keys, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        err.getBuffer().setLength(0);
        run("serve", "--port", "0", "--keys", keys.toString(), "--data", file.toString());
        assertThat(err.toString()).doesNotContain("warning");
    }

    @Test
    void failures_print_one_line_and_exit_1() {
        assertThat(run("eval", "--hold-out", "nope")).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: ").doesNotContain("Exception").contains("unknown template family");
    }

    @Test
    void eval_real_takes_dev_or_test_and_no_options_of_the_other_rows() {
        assertThat(run("eval", "--real", "tset")).isEqualTo(1);
        assertThat(err.toString()).contains("--real takes dev or test, got 'tset'");
        err.getBuffer().setLength(0);
        assertThat(run("eval", "--real", "dev", "--data", "x.csv")).isEqualTo(1);
        assertThat(err.toString()).contains("it takes no --data");
    }
}
