package io.txmatch.dedup.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFileTest {
    @TempDir
    Path dir;

    @Test
    void a_target_in_a_missing_directory_or_a_directory_is_refused_at_once() {
        Path missing = dir.resolve("nope").resolve("out.csv");
        assertThatThrownBy(() -> OutputFile.of(missing, "--out"))
                .hasMessage("--out " + missing + ": directory " + missing.getParent() + " does not exist");
        assertThatThrownBy(() -> OutputFile.of(dir, "--out")).hasMessage("--out " + dir + ": is a directory");
    }

    @Test
    void the_input_is_refused_by_name_symlink_and_hard_link_and_another_file_is_not() throws IOException {
        Path in = Files.writeString(dir.resolve("in.csv"), "id,text\n");
        for (Path same : new Path[] {in, Files.createSymbolicLink(dir.resolve("s.csv"), in), Files.createLink(dir.resolve("h.csv"), in)}) {
            assertThatThrownBy(() -> OutputFile.of(same, "--out").refuseSame(in, "--in")).hasMessageContaining("is the input file");
        }
        OutputFile.of(dir.resolve("other.csv"), "--out").refuseSame(in, "--in");
        Files.writeString(dir.resolve("other.csv"), "x");
        OutputFile.of(dir.resolve("other.csv"), "--out").refuseSame(in, "--in");
    }

    @Test
    void a_symlink_to_a_regular_file_stays_a_link_and_its_target_is_replaced_whole() throws IOException {
        Path target = Files.writeString(dir.resolve("target.csv"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), target);
        OutputFile.of(link, "--out").write(w -> w.write("new\n"));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("new\n");
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(2); // no temporary file left
        }
        assertThatThrownBy(() -> OutputFile.of(link, "--out").write(w -> {
            w.write("partial");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(target)).isEqualTo("new\n");
    }
}
