package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Redocly CLI's lint of the OpenAPI document (its recommended rules, {@code service/redocly.yaml}) reports no error
 * and no warning. Needs Redocly: {@code -Dtxmatch.redocly=PATH} to its {@code redocly} script (after
 * {@code npm install @redocly/cli} in a folder of your own), or {@code redocly} on the PATH; skipped, saying so,
 * without it. Takes about a second.
 */
class ApiLintTest {
    @Test
    void redocly_lint_reports_no_problem() throws Exception {
        String redocly = redocly();
        Assumptions.assumeTrue(redocly != null, () -> {
            String why = "ApiLintTest skipped: Redocly CLI not found; npm install @redocly/cli into a folder and pass "
                    + "-Dtxmatch.redocly=FOLDER/node_modules/.bin/redocly";
            System.err.println(why);
            return why;
        });
        Path out = Files.createTempFile("redocly", ".json");
        try {
            Process p = new ProcessBuilder(redocly, "lint", "--format=json", "--config", "redocly.yaml",
                    "src/main/resources/openapi.json").redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("redocly finished").isTrue();
            String report = Files.readString(out, StandardCharsets.UTF_8);
            JsonNode json = HttpFixture.JSON.readTree(report);
            assertThat(json.get("problems")).as(report).isEmpty();
            assertThat(json.get("totals").get("errors").asInt() + json.get("totals").get("warnings").asInt()).isZero();
            assertThat(p.exitValue()).isZero();
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String redocly() {
        String named = System.getProperty("txmatch.redocly");
        if (named != null && !named.isBlank()) {
            return Files.isExecutable(Path.of(named)) ? named : null;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "redocly"))) {
                return Path.of(dir, "redocly").toString();
            }
        }
        return null;
    }
}
