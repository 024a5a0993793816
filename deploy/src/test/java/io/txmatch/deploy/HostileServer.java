package io.txmatch.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One hostile case's {@code txmatch serve} process: a small heap (a missing defence shows as an OOM quickly, and
 * {@code -XX:+ExitOnOutOfMemoryError} makes it visible), its own data directory, and every acknowledged (2xx)
 * enrolment recorded, so that {@link #verify} can restart the server and look each one up again.
 */
final class HostileServer implements AutoCloseable {
    /** The heap the hostile cases give the server. */
    static final List<String> JVM_FLAGS = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError");

    /** What {@link #verify} found: ids acknowledged but missing after the restart, and whether it was ready. */
    record Verdict(int lost, boolean ready, boolean oom) {
    }

    private final Path data;
    private final Path keys;
    private final List<LocalTxmatch> processes = new ArrayList<>();
    /** Acknowledged enrolments: id to the name they were enrolled with. */
    final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private LocalTxmatch current;
    private Api api;

    HostileServer(Path data, Path keys) throws Exception {
        this.data = data;
        this.keys = keys;
        start();
    }

    /** Starts a server on the data directory (another one may still run: case 1 wants that); waits until ready. */
    LocalTxmatch spawn() throws Exception {
        LocalTxmatch t = LocalTxmatch.start(data, keys, JVM_FLAGS);
        synchronized (processes) {
            processes.add(t);
        }
        return t;
    }

    private void start() throws Exception {
        current = spawn();
        api = new Api(current.awaitReady(120), LocalTwinEndToEndTest.KEY);
    }

    /** The API of the server now running, with the tenant's key. */
    Api api() {
        return api;
    }

    LocalTxmatch process() {
        return current;
    }

    /** SIGTERM (SIGKILL after 20 s) and a fresh start on the same data directory. */
    void restart() throws Exception {
        current.close();
        start();
    }

    /** Enrols one merchant (with {@code metadata} when not null); records it when acknowledged. */
    Api.Reply enrol(String name, String example, String metadataJson) throws Exception {
        ObjectNode body = Api.JSON.createObjectNode().put("name", name);
        body.putArray("examples").add(example);
        String json = body.toString();
        if (metadataJson != null) {
            json = json.substring(0, json.length() - 1) + ",\"metadata\":" + metadataJson + "}";
        }
        return record(name, api.post("/v1/merchants", json));
    }

    /** Records an enrolment reply: a 2xx with an id is an acknowledged write. */
    Api.Reply record(String name, Api.Reply r) {
        if (r.status() / 100 == 2 && r.body() != null && r.body().hasNonNull("id")) {
            acknowledged.put(r.body().get("id").asText(), name);
        }
        return r;
    }

    /** True when any process of this case printed an OutOfMemoryError (stdout and stderr are merged). */
    boolean oom() {
        synchronized (processes) {
            return processes.stream().anyMatch(p -> p.output().contains("OutOfMemoryError"));
        }
    }

    /** Everything every process of this case printed, for a failure message. */
    String output() {
        synchronized (processes) {
            return String.join("\n----\n", processes.stream().map(LocalTxmatch::output).toList());
        }
    }

    /**
     * Restarts the server and checks it: every acknowledged enrolment must answer 200 on
     * {@code GET /v1/merchants/{id}} and {@code /health/ready} must be 200. A server that cannot start loses all.
     */
    Verdict verify() {
        try {
            restart();
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            System.out.println("hostile: restart failed: " + why.lines().filter(l -> l.startsWith("error:")).findFirst()
                    .orElse(why.lines().findFirst().orElse("")));
            return new Verdict(acknowledged.size(), false, oom());
        }
        int lost = 0;
        for (String id : acknowledged.keySet()) {
            try {
                Api.Reply r = api.get("/v1/merchants/" + id);
                if (r.status() != 200 || !r.body().get("name").asText().equals(acknowledged.get(id))) {
                    lost++;
                }
            } catch (Exception e) {
                lost++;
            }
        }
        boolean ready;
        try {
            ready = api.get("/health/ready").status() == 200;
        } catch (Exception e) {
            ready = false;
        }
        return new Verdict(lost, ready, oom());
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (processes) {
            for (LocalTxmatch p : processes) {
                p.close();
            }
        }
    }
}
