package io.txmatch.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** HTTP/1.1 over a plain socket, for what a client library hides: chunked bodies, stalls, bad request lines. */
final class RawHttp implements AutoCloseable {
    /** A response: status, headers (lower-case names) and body. */
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() throws IOException {
            return HttpFixture.JSON.readTree(body);
        }
    }

    final Socket socket;
    final OutputStream out;
    private final InputStream in;

    /** Connects to the server; reads wait at most {@code readTimeoutMs}. */
    RawHttp(int port, int readTimeoutMs) throws IOException {
        this(port, readTimeoutMs, 0);
    }

    /** As above, with a receive buffer of {@code receiveBuffer} bytes (0: the system's), so a big answer waits unread. */
    RawHttp(int port, int readTimeoutMs, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(readTimeoutMs);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Writes {@code text} as ASCII and flushes. */
    RawHttp send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return this;
    }

    /** Sends a request with a JSON body and its Content-Length. */
    RawHttp post(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        send("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n");
        out.write(body);
        out.flush();
        return this;
    }

    /** Reads one response (Content-Length or chunked body, else to the end of the stream). */
    Response read() throws IOException {
        return readBody(readHead());
    }

    /** Reads a response's status line and headers only; {@link #readBody} reads the rest. */
    Response readHead() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (String h; !(h = line()).isEmpty(); ) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
        }
        return new Response(status, headers, "");
    }

    /** Reads the body of the response whose head {@link #readHead} read. */
    Response readBody(Response head) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> headers = head.headers();
        if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size; (size = Integer.parseInt(line().split(";")[0].strip(), 16)) > 0; ) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
        } else {
            body.write(in.readAllBytes());
        }
        return new Response(head.status(), headers, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c == -1) {
                throw new IOException("the connection closed mid-response after '" + b + "'");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
