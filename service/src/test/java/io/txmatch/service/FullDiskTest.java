package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: the data directory on a 2 MiB tmpfs (needs root and mount; skipped with a message
 * otherwise). Writes answer 507, readiness says degraded, both recover once space is freed, and every
 * acknowledged write survives a restart.
 */
class FullDiskTest {
    @TempDir
    Path tmp;
    private Path mount;
    private boolean mounted;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        mount = Files.createDirectories(tmp.resolve("small"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (!mounted) {
                System.err.println("FullDiskTest skipped: mount -t tmpfs failed: " + out.strip());
            }
        } else {
            System.err.println("FullDiskTest skipped: needs root to mount a small tmpfs");
        }
        Assumptions.assumeTrue(mounted, "needs root and mount -t tmpfs for a real full disk");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_full_disk_answers_507_reports_degraded_and_recovers_losing_no_acknowledged_write() throws Exception {
        Path data = mount.resolve("data");
        Path filler = mount.resolve("filler");
        List<String> acknowledged = new ArrayList<>();
        try (HttpFixture api = new HttpFixture(data)) {
            for (int i = 0; i < 5; i++) {
                acknowledged.add(api.enrol("Before " + i, "BEFORE STORE " + i).body().path("id").asText());
            }
            fill(filler);
            HttpFixture.Reply refused = null;
            for (int i = 0; i < 500 && refused == null; i++) {
                HttpFixture.Reply r = api.enrol("Filling " + i, "FILLING STORE NUMBER " + i + " " + "X".repeat(200));
                if (r.status() == 201) {
                    acknowledged.add(r.body().path("id").asText()); // the log's last page still had room
                } else {
                    refused = r;
                }
            }
            assertThat(refused).as("a write on the full disk was refused").isNotNull();
            assertThat(refused.status()).isEqualTo(507);
            assertThat(refused.contentType()).startsWith(Problems.PROBLEM_JSON);
            assertThat(refused.body().path("title").asText()).isEqualTo("Insufficient Storage");
            assertThat(refused.body().path("detail").asText()).contains("no space left").doesNotContain("Exception");

            HttpFixture.Reply degraded = api.get("/health/ready");
            assertThat(degraded.status()).isEqualTo(503);
            assertThat(degraded.body().path("status").asText()).isEqualTo("degraded");
            assertThat(degraded.body().path("reason").asText()).contains("no space left");
            assertThat(api.get("/health/ready").status()).as("still degraded while the disk is full").isEqualTo(503);

            Files.delete(filler);
            HttpFixture.Reply ready = api.get("/health/ready");
            assertThat(ready.status()).as("readiness recovers by itself once space is back").isEqualTo(200);
            assertThat(ready.body().path("status").asText()).isEqualTo("ready");
            HttpFixture.Reply after = api.enrol("After", "AFTER STORE");
            assertThat(after.status()).isEqualTo(201);
            acknowledged.add(after.body().path("id").asText());
        }
        try (HttpFixture api = new HttpFixture(data)) {
            for (String id : acknowledged) {
                assertThat(api.get("/v1/merchants/" + id).status()).as("acknowledged %s", id).isEqualTo(200);
            }
            assertThat(api.get("/health/ready").body().path("merchants").asInt()).isEqualTo(acknowledged.size());
        }
    }

    /** Writes {@code filler} until the file system is full. */
    private static void fill(Path filler) {
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException full) {
            // full now
        }
    }
}
