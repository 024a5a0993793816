package io.txmatch.index.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checkpoint of a {@link RecordLog.Mode#CHECKPOINTED} log: lost acknowledged tails refuse, others are dropped. */
class CheckpointedLogTest {
    @TempDir
    Path dir;

    @AfterEach
    void noHook() {
        RecordLog.compactionHook = step -> { };
    }

    private static String rec(int i) {
        return "record-" + i + "-" + "x".repeat(i % 7);
    }

    private static List<String> recs(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(rec(i));
        }
        return out;
    }

    private List<String> replay(Path p) throws IOException {
        List<String> out = new ArrayList<>();
        try (RecordLog log = RecordLog.open(p, b -> out.add(new String(b, StandardCharsets.UTF_8)), RecordLog.Mode.CHECKPOINTED)) {
            return out;
        }
    }

    private Path write(int n) throws IOException {
        Path p = dir.resolve("c.log");
        try (RecordLog log = RecordLog.open(p, b -> { }, RecordLog.Mode.CHECKPOINTED)) {
            for (int i = 0; i < n; i++) {
                log.append(rec(i).getBytes(StandardCharsets.UTF_8));
            }
        }
        return p;
    }

    /** The log's bytes after {@code n} records. */
    private long lengthAfter(int n) throws IOException {
        long len = 20;
        for (int i = 0; i < n; i++) {
            len += 12 + rec(i).getBytes(StandardCharsets.UTF_8).length;
        }
        return len;
    }

    @Test
    void a_log_cut_at_a_record_boundary_refuses_to_open_naming_file_and_lengths() throws IOException {
        Path p = write(20);
        long acknowledged = Files.size(p);
        long cut = lengthAfter(8);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(cut);
        }
        assertThatThrownBy(() -> replay(p)).isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(p.toString())
                .hasMessageContaining(acknowledged + " bytes were acknowledged")
                .hasMessageContaining("only " + cut + " bytes are intact");
        assertThat(Files.size(p)).as("a refused open changes nothing").isEqualTo(cut);
    }

    @Test
    void damage_to_an_acknowledged_last_record_refuses() throws IOException {
        Path p = write(5);
        long size = Files.size(p);
        flip(p, size - 1);
        assertThatThrownBy(() -> replay(p)).isInstanceOf(CorruptLogException.class).hasMessageContaining("acknowledged");
        zero(p, lengthAfter(4), 12); // a zeroed acknowledged header is lost data too
        assertThatThrownBy(() -> replay(p)).isInstanceOf(CorruptLogException.class).hasMessageContaining("acknowledged");
    }

    @Test
    void a_torn_tail_past_the_checkpoint_is_dropped_and_its_byte_count_logged() throws IOException {
        Path p = write(5);
        long acknowledged = Files.size(p);
        // An append the crash cut short: a header and half of its payload, never acknowledged.
        byte[] torn = Arrays.copyOf(frame("never-acknowledged-record"), 20);
        Files.write(p, torn, StandardOpenOption.APPEND);
        String err = stderrOf(() -> assertThat(replay(p)).isEqualTo(recs(0, 5)));
        assertThat(err).contains("dropped a tail of " + torn.length + " bytes at byte " + acknowledged);
        assertThat(Files.size(p)).isEqualTo(acknowledged);
        try (RecordLog log = RecordLog.open(p, b -> { }, RecordLog.Mode.CHECKPOINTED)) {
            assertThat(log.droppedTailBytes()).isZero();
            log.append(rec(5).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(replay(p)).isEqualTo(recs(0, 6));
    }

    @Test
    void a_zeroed_last_header_past_the_checkpoint_is_dropped() throws IOException {
        Path p = write(5);
        long acknowledged = Files.size(p);
        byte[] frame = frame("written-but-not-acknowledged");
        Arrays.fill(frame, 0, 12, (byte) 0);
        Files.write(p, frame, StandardOpenOption.APPEND);
        String err = stderrOf(() -> assertThat(replay(p)).isEqualTo(recs(0, 5)));
        assertThat(err).contains("dropped a tail of " + frame.length + " bytes");
        assertThat(Files.size(p)).isEqualTo(acknowledged);
    }

    @Test
    void a_log_of_an_older_build_opens_and_gets_a_checkpoint_that_then_guards_it() throws IOException {
        Path p = dir.resolve("old.log");
        try (RecordLog log = RecordLog.open(p, b -> { })) { // PLAIN: what builds before the checkpoint wrote
            for (int i = 0; i < 10; i++) {
                log.append(rec(i).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(LogCheckpoint.pathOf(p)).doesNotExist();
        assertThat(replay(p)).isEqualTo(recs(0, 10));
        assertThat(LogCheckpoint.pathOf(p)).exists();
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(f.length() - 12 - rec(9).length());
        }
        assertThatThrownBy(() -> replay(p)).isInstanceOf(CorruptLogException.class).hasMessageContaining("acknowledged");
    }

    @Test
    void a_missing_log_whose_checkpoint_remains_refuses() throws IOException {
        Path p = write(3);
        Files.delete(p);
        assertThatThrownBy(() -> replay(p)).isInstanceOf(CorruptLogException.class).hasMessageContaining("missing or empty");
    }

    @Test
    void a_torn_checkpoint_slot_falls_back_to_the_other() throws IOException {
        Path p = write(6);
        Path ck = LogCheckpoint.pathOf(p);
        LogCheckpoint.State before = LogCheckpoint.read(p);
        zero(ck, (before.generation() & 1) * 36, 36); // the slot written last
        LogCheckpoint.State after = LogCheckpoint.read(p);
        assertThat(after.generation()).isEqualTo(before.generation() - 1);
        assertThat(replay(p)).isEqualTo(recs(0, 6));
        zero(ck, 0, 72);
        assertThatThrownBy(() -> replay(p)).isInstanceOf(CorruptLogException.class).hasMessageContaining("both slots");
    }

    @Test
    void compaction_replaces_the_content_and_the_log_stays_appendable() throws IOException {
        Path p = write(30);
        long before = Files.size(p);
        try (RecordLog log = RecordLog.open(p, b -> { }, RecordLog.Mode.CHECKPOINTED)) {
            log.compact(bytes(recs(25, 30)));
            assertThat(log.records()).isEqualTo(5);
            log.append(rec(30).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.size(p)).isLessThan(before);
        assertThat(replay(p)).isEqualTo(recs(25, 31));
    }

    /** A crash after each step of compaction: the reopened log holds the old content or the new, and stays writable. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void a_crash_after_any_step_of_compaction_keeps_every_acknowledged_record(int step) throws IOException {
        Path p = write(30);
        List<String> live = recs(20, 30); // the state the records add up to, as the caller compacts it
        RecordLog.compactionHook = s -> {
            if (s == step) {
                throw new IOException("simulated crash after step " + s);
            }
        };
        RecordLog log = RecordLog.open(p, b -> { }, RecordLog.Mode.CHECKPOINTED);
        assertThatThrownBy(() -> log.compact(bytes(live))).hasMessageContaining("simulated crash");
        if (step >= 2) {
            assertThatThrownBy(() -> log.append(new byte[1])).as("a log cut off after the swap takes no writes")
                    .isInstanceOf(IOException.class);
        }
        log.close();
        RecordLog.compactionHook = s -> { };
        List<String> got = replay(p);
        assertThat(got).isEqualTo(step == 1 ? recs(0, 30) : live);
        assertThat(dir.resolve("c.log" + RecordLog.COMPACTING_SUFFIX)).doesNotExist();
        try (RecordLog again = RecordLog.open(p, b -> { }, RecordLog.Mode.CHECKPOINTED)) {
            again.append("after".getBytes(StandardCharsets.UTF_8));
        }
        List<String> expected = new ArrayList<>(got);
        expected.add("after");
        assertThat(replay(p)).isEqualTo(expected);
    }

    @Test
    void an_unfinished_compaction_file_is_removed_and_the_old_log_opens() throws IOException {
        Path p = write(10);
        Files.write(dir.resolve("c.log" + RecordLog.COMPACTING_SUFFIX), new byte[] {1, 2, 3});
        assertThat(replay(p)).isEqualTo(recs(0, 10));
        assertThat(dir.resolve("c.log" + RecordLog.COMPACTING_SUFFIX)).doesNotExist();
    }

    private static List<byte[]> bytes(List<String> texts) {
        return texts.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static byte[] frame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(payload);
        return java.nio.ByteBuffer.allocate(12 + payload.length).putInt(payload.length).putInt(~payload.length)
                .putInt((int) crc.getValue()).put(payload).array();
    }

    /** An action that may throw {@link IOException}. */
    interface IoAction {
        void run() throws IOException;
    }

    /** What {@code action} wrote to standard error (where the test logger writes). */
    static String stderrOf(IoAction action) throws IOException {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static void flip(Path p, long pos) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(pos);
            int b = f.read();
            f.seek(pos);
            f.write(b ^ 0x5A);
        }
    }

    private static void zero(Path p, long pos, int n) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(pos);
            f.write(new byte[n]);
        }
    }
}
