package io.txmatch.deploy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * The container's end-to-end scenario against txmatch started as a local process with API keys: runs in the
 * default test run, so the scenario is exercised where no Docker engine is (these machines have none).
 */
class LocalTwinEndToEndTest {
    static final String KEY = "deploy-test-key-0123456789";

    @TempDir
    Path dir;

    @BeforeAll
    static void sayWhatRuns() {
        boolean docker = DockerClientFactory.instance().isDockerAvailable();
        System.out.println("[deploy] Docker engine " + (docker ? "found: ContainerEndToEndTest runs the scenario in the image too"
                : "NOT found: ContainerEndToEndTest is SKIPPED; this local-process twin runs the same scenario"));
    }

    @Test
    void the_scenario_passes_against_a_local_process() throws Exception {
        Path keys = LocalTxmatch.writeKeys(dir);
        try (LocalTxmatch txmatch = LocalTxmatch.start(dir.resolve("data"), keys)) {
            Scenario.run(new Api(txmatch.awaitReady(120), KEY));
        }
    }
}
