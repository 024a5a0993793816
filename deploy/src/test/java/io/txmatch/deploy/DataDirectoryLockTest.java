package io.txmatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code txmatch serve} processes on one data directory: the second refuses to start and names the first, the
 * first keeps serving, and once the first is killed (SIGKILL: no clean-up) the directory opens again.
 */
@Tag("reliability")
class DataDirectoryLockTest {
    @TempDir
    Path dir;

    @Test
    void a_second_server_on_one_data_directory_refuses_naming_the_first() throws Exception {
        Path keys = LocalTxmatch.writeKeys(dir);
        Path data = dir.resolve("data");
        LocalTxmatch first = LocalTxmatch.start(data, keys);
        String id;
        try {
            Api api = new Api(first.awaitReady(120), LocalTwinEndToEndTest.KEY);
            id = Scenario.enrol(api, "First Holder", "FIRST HOLDER STORE 1");
            LocalTxmatch second = LocalTxmatch.start(data, keys);
            try {
                assertThatThrownBy(() -> second.awaitReady(120)).isInstanceOf(ExecutionException.class);
                assertThat(second.awaitExit(30)).isEqualTo(1);
                assertThat(second.output()).contains("error: ").contains("in use by another process")
                        .contains("pid=" + first.pid()).contains("txmatch.lock").doesNotContain("\tat ");
                System.out.println("data directory lock: second server refused: "
                        + second.output().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse(""));
            } finally {
                second.close();
            }
            assertThat(Catalogue.list(api)).as("the first still serves").containsKey(id);
        } finally {
            first.kill9();
        }
        LocalTxmatch again = LocalTxmatch.start(data, keys);
        try {
            Api api = new Api(again.awaitReady(120), LocalTwinEndToEndTest.KEY);
            Map<String, ?> listed = Catalogue.list(api);
            assertThat(listed).containsKey(id);
        } finally {
            again.close();
        }
    }
}
