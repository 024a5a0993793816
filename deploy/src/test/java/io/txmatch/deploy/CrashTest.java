package io.txmatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash: several clients enrol merchants concurrently while the server is killed with SIGKILL at a random
 * moment; after each restart every acknowledged (201) enrolment must be listed and match its own text first.
 */
@Tag("reliability")
class CrashTest {
    private static final int TRIALS = 20;
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;

    @Test
    void every_acknowledged_enrolment_survives_kill_9() throws Exception {
        Path keys = LocalTxmatch.writeKeys(dir);
        Path data = dir.resolve("data");
        Random random = new Random(20261122);
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        Set<String> used = new HashSet<>();
        List<String> lost = new ArrayList<>();
        for (int trial = 0; trial <= TRIALS; trial++) {
            LocalTxmatch txmatch = LocalTxmatch.start(data, keys);
            Api api = new Api(txmatch.awaitReady(120), LocalTwinEndToEndTest.KEY);
            lost.addAll(Catalogue.missingOrUnmatched(api, acknowledged));
            if (trial == TRIALS) {
                txmatch.close();
                break;
            }
            try (Enrolment load = new Enrolment(api, CLIENTS, random, used, acknowledged)) {
                Thread.sleep(300 + random.nextInt(2000));
                txmatch.kill9();
            }
        }
        System.out.printf("crash trials=%d acknowledged=%d lost=%d%n", TRIALS, acknowledged.size(), lost.size());
        assertThat(acknowledged).hasSizeGreaterThan(TRIALS);
        assertThat(lost).as("acknowledged enrolments lost or no longer matching").isEmpty();
    }
}
