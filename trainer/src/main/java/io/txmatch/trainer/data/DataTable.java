package io.txmatch.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one format of the bundled word tables ({@code nsi-brands.tsv}, {@code places.tsv}): a first line
 * {@code #marker<TAB>version<TAB>source}, then tab-separated rows of a fixed width; blank lines are skipped.
 * A file with another marker, another version or a row of the wrong width is rejected with its line number.
 *
 * @param source where the table came from (the header's third field)
 * @param rows   the rows, each with its 1-based line number
 */
record DataTable(String source, List<Row> rows) {
    /** One row and the line it was read from, for error messages. */
    record Row(int line, String[] fields) {
        String get(int i) {
            return fields[i];
        }
    }

    /** Reads a table; {@code name} is how errors call it (such as {@code places}). */
    static DataTable read(InputStream in, String marker, int format, String name, int width) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = reader.readLine();
        String[] h = header == null ? new String[0] : header.split("\t", -1);
        if (h.length != 3 || !h[0].equals(marker)) {
            throw new IOException("not " + name + " data: the first line must be " + marker + "<TAB>version<TAB>source");
        }
        if (!h[1].equals(Integer.toString(format))) {
            throw new IOException(name + " format " + h[1] + " is not supported (this code reads " + format + ")");
        }
        List<Row> rows = new ArrayList<>();
        String line;
        int n = 1;
        while ((line = reader.readLine()) != null) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != width) {
                throw new IOException(name + " line " + n + ": expected " + width + " tab-separated fields");
            }
            rows.add(new Row(n, f));
        }
        return new DataTable(h[2], rows);
    }

    /** Opens a resource next to {@code owner} and reads it; a missing resource is a broken build, not bad input. */
    static <T> T resource(Class<?> owner, String resource, Parser<T> parser) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the classpath");
            }
            return parser.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table reader such as {@code Places::read}. */
    interface Parser<T> {
        T parse(InputStream in) throws IOException;
    }
}
