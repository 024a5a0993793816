package io.txmatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Builds the image from deploy/Dockerfile and the staged jars (a build context of those two alone), starts it with a
 * key file and its port published on 127.0.0.1, waits for the image's own HEALTHCHECK and runs the end-to-end
 * scenario. Runs wherever a Docker engine answers ({@link DockerEngine}); the base image must be there or be
 * pullable (deploy/base-image.sh makes it where no registry answers). Every step has its own deadline and a
 * failure carries docker's text. The container and the image are removed afterwards; the base stays.
 */
@ExtendWith(DockerEngine.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContainerEndToEndTest {
    static final long PULL_DEADLINE_S = 120;
    static final long BUILD_DEADLINE_S = 300;
    static final Duration START_DEADLINE = Duration.ofMinutes(2);
    private static final Pattern BASE_ARG = Pattern.compile("(?m)^ARG BASE_IMAGE=(\\S+)$");

    @TempDir
    Path dir;

    @Test
    void the_scenario_passes_against_the_image() throws Exception {
        String base = ensureBase(baseImage());
        String image = build(base);
        try {
            runScenario(base, image);
        } finally {
            docker().removeImageCmd(image).withForce(true).exec();
        }
    }

    private void runScenario(String base, String image) throws Exception {
        Path keys = LocalTxmatch.writeKeys(dir);
        try (GenericContainer<?> txmatch = new GenericContainer<>(DockerImageName.parse(image))
                .withExposedPorts(7070)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPublishAllPorts(false)
                        .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(7070))))
                .withCopyFileToContainer(MountableFile.forHostPath(keys, 0444), "/run/secrets/txmatch-keys")
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(START_DEADLINE))) {
            long started = System.nanoTime();
            try {
                txmatch.start();
            } catch (RuntimeException e) {
                fail("the container did not become healthy within " + START_DEADLINE.toSeconds() + " s: " + causes(e)
                        + "\ncontainer output:\n" + logs(txmatch), e);
            }
            double readyS = (System.nanoTime() - started) / 1e9;
            List<Ports.Binding> published = List.of(txmatch.getContainerInfo().getNetworkSettings().getPorts().getBindings()
                    .get(ExposedPort.tcp(7070)));
            assertThat(published).as("7070 is published on loopback only").isNotEmpty()
                    .allSatisfy(b -> assertThat(b.getHostIp()).isEqualTo("127.0.0.1"));
            assertThat(txmatch.getContainerInfo().getConfig().getUser()).as("the service's user").isEqualTo("10001");
            Scenario.run(new Api("http://127.0.0.1:" + txmatch.getMappedPort(7070), LocalTwinEndToEndTest.KEY));
            long bytes = docker().inspectImageCmd(image).exec().getSize();
            System.out.printf("[deploy] container end-to-end PASSED: image %s on %s, %.0f MB, healthy %.1f s after start%n",
                    image, base, bytes / 1e6, readyS);
        }
    }

    /** The base image: -Dtxmatch.base.image, else the Dockerfile's BASE_IMAGE default. */
    static String baseImage() throws IOException {
        String given = System.getProperty("txmatch.base.image", "");
        if (!given.isBlank()) {
            return given;
        }
        Matcher m = BASE_ARG.matcher(Files.readString(LocalTxmatch.ROOT.resolve("deploy/Dockerfile")));
        assertThat(m.find()).as("deploy/Dockerfile declares ARG BASE_IMAGE=...").isTrue();
        return m.group(1);
    }

    /** Pulls the base where it is missing, within {@link #PULL_DEADLINE_S}; fails saying how to make it locally. */
    static String ensureBase(String base) {
        try {
            docker().inspectImageCmd(base).exec();
            return base;
        } catch (NotFoundException missing) {
            try {
                if (docker().pullImageCmd(base).start().awaitCompletion(PULL_DEADLINE_S, TimeUnit.SECONDS)) {
                    return base;
                }
                fail("base image " + base + " is missing and pulling it passed " + PULL_DEADLINE_S
                        + " s; make it locally with deploy/base-image.sh");
            } catch (Exception e) {
                fail("base image " + base + " is missing and cannot be pulled (" + causes(e)
                        + "); make it locally with deploy/base-image.sh", e);
            }
        }
        return base;
    }

    /** Builds the image from the Dockerfile and the staged jars alone, within {@link #BUILD_DEADLINE_S}. */
    static String build(String base) {
        Path stage = LocalTxmatch.STAGE;
        assertThat(stage.resolve("lib")).as("the image stage (mvn -pl deploy/image -am package)").isDirectory();
        String name = "txmatch-e2e:" + UUID.randomUUID().toString().substring(0, 8);
        ImageFromDockerfile image = new ImageFromDockerfile(name, false)
                .withFileFromPath("deploy/Dockerfile", LocalTxmatch.ROOT.resolve("deploy/Dockerfile"))
                .withFileFromPath("deploy/image/target/stage", stage)
                .withDockerfilePath("deploy/Dockerfile")
                .withBuildArg("BASE_IMAGE", base);
        try {
            return image.get(BUILD_DEADLINE_S, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return fail("docker build passed its deadline of " + BUILD_DEADLINE_S + " s", e);
        } catch (Exception e) {
            return fail("docker build failed: " + causes(e), e);
        }
    }

    static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    /** The messages of {@code e} and its causes: docker's own text is usually the innermost. */
    static String causes(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            s.append(s.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return s.toString();
    }

    private static String logs(GenericContainer<?> container) {
        try {
            return container.getContainerId() == null ? "(no container)" : container.getLogs();
        } catch (RuntimeException e) {
            return "(logs unavailable: " + e.getMessage() + ")";
        }
    }
}
