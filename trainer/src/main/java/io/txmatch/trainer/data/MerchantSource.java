package io.txmatch.trainer.data;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where {@link DescriptorGenerator#merchants(long, MerchantSource)} draws merchants from, in this order:
 * the 158 hand-picked chains (ids {@code c0, c1, ...}), generated local businesses ({@code l0, ...}),
 * brands of the name-suggestion-index ({@code n<row>}, see {@link NsiBrands}) and given real merchant-name
 * strings ({@code r<index>}, such as card-acceptor names from a bank feed). A merchant whose name, reduced
 * to upper-case letters and digits, is already taken by an earlier one is skipped.
 *
 * <pre>{@code
 * MerchantSource src = MerchantSource.chainsAndLocals(3000)
 *         .withNsi(8000, Set.of("us", "gb", "ca", "001"))
 *         .withNames(List.of("TESCO STORES 3217", "PRET A MANGER"));
 * List<Merchant> merchants = new DescriptorGenerator().merchants(42, src);
 * }</pre>
 *
 * @param chains       include the hand-picked chains
 * @param locals       generated local businesses
 * @param nsiBrands    NSI brands to draw (a seeded sample; {@link Integer#MAX_VALUE} for all that qualify)
 * @param nsiCountries keep NSI brands listed in one of these (lower-case ISO codes, {@code 001} = worldwide);
 *                     empty keeps every brand
 * @param names        real merchant-name strings, each its own merchant with itself as the only alias
 */
public record MerchantSource(boolean chains, int locals, int nsiBrands, Set<String> nsiCountries, List<String> names) {
    public MerchantSource {
        if (locals < 0 || nsiBrands < 0) {
            throw new IllegalArgumentException("locals and nsiBrands must be >= 0");
        }
        nsiCountries = nsiCountries.stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        names = List.copyOf(names);
    }

    /** What {@link DescriptorGenerator#merchants(long, int)} has always drawn: chains, then {@code locals}. */
    public static MerchantSource chainsAndLocals(int locals) {
        return new MerchantSource(true, locals, 0, Set.of(), List.of());
    }

    /** Only the given real merchant-name strings. */
    public static MerchantSource namesOnly(List<String> names) {
        return new MerchantSource(false, 0, 0, Set.of(), names);
    }

    /** This source plus up to {@code count} NSI brands listed in {@code countries} (empty: any country). */
    public MerchantSource withNsi(int count, Set<String> countries) {
        return new MerchantSource(chains, locals, count, countries, names);
    }

    /** This source plus the given real merchant-name strings (blank and repeated ones are skipped). */
    public MerchantSource withNames(List<String> more) {
        return new MerchantSource(chains, locals, nsiBrands, nsiCountries, more);
    }
}
