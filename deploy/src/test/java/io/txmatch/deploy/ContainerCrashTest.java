package io.txmatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test against the container, as it would be deployed: uid 10001, a read-only root filesystem with a
 * tmpfs for /tmp, the data in a named volume. Clients enrol concurrently while the container is killed with
 * {@code docker kill} (SIGKILL); after each {@code docker start} every acknowledged (201) enrolment must be listed
 * and match its own text first. Last, {@code docker stop} (SIGTERM) during concurrent enrolment must end the
 * container by itself within the grace period, with every request it acknowledged kept. Reliability profile.
 */
@Tag("reliability")
@ExtendWith(DockerEngine.class)
@Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContainerCrashTest {
    private static final int TRIALS = 6;
    private static final int CLIENTS = 4;
    private static final int GRACE_S = 10;
    private static final Duration DOCKER_DEADLINE = Duration.ofSeconds(60);
    private static final long READY_DEADLINE_MS = 120_000;

    @TempDir
    Path dir;

    @Test
    void acknowledged_enrolments_survive_docker_kill_and_docker_stop_drains() throws Exception {
        String image = ContainerEndToEndTest.build(ContainerEndToEndTest.ensureBase(ContainerEndToEndTest.baseImage()));
        String name = "txmatch-crash-" + UUID.randomUUID().toString().substring(0, 8);
        Path keys = LocalTxmatch.writeKeys(dir);
        keys.toFile().setReadable(true, false);
        try {
            docker("volume", "create", name);
            docker("run", "-d", "--name", name, "-p", "127.0.0.1::7070", "--read-only",
                    "--tmpfs", "/tmp:rw,exec,nosuid,size=1g", "--stop-timeout", Integer.toString(GRACE_S),
                    "-v", name + ":/data", "-v", keys + ":/run/secrets/txmatch-keys:ro", image);
            assertThat(docker("exec", name, "id", "-u").strip()).as("the container's user").isEqualTo("10001");
            Command write = Command.run(dir, Map.of(), DOCKER_DEADLINE, List.of("docker", "exec", name, "touch", "/app/probe"));
            assertThat(write.ok()).as("the root filesystem is read-only: " + write.describe()).isFalse();

            Random random = new Random(20261203);
            Map<String, String> acknowledged = new ConcurrentHashMap<>();
            Set<String> used = new HashSet<>();
            List<String> lost = new ArrayList<>();
            for (int trial = 0; trial < TRIALS; trial++) {
                Api api = awaitReady(name);
                lost.addAll(Catalogue.missingOrUnmatched(api, acknowledged));
                try (Enrolment load = new Enrolment(api, CLIENTS, random, used, acknowledged)) {
                    Thread.sleep(300 + random.nextInt(2000));
                    docker("kill", name);
                }
                docker("start", name);
            }
            Api api = awaitReady(name);
            lost.addAll(Catalogue.missingOrUnmatched(api, acknowledged));
            int beforeStop = acknowledged.size();
            double stopS;
            Enrolment load = new Enrolment(api, CLIENTS, random, used, acknowledged);
            try (load) {
                Thread.sleep(1000);
                long t0 = System.nanoTime();
                docker("stop", "-t", Integer.toString(GRACE_S), name);
                stopS = (System.nanoTime() - t0) / 1e9;
            }
            String exit = docker("inspect", "-f", "{{.State.ExitCode}}", name).strip();
            assertThat(exit).as("SIGTERM ended the container by itself (137 would be the SIGKILL after the grace period)")
                    .isNotEqualTo("137");
            assertThat(stopS).as("docker stop took less than the grace period").isLessThan(GRACE_S);
            docker("start", name);
            api = awaitReady(name);
            lost.addAll(Catalogue.missingOrUnmatched(api, acknowledged));
            System.out.printf("container crash trials=%d acknowledged=%d lost=%d; docker stop: %.1f s, exit %s,"
                    + " %d enrolments acknowledged during it, %d cut off (not acknowledged)%n",
                    TRIALS, acknowledged.size(), lost.size(), stopS, exit, acknowledged.size() - beforeStop, load.cutOff());
            assertThat(acknowledged).hasSizeGreaterThan(TRIALS);
            assertThat(lost).as("acknowledged enrolments lost or no longer matching").isEmpty();
        } finally {
            Command.run(dir, Map.of(), DOCKER_DEADLINE, List.of("docker", "rm", "-f", name));
            Command.run(dir, Map.of(), DOCKER_DEADLINE, List.of("docker", "volume", "rm", name));
            Command.run(dir, Map.of(), DOCKER_DEADLINE, List.of("docker", "rmi", "-f", image));
        }
    }

    /** Runs a docker command within {@link #DOCKER_DEADLINE}; fails with its output unless it succeeds. */
    private String docker(String... args) {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        Command c = Command.run(dir, Map.of(), DOCKER_DEADLINE, argv);
        if (!c.ok()) {
            fail(c.describe());
        }
        return c.output();
    }

    /** The container's published port (it changes at every start), once /health/ready answers 200. */
    private Api awaitReady(String name) throws Exception {
        long deadline = System.currentTimeMillis() + READY_DEADLINE_MS;
        while (System.currentTimeMillis() < deadline) {
            Command port = Command.run(dir, Map.of(), DOCKER_DEADLINE, List.of("docker", "port", name, "7070/tcp"));
            String binding = port.ok() ? port.output().strip().split("\n")[0] : "";
            if (binding.startsWith("127.0.0.1:")) {
                Api api = new Api("http://" + binding, LocalTwinEndToEndTest.KEY);
                try {
                    if (api.get("/health/ready").status() == 200) {
                        return api;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
            }
            Thread.sleep(250);
        }
        return fail("the container was not ready within " + READY_DEADLINE_MS / 1000 + " s:\n"
                + Command.run(dir, Map.of(), DOCKER_DEADLINE, List.of("docker", "logs", "--tail", "40", name)).describe());
    }
}
