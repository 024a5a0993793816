package io.txmatch.dedup.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes bytes in a charset and refuses bytes that are not valid in it with the line they are on: an
 * {@link IllegalArgumentException} {@code SOURCE: line N: not valid CHARSET} (a JDK reader says neither where
 * nor, through a CSV parser, even what). Lines are counted by line feeds.
 */
final class DecodingReader extends Reader {
    private final InputStream in;
    private final String source;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private boolean eof;
    private boolean flushed;
    private long line = 1;

    DecodingReader(InputStream in, String source, Charset charset) {
        this.in = in;
        this.source = source;
        this.charset = charset;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(buf, off, len);
        while (true) {
            CoderResult r = decoder.decode(bytes, out, eof);
            int n = out.position() - off;
            for (int i = off; i < off + n; i++) {
                if (buf[i] == '\n') {
                    line++;
                }
            }
            if (r.isError()) {
                if (n > 0) {
                    return n; // the bad bytes again on the next call, with the line counted to them
                }
                throw new IllegalArgumentException(source + ": line " + line + ": not valid " + charset.name()
                        + " text (bytes that are no character in it)");
            }
            if (n > 0) {
                return n;
            }
            if (eof) {
                if (!flushed) {
                    flushed = true;
                    decoder.flush(out);
                    if (out.position() > off) {
                        return out.position() - off;
                    }
                }
                return -1;
            }
            bytes.compact();
            int got = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (got < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + got);
            }
            bytes.flip();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
