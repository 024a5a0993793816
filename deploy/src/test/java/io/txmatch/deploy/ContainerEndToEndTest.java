package io.txmatch.deploy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.MountableFile;

/**
 * Builds the image from deploy/Dockerfile, starts it with a key file, waits for its HEALTHCHECK endpoint and
 * runs the end-to-end scenario. Skipped (and said so by {@link LocalTwinEndToEndTest}) without a Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void the_scenario_passes_against_the_image() throws Exception {
        Path keys = LocalTxmatch.writeKeys(dir);
        ImageFromDockerfile image = new ImageFromDockerfile("txmatch-e2e", true)
                .withFileFromPath(".", LocalTxmatch.ROOT)
                .withDockerfile(LocalTxmatch.ROOT.resolve("deploy/Dockerfile"));
        try (GenericContainer<?> txmatch = new GenericContainer<>(image)
                .withExposedPorts(7070)
                .withCopyFileToContainer(MountableFile.forHostPath(keys), "/run/secrets/txmatch-keys")
                .waitingFor(Wait.forHttp("/health/ready").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)))) {
            txmatch.start();
            Scenario.run(new Api("http://" + txmatch.getHost() + ":" + txmatch.getMappedPort(7070), LocalTwinEndToEndTest.KEY));
        }
    }
}
