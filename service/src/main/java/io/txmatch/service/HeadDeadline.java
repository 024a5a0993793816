package io.txmatch.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A total deadline for a request's head (request line and headers), which Jetty 11 lacks: its idle timeout restarts
 * with every byte, so a head trickled a byte every few seconds would hold a connection, and a slot of the connection
 * limit, for ever.
 *
 * <p>A bean of the connector and a listener of its connections: every {@link #period} it sweeps the open HTTP/1.1
 * connections, and one whose head is unfinished {@code timeout} after it began is answered 408 problem+json with
 * {@code Connection: close}, its output shut, and closed at the next sweep (so the client can read the answer
 * before the socket goes). A head begins at its first byte; a connection that has sent no byte of its first request
 * is mid-head from the moment it was accepted. A keep-alive connection idle between requests is not mid-head: the
 * idle timeout governs it.
 *
 * <p>The 408 is written from the sweep, outside Jetty's request cycle: should the head complete at that very moment,
 * its request fails (the write is pending) and the connection closes all the same.
 */
final class HeadDeadline extends AbstractLifeCycle implements Connection.Listener {
    private final Duration timeout;
    private final Scheduler scheduler;
    private final byte[] answer;
    private final Map<HttpConnection, Tracked> open = new ConcurrentHashMap<>();
    private volatile Scheduler.Task next;

    /** A connection's open time and whether it was answered 408. */
    private static final class Tracked {
        final long openedNanos = System.nanoTime();
        volatile boolean answered;
    }

    /**
     * @param timeout   how long a head may take, from its first byte (or from the accept, for a first request)
     * @param scheduler runs the sweeps (the connector's)
     * @param problem   the 408 problem+json body
     */
    HeadDeadline(Duration timeout, Scheduler scheduler, byte[] problem) {
        this.timeout = timeout;
        this.scheduler = scheduler;
        byte[] head = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: " + Problems.PROBLEM_JSON + "\r\nContent-Length: "
                + problem.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.answer = new byte[head.length + problem.length];
        System.arraycopy(head, 0, answer, 0, head.length);
        System.arraycopy(problem, 0, answer, head.length, problem.length);
    }

    /** Time between sweeps: a quarter of the deadline, within 50..500 ms. */
    Duration period() {
        return Duration.ofMillis(Math.max(50, Math.min(500, timeout.toMillis() / 4)));
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            open.put(http, new Tracked());
        }
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
    }

    private void schedule() {
        next = scheduler.schedule(this::sweep, period().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            open.forEach((connection, tracked) -> {
                EndPoint endPoint = connection.getEndPoint();
                if (tracked.answered) {
                    endPoint.close();
                } else if (headBegan(connection, tracked).stream().anyMatch(began -> now - began > timeout.toNanos())) {
                    tracked.answered = true;
                    endPoint.write(Callback.from(endPoint::shutdownOutput, failed -> endPoint.close()), ByteBuffer.wrap(answer));
                }
            });
        } finally {
            if (isRunning()) {
                schedule();
            }
        }
    }

    /**
     * When the connection's unfinished head began, in {@link System#nanoTime} terms; empty when it is not mid-head:
     * idle between requests, reading a body, or being answered.
     */
    private static OptionalLong headBegan(HttpConnection connection, Tracked tracked) {
        HttpParser parser = connection.getParser();
        HttpParser.State state = parser.getState(); // volatile: read first, it publishes the begin time
        if (state == HttpParser.State.START) {
            return connection.getMessagesIn() == 0 ? OptionalLong.of(tracked.openedNanos) : OptionalLong.empty();
        }
        return parser.inHeaderState() ? OptionalLong.of(parser.getBeginNanoTime()) : OptionalLong.empty();
    }
}
