package io.txmatch.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 request written by hand on a socket, for what {@link Api} cannot send: chunked bodies of any size
 * and clients that send one byte at a time. The answer's status line is read as it comes.
 */
final class RawHttp implements AutoCloseable {
    private final Socket socket = new Socket();
    private final InputStream in;

    /** Connects to {@code base} (http://host:port) and writes the request head. */
    RawHttp(String base, String key, String head) throws IOException {
        URI uri = URI.create(base);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        in = socket.getInputStream();
        String request = head.replace("\r\n\r\n", "\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAuthorization: Bearer " + key + "\r\n\r\n");
        write(request.getBytes(StandardCharsets.US_ASCII));
    }

    void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** True when the server has sent something (or closed): an answer can be read without waiting. */
    boolean answered() throws IOException {
        return in.available() > 0 || socket.isInputShutdown();
    }

    /**
     * The status of the answer, waiting up to {@code millis}: the code, {@code closed} when the server closed
     * without an answer, {@code open} when nothing came in time.
     */
    String status(int millis) {
        try {
            socket.setSoTimeout(millis);
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) != -1 && c != '\n'; ) {
                line.append((char) c);
            }
            String[] parts = line.toString().trim().split(" ");
            return parts.length >= 2 && parts[0].startsWith("HTTP/") ? parts[1] : "closed";
        } catch (java.net.SocketTimeoutException e) {
            return "open";
        } catch (IOException e) {
            return "closed";
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
