package io.txmatch.deploy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container's end-to-end scenario against the image's jars and entry point started as a local process with API
 * keys. Always runs, Docker engine or not, and never asks for one.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LocalTwinEndToEndTest {
    static final String KEY = "deploy-test-key-0123456789";

    @TempDir
    Path dir;

    @Test
    void the_scenario_passes_against_a_local_process() throws Exception {
        Path keys = LocalTxmatch.writeKeys(dir);
        try (LocalTxmatch txmatch = LocalTxmatch.start(dir.resolve("data"), keys)) {
            Scenario.run(new Api(txmatch.awaitReady(120), KEY));
        }
    }
}
