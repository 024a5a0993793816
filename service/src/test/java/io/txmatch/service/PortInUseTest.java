package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortInUseTest {
    @TempDir
    Path dir;

    @Test
    void a_port_in_use_is_said_plainly_and_the_data_directory_is_not_created() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Path data = dir.resolve("never-created");
            assertThatThrownBy(() -> TxmatchServer.start(new ServiceConfig("127.0.0.1", taken.getLocalPort(), data, HttpFixture.MODEL)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("port " + taken.getLocalPort() + " is in use");
            Thread.sleep(500); // a load started by mistake would have created it by now
            assertThat(Files.exists(data)).isFalse();
        }
        // The port free again, the same config serves.
        try (HttpFixture f = new HttpFixture(dir.resolve("data"))) {
            assertThat(f.get("/health/ready").status()).isEqualTo(200);
        }
    }
}
