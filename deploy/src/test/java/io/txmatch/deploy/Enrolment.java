package io.txmatch.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client threads enrolling distinct merchants ({@link Catalogue#uniqueText}) until closed or until the server goes
 * away; every acknowledged (201) enrolment is recorded as id to text. What the crash tests run while they kill.
 */
final class Enrolment implements AutoCloseable {
    private final AtomicInteger cutOff = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> clients = new ArrayList<>();

    Enrolment(Api api, int clients, Random random, Set<String> used, Map<String, String> acknowledged) {
        for (int c = 0; c < clients; c++) {
            Random own = new Random(random.nextLong());
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    String text = Catalogue.uniqueText(own, used);
                    try {
                        Api.Reply r = api.post("/v1/merchants", Api.JSON.createObjectNode().put("name", text.substring(13, 24))
                                .<ObjectNode>set("examples", Api.JSON.createArrayNode().add(text)).toString());
                        if (r.status() == 201) {
                            acknowledged.put(r.body().get("id").asText(), text);
                        }
                    } catch (ConnectException refused) {
                        return; // not listening (any more): nothing was sent
                    } catch (Exception e) {
                        cutOff.incrementAndGet();
                        return; // the server went away mid-request: this one was never acknowledged
                    }
                }
            }, "enrol-" + c);
            t.start();
            this.clients.add(t);
        }
    }

    /** Requests that ended in an I/O error after they were sent (none of them acknowledged). */
    int cutOff() {
        return cutOff.get();
    }

    /** Stops the clients and waits for them (30 s each at most). */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : clients) {
            t.join(30_000);
        }
    }
}
