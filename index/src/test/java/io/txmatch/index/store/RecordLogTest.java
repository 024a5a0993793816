package io.txmatch.index.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordLogTest {
    @TempDir
    Path dir;

    private static byte[] rec(int i) {
        return ("record-" + i + "-" + "x".repeat(i % 7)).getBytes(StandardCharsets.UTF_8);
    }

    private List<String> replay(Path p) throws IOException {
        List<String> out = new ArrayList<>();
        try (RecordLog log = RecordLog.open(p, b -> out.add(new String(b, StandardCharsets.UTF_8)))) {
            return out;
        }
    }

    private Path write(int n) throws IOException {
        Path p = dir.resolve("w.log");
        try (RecordLog log = RecordLog.open(p, b -> { })) {
            for (int i = 0; i < n; i++) {
                log.append(rec(i));
            }
        }
        return p;
    }

    @Test
    void appended_records_come_back_in_order_after_reopen() throws IOException {
        Path p = write(50);
        List<String> got = replay(p);
        assertThat(got).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(got.get(i)).isEqualTo(new String(rec(i), StandardCharsets.UTF_8));
        }
        try (RecordLog log = RecordLog.open(p, b -> { })) {
            log.append(rec(50));
            assertThat(log.records()).isEqualTo(51);
        }
        assertThat(replay(p)).hasSize(51);
    }

    @Test
    void truncating_anywhere_inside_the_last_record_keeps_every_earlier_record() throws IOException {
        Path p = write(10);
        byte[] full = Files.readAllBytes(p);
        int lastLen = rec(9).length + 12;
        int lastStart = full.length - lastLen;
        for (int cut = lastStart; cut < full.length; cut++) {
            Path t = dir.resolve("cut-" + cut + ".log");
            Files.write(t, java.util.Arrays.copyOf(full, cut));
            List<String> got = replay(t);
            assertThat(got).as("cut at %d", cut).hasSize(9);
            assertThat(Files.size(t)).as("torn tail truncated").isEqualTo(lastStart);
            // The log stays appendable after recovery.
            try (RecordLog log = RecordLog.open(t, b -> { })) {
                log.append(rec(99));
            }
            assertThat(replay(t)).hasSize(10).last().isEqualTo(new String(rec(99), StandardCharsets.UTF_8));
        }
    }

    @Test
    void a_garbled_last_record_is_dropped_as_torn() throws IOException {
        Path p = write(5);
        long size = Files.size(p);
        flip(p, size - 1);
        assertThat(replay(p)).hasSize(4);
    }

    @Test
    void a_dropped_torn_tail_is_logged_with_its_byte_count() throws IOException {
        Path p = write(5);
        long size = Files.size(p);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size - 3);
        }
        long torn = size - 3 - (size - 12 - rec(4).length);
        String err = CheckpointedLogTest.stderrOf(() -> assertThat(replay(p)).hasSize(4));
        assertThat(err).contains("dropped a tail of " + torn + " bytes");
    }

    @Test
    void zeros_after_the_last_record_are_a_torn_write() throws IOException {
        Path p = write(5);
        Files.write(p, new byte[64], java.nio.file.StandardOpenOption.APPEND);
        assertThat(replay(p)).hasSize(5);
    }

    @Test
    void damage_before_the_last_record_is_a_clear_error() throws IOException {
        Path p = write(10);
        byte[] full = Files.readAllBytes(p);
        int lastStart = full.length - (rec(9).length + 12);
        for (int pos = 12; pos < lastStart; pos += 5) {
            Path t = dir.resolve("flip-" + pos + ".log");
            Files.write(t, full);
            flip(t, pos);
            assertThatThrownBy(() -> replay(t)).as("flip at %d", pos).isInstanceOf(CorruptLogException.class);
        }
    }

    @Test
    void rejects_files_that_are_not_logs() throws IOException {
        Path p = dir.resolve("other.log");
        Files.writeString(p, "hello, this is not a log at all");
        assertThatThrownBy(() -> replay(p)).isInstanceOf(CorruptLogException.class).hasMessageContaining("magic");
        Path q = write(1);
        flip(q, 5); // version byte
        assertThatThrownBy(() -> replay(q)).isInstanceOf(CorruptLogException.class).hasMessageContaining("header checksum");
        Path s = dir.resolve("short.log");
        Files.write(s, new byte[] {0x54, 0x58});
        assertThatThrownBy(() -> replay(s)).isInstanceOf(CorruptLogException.class);
    }

    private static void flip(Path p, long pos) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(pos);
            int b = f.read();
            f.seek(pos);
            f.write(b ^ 0x5A);
        }
    }
}
