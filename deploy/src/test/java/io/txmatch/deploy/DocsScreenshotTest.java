package io.txmatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /docs} in a real browser: headless Chromium loads the page of a staged {@code txmatch serve}, Swagger UI
 * renders every operation of the OpenAPI document from the files the service itself serves, and a screenshot is
 * written to {@code deploy/target/docs.png}. Skipped, saying so, when {@code chromium} is not on the PATH (Debian:
 * {@code apt-get install -y chromium}).
 */
@Tag("reliability")
class DocsScreenshotTest {
    @TempDir
    Path dir;

    @Test
    void docs_render_every_operation_in_a_headless_browser() throws Exception {
        Path chromium = onPath("chromium");
        Assumptions.assumeTrue(chromium != null, () -> {
            String why = "DocsScreenshotTest skipped: no chromium on the PATH (apt-get install -y chromium)";
            System.err.println(why);
            return why;
        });
        LocalTxmatch server = LocalTxmatch.start(dir.resolve("data"), null);
        try {
            String docs = server.awaitReady(120) + "/docs";
            String dom = chromium(chromium, "--dump-dom", docs);
            // Swagger UI shows each operation's id (displayOperationId) once it has fetched and rendered the document.
            for (String op : new String[] {"enrolMerchant", "match", "matchBatch", "embed", "submitDedupJob", "listDedupJobs"}) {
                assertThat(dom).as(op).contains("opblock-summary-operation-id").contains(">" + op + "<");
            }
            assertThat(dom).doesNotContain("Failed to load API definition");
            Path png = LocalTxmatch.ROOT.resolve("deploy/target/docs.png");
            Files.deleteIfExists(png);
            chromium(chromium, "--screenshot=" + png, "--window-size=1280,2000", docs);
            assertThat(png).exists();
            assertThat(Files.size(png)).isGreaterThan(20_000); // a rendered page, not a blank one
            System.out.println("docs screenshot: " + png);
        } finally {
            server.close();
        }
    }

    /** Runs headless Chromium on {@code args}, waiting (in virtual time) for the page's scripts and fetches. */
    private String chromium(Path chromium, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-dev-shm-usage", "--virtual-time-budget=20000",
                "--user-data-dir=" + dir.resolve("chromium-profile")));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("chromium.out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as("chromium's exit code").isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static Path onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = d.isEmpty() ? null : Path.of(d, name);
            if (p != null && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
