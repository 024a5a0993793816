package io.txmatch.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Real brand names with their aliases, from the <a href="https://nsi.guide">name-suggestion-index</a>
 * (BSD-3-Clause, see {@code nsi-LICENSE.txt} beside the data): about 13,000 brands of shops, restaurants,
 * fuel stations, banks and offices across the world, ASCII only.
 *
 * <pre>{@code
 * NsiBrands nsi = NsiBrands.load();
 * NsiBrands.Brand tesco = nsi.brands().stream().filter(b -> b.name().equals("Tesco")).findFirst().orElseThrow();
 * tesco.aliases();    // [jacks, tesco metro, tesco superstore, ...]
 * tesco.category();   // shop=convenience
 * tesco.countries();  // [001, cz, gb, sk]  ("001" is the whole world)
 * }</pre>
 *
 * <p>The resource {@code nsi-brands.tsv} is made by {@code trainer/scripts/extract_nsi_brands.py}; its first
 * line is the format marker {@code #nsi-brands<TAB>1<TAB><nsi version>}, then one brand a line: name,
 * aliases separated by {@code ;}, the OpenStreetMap tag of its category, countries separated by {@code ,}.
 */
public final class NsiBrands {
    /** The resource, next to this class. */
    public static final String RESOURCE = "nsi-brands.tsv";
    private static final String MARKER = "#nsi-brands";
    private static final int FORMAT = 1;

    /**
     * One brand.
     *
     * @param name      display name, such as {@code McDonald's}
     * @param aliases   other names the index matches (lower case in the source), never the name itself
     * @param category  OpenStreetMap tag, such as {@code shop=supermarket} or {@code amenity=fast_food}
     * @param countries ISO 3166 codes in lower case or {@code 001} (worldwide); may be empty
     */
    public record Brand(String name, List<String> aliases, String category, List<String> countries) {
        public Brand {
            aliases = List.copyOf(aliases);
            countries = List.copyOf(countries);
        }

        /** True if one of the brand's countries is in {@code codes} (lower case; include {@code 001} for worldwide brands). */
        public boolean inAny(Collection<String> codes) {
            for (String c : countries) {
                if (codes.contains(c)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static volatile NsiBrands bundled;

    private final String version;
    private final List<Brand> brands;

    private NsiBrands(String version, List<Brand> brands) {
        this.version = version;
        this.brands = List.copyOf(brands);
    }

    /** The bundled list, read once. */
    public static NsiBrands load() {
        NsiBrands b = bundled;
        if (b == null) {
            b = DataTable.resource(NsiBrands.class, RESOURCE, NsiBrands::read);
            bundled = b;
        }
        return b;
    }

    /** Reads a list in the resource's format; rejects other formats and malformed lines. */
    public static NsiBrands read(InputStream in) throws IOException {
        DataTable table = DataTable.read(in, MARKER, FORMAT, "nsi-brands", 4);
        List<Brand> out = new ArrayList<>();
        for (DataTable.Row row : table.rows()) {
            if (row.get(0).isBlank()) {
                throw new IOException("nsi-brands line " + row.line() + ": the name is empty");
            }
            out.add(new Brand(row.get(0), split(row.get(1), ";"), row.get(2), split(row.get(3), ",")));
        }
        return new NsiBrands(table.source(), out);
    }

    private static List<String> split(String s, String sep) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(sep));
    }

    /** The name-suggestion-index version the list was extracted from. */
    public String version() {
        return version;
    }

    /** All brands, sorted by name. */
    public List<Brand> brands() {
        return brands;
    }
}
