package io.txmatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txmatch.index.store.CorruptLogException;
import io.txmatch.index.store.DirectoryLock;
import io.txmatch.index.store.DirectoryLockedException;
import io.txmatch.model.Encoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue's data directory: one writer at a time, a log cut short refuses, churn keeps the log bounded. */
class CatalogueDurabilityTest {
    @TempDir
    Path data;

    private Catalogue open() throws IOException {
        return open(Catalogue.COMPACT_AT_BYTES);
    }

    private Catalogue open(long compactAtBytes) throws IOException {
        return Catalogue.open(data, BundledEncoder.matcher(), compactAtBytes);
    }

    @Test
    void a_second_open_of_one_directory_in_this_process_is_refused_until_the_first_closes() throws IOException {
        try (Catalogue c = open()) {
            c.enrol("acme", "Moxibell Bakery", null, null, List.of("MOXIBELL BAKERY BOSTON"));
            assertThatThrownBy(this::open).isInstanceOf(DirectoryLockedException.class)
                    .hasMessageContaining("already open in this process")
                    .hasMessageContaining("pid=" + ProcessHandle.current().pid());
            assertThat(c.merchantCount()).as("the refused open left the first alone").isEqualTo(1);
            c.enrol("acme", "Second", null, null, List.of("SECOND STORE"));
        }
        try (Catalogue c = open()) {
            assertThat(c.merchantCount()).isEqualTo(2);
        }
    }

    @Test
    void a_directory_another_process_holds_is_refused_naming_the_holder() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("open")) {
                // the holder's start-up output
            }
            assertThat(line).as("the holder opened the catalogue log").isEqualTo("open");
            assertThatThrownBy(this::open).isInstanceOf(DirectoryLockedException.class)
                    .hasMessageContaining("in use by another process")
                    .hasMessageContaining("pid=" + holder.pid())
                    .hasMessageContaining(DirectoryLock.FILE);
        } finally {
            holder.getOutputStream().close(); // the holder exits at the end of its input
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        try (Catalogue c = open()) {
            assertThat(c.merchantCount()).as("the holder's lock went with it").isZero();
        }
    }

    /** A second process that opens the catalogue log of {@code args[0]}, says "open", and holds it until stdin ends. */
    public static final class Holder {
        public static void main(String[] args) throws IOException {
            try (CatalogueLog log = CatalogueLog.open(Path.of(args[0]), e -> { })) {
                System.out.println("open");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // hold the lock
                }
            }
        }
    }

    @Test
    void a_log_cut_at_a_record_boundary_refuses_to_open_naming_the_file() throws IOException {
        try (Catalogue c = open()) {
            for (int i = 0; i < 10; i++) {
                c.enrol("acme", "Shop " + i, null, null, List.of("SHOP NUMBER " + i));
            }
        }
        Path log = data.resolve(CatalogueLog.FILE);
        long full = Files.size(log);
        long cut = 20; // the header: every record gone, at a boundary
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
            f.setLength(cut);
        }
        assertThatThrownBy(this::open).isInstanceOf(CorruptLogException.class).hasMessageContaining(log.toString())
                .hasMessageContaining(full + " bytes were acknowledged").hasMessageContaining("only " + cut + " bytes are intact");
    }

    @Test
    void enrol_and_delete_churn_keeps_the_log_bounded_and_the_live_state_whole() throws IOException {
        long compactAt = 32 << 10;
        List<Catalogue.Merchant> kept = new ArrayList<>();
        Random random = new Random(17);
        long largest = 0;
        try (Catalogue c = open(compactAt)) {
            for (int i = 0; i < 5; i++) {
                kept.add(c.enrol("acme", "Kept " + i, null, "{\"n\":" + i + "}", List.of("KEPT STORE " + i)));
            }
            kept.set(0, c.addExamples("acme", kept.get(0).id(), List.of("KEPT STORE ZERO MAIN ST")));
            for (int i = 0; i < 1500; i++) {
                Catalogue.Merchant m = c.enrol("globex", "Churn " + i, null, null, List.of("CHURN " + random.nextInt(100000)));
                c.delete("globex", m.id());
                largest = Math.max(largest, Files.size(data.resolve(CatalogueLog.FILE)));
            }
        }
        // Without compaction 1500 enrol+delete pairs are over 200 KiB; with it the log stays near the threshold.
        assertThat(largest).isLessThan(2 * compactAt);
        try (Catalogue c = open(compactAt)) {
            assertThat(c.merchantCount()).isEqualTo(5);
            for (Catalogue.Merchant m : kept) {
                assertThat(c.get("acme", m.id())).contains(m);
            }
            assertThat(c.exemplarCount()).isEqualTo(6);
        }
    }

    @Test
    void a_log_worth_compacting_is_compacted_at_open() throws IOException {
        Catalogue.Merchant kept;
        try (Catalogue c = open(Long.MAX_VALUE)) {
            kept = c.enrol("acme", "Kept", null, null, List.of("KEPT STORE"));
            for (int i = 0; i < 300; i++) {
                c.delete("globex", c.enrol("globex", "Churn " + i, null, null, List.of("CHURN " + i)).id());
            }
        }
        Path log = data.resolve(CatalogueLog.FILE);
        long before = Files.size(log);
        try (Catalogue c = open(4 << 10)) {
            assertThat(Files.size(log)).isLessThan(before / 10);
            assertThat(c.get("acme", kept.id())).contains(kept);
        }
        try (Catalogue c = open()) {
            assertThat(c.merchantCount()).isEqualTo(1);
            assertThat(c.get("acme", kept.id())).contains(kept);
        }
    }

    @Test
    void a_merchant_too_large_for_one_record_is_compacted_into_several() throws IOException {
        String longText = "X".repeat(4000);
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            examples.add(i + longText); // about 20 MB of examples: more than one record holds
        }
        Catalogue.Merchant m;
        try (Catalogue c = open()) {
            m = c.enrol("acme", "Huge", null, null, examples.subList(0, 2500));
            m = c.addExamples("acme", m.id(), examples.subList(2500, 5000));
        }
        try (CatalogueLog log = CatalogueLog.open(data, e -> { })) {
            log.compact(List.of(m));
            assertThat(log.records()).isGreaterThan(2);
        }
        try (Catalogue c = open()) {
            assertThat(c.get("acme", m.id()).orElseThrow().examples()).isEqualTo(examples);
        }
    }
}
