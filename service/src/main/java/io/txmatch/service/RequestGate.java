package io.txmatch.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.BadMessageException;

/**
 * The servlet filter in front of every route; it answers, as {@code application/problem+json}, what the routes
 * should never see:
 * <ul>
 *   <li>a body over {@link TxmatchServer#MAX_BODY}, whatever its transfer encoding (chunked too): 413 with
 *       {@code Connection: close}, having buffered no more than the limit;</li>
 *   <li>a body that stalls (the connector's idle timeout) or trickles in below the minimum data rate: 408;</li>
 *   <li>while the server drains ({@link #drain}): 503 with {@code Connection: close} and {@code Retry-After};</li>
 *   <li>more batch matches at once than the heavy-request permits: 503 with {@code Retry-After}.</li>
 * </ul>
 * Everything else passes on with its body read whole (at most the limit), so a route's body read cannot block.
 */
final class RequestGate implements Filter {
    /** The heavy route: its answer grows with items x k. */
    static final String HEAVY = "/v1/match/batch";
    /** Seconds a client is told to wait before retrying a 503. */
    static final int RETRY_AFTER_S = 1;

    private final ObjectMapper json;
    private final long maxBody;
    private final Semaphore heavy;
    private final Object lock = new Object();
    private int inFlight;
    private volatile boolean draining;

    /**
     * @param json          writes the problem bodies
     * @param maxBody       largest body, in bytes
     * @param heavyRequests batch matches served at once
     */
    RequestGate(ObjectMapper json, long maxBody, int heavyRequests) {
        this.json = json;
        this.maxBody = maxBody;
        this.heavy = new Semaphore(heavyRequests);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        synchronized (lock) {
            inFlight++;
        }
        try {
            if (draining) {
                unavailable(res, "the service is shutting down; retry, another instance will answer");
                return;
            }
            HttpServletRequest read = readBody(req, res);
            if (read == null) {
                return;
            }
            // The permit is taken once the body is in (at most the limit): a slow client holds a connection, not a permit.
            boolean isHeavy = "POST".equals(req.getMethod()) && HEAVY.equals(req.getRequestURI());
            if (isHeavy && !heavy.tryAcquire()) {
                res.setHeader("Retry-After", Integer.toString(RETRY_AFTER_S));
                reject(res, 503, "the service is serving as many batch matches as its memory allows; retry shortly");
                return;
            }
            try {
                chain.doFilter(read, res);
            } finally {
                if (isHeavy) {
                    heavy.release();
                }
            }
        } finally {
            synchronized (lock) {
                inFlight--;
                lock.notifyAll();
            }
        }
    }

    /** Answers every request from now on 503; those in flight go on. */
    void drain() {
        draining = true;
    }

    /** Waits until no request is in flight, at most {@code timeout}; whether none is. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** The request with its body read whole, or null when this answered it (413, 408, 503). */
    private HttpServletRequest readBody(HttpServletRequest req, HttpServletResponse res) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared <= 0 && req.getHeader("Transfer-Encoding") == null) {
            return req;
        }
        if (declared > maxBody) {
            tooLarge(res);
            return null;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        byte[] chunk = new byte[8192];
        try {
            ServletInputStream in = req.getInputStream();
            for (int n; (n = in.read(chunk)) != -1; ) {
                if (body.size() + n > maxBody) {
                    tooLarge(res);
                    return null;
                }
                body.write(chunk, 0, n);
            }
        } catch (BadMessageException e) {
            // Jetty's minimum request data rate (408), or a malformed chunk (400)
            if (draining) {
                unavailable(res, "the service is shutting down; send the request again");
            } else {
                res.setHeader("Connection", "close");
                reject(res, e.getCode(), e.getCode() == 408 ? "the body arrived too slowly: " + e.getReason()
                        : "bad request body: " + e.getReason());
            }
            return null;
        } catch (IOException e) {
            if (draining) {
                unavailable(res, "the service is shutting down; send the request again");
            } else if (timedOut(e)) {
                res.setHeader("Connection", "close");
                reject(res, 408, "the body stopped arriving before it was complete");
            } else {
                res.setHeader("Connection", "close");
                reject(res, 400, "the body ended before it was complete");
            }
            return null;
        }
        return new Buffered(req, body.toByteArray());
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private void tooLarge(HttpServletResponse res) throws IOException {
        res.setHeader("Connection", "close");
        reject(res, 413, "the body is larger than " + maxBody + " bytes");
    }

    private void unavailable(HttpServletResponse res, String detail) throws IOException {
        res.setHeader("Connection", "close");
        res.setHeader("Retry-After", Integer.toString(RETRY_AFTER_S));
        reject(res, 503, detail);
    }

    private void reject(HttpServletResponse res, int status, String detail) throws IOException {
        if (res.isCommitted()) {
            return;
        }
        byte[] body = json.writeValueAsBytes(new Problems.Problem(Problems.typeOf(status), Problems.titleOf(status), status, detail));
        res.setStatus(status);
        res.setContentType(Problems.PROBLEM_JSON);
        res.setContentLength(body.length);
        try {
            res.getOutputStream().write(body);
        } catch (IOException e) {
            // the client is gone; nothing to tell it
        }
    }

    /** A request whose body has been read: the routes read it from memory. */
    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest req, byte[] body) {
            super(req);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String enc = getCharacterEncoding();
            Charset cs = enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), cs));
        }
    }
}
