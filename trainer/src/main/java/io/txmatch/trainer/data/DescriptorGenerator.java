package io.txmatch.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A seeded generator of realistic bank and card descriptors.
 *
 * <p>Merchants are real chains (with the aliases their card descriptors use) plus local businesses
 * generated from word lists, so a model must learn string similarity rather than memorise names. A
 * descriptor is a {@link Family} template around a merchant field that may be abbreviated, glued,
 * suffixed, numbered and cut at 22 or 25 characters as card networks do.
 *
 * <p>More merchants: {@link #merchants(long, MerchantSource)} adds real brands of the name-suggestion-index
 * ({@link NsiBrands}) and given real merchant-name strings. {@link Family#RANDOMISED} wraps the merchant in
 * wrappers drawn from an open vocabulary ({@link DescriptorContext}), and
 * {@link #sampleWithContext(Merchant, DescriptorContext, Random)} renders different merchants in one
 * context for hard negatives.
 *
 * <pre>{@code
 * DescriptorGenerator gen = new DescriptorGenerator();
 * List<Merchant> merchants = gen.merchants(42, 3000);
 * String text = gen.descriptor(merchants.get(0), Family.CHECKCARD, new Random(7));
 * }</pre>
 */
public final class DescriptorGenerator {
    private static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("SUPERCENTER", "SUPERCTR"), Map.entry("WHOLESALE", "WHSE"), Map.entry("MARKET", "MKT"),
            Map.entry("CENTER", "CTR"), Map.entry("RESTAURANT", "REST"), Map.entry("INTERNATIONAL", "INTL"),
            Map.entry("COMPANY", "CO"), Map.entry("SERVICE", "SVC"), Map.entry("SERVICES", "SVCS"),
            Map.entry("PHARMACY", "PHARM"), Map.entry("BROTHERS", "BROS"), Map.entry("STREET", "ST"),
            Map.entry("MOUNTAIN", "MTN"), Map.entry("SAINT", "ST"), Map.entry("FOODS", "FDS"),
            Map.entry("HARDWARE", "HDWE"), Map.entry("STEAKHOUSE", "STKHSE"), Map.entry("AUTOMOTIVE", "AUTO"),
            Map.entry("INSURANCE", "INS"), Map.entry("BAKERY", "BKRY"), Map.entry("GRILL", "GRL"),
            Map.entry("STORE", "STR"), Map.entry("COFFEE", "COFF"), Map.entry("DENTAL", "DNTL"),
            Map.entry("MEDICAL", "MED"), Map.entry("CLEANERS", "CLNRS"), Map.entry("LIQUORS", "LIQ"));
    private static final String[] SUFFIXES = {"INC", "LLC", "CORP", "CO", "LTD", "LIMITED", "PLC", "UK", "UK LTD", "GROUP"};
    private static final String[] WEB_ENDINGS = {".COM", ".CO.UK", ".ORG", ".NET", ".UK"};
    /**
     * Branch and outlet words card acceptors append after the brand ({@code KFC STAR CITY}, {@code BP CASTLEBANK
     * S/STN}, {@code COSTA COFFEE AIRSIDE}); with a place name from {@link Places} they teach that the brand
     * is what two descriptors of one merchant share, not the branch. Written for this generator.
     */
    private static final String[] BRANCHES = {"AIRSIDE", "AIRPORT", "STATION", "S/STN", "SERVICES", "SVCS", "CITY CTR",
        "CITY CENTRE", "DOWNTOWN", "UPTOWN", "MALL", "PLAZA", "OUTLET", "FACTORY SHOP", "FOOD COURT", "EXPRESS", "XTRA",
        "EXTRA", "METRO", "LOCAL", "SUPERSTORE", "RETAIL", "RETAIL LTD", "STORES", "STORE", "SHOP", "ONLINE", "HIGH ST",
        "MAIN ST", "PARK", "RETAIL PARK", "SHOPPING CTR", "CENTRE", "NORTH", "SOUTH", "EAST", "WEST", "N", "S", "E", "W",
        "TERMINAL 2", "T5", "ARRIVALS", "DEPARTURES", "CONCOURSE B", "UNIVERSITY", "HOSPITAL", "CAMPUS", "GATE 12", "PFS",
        "FORECOURT", "CONNECT", "KIOSK", "CAFE", "BAR", "HOTEL", "INN", "VISITOR CEN", "UNION ST", "MARKET ST", "BRIDGE RD"};
    private static final String[] PROCESSORS = {"SQ *", "SQ*", "TST* ", "TST*", "PAYPAL *", "PP*", "SP * ", "GOOGLE *",
            "CLOVER ", "IZ *", "SUMUP *", "PY *"};

    /** Chains first (in list order), then {@code locals} generated local businesses with unique names. */
    public List<Merchant> merchants(long seed, int locals) {
        return merchants(seed, MerchantSource.chainsAndLocals(locals));
    }

    /**
     * Merchants from {@code source}: chains, locals, NSI brands, then given names (see {@link MerchantSource}).
     * The same seed and source give the same list; chains and locals are what {@link #merchants(long, int)}
     * gives. NSI brands are a seeded sample kept in a seeded order; an NSI alias that is another merchant's
     * name or that two NSI brands share is dropped, so no alias points at two merchants.
     */
    public List<Merchant> merchants(long seed, MerchantSource source) {
        List<Merchant> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        if (source.chains()) {
            for (String line : Words.CHAINS) {
                String[] parts = line.split("\\|");
                List<String> aliases = new ArrayList<>(Arrays.asList(parts[2].split(";")));
                out.add(new Merchant("c" + out.size(), parts[0], parts[1], aliases));
                taken.add(nameKey(parts[0]));
                aliases.forEach(a -> taken.add(nameKey(a)));
            }
        }
        Random r = new Random(seed);
        Set<String> names = new LinkedHashSet<>();
        while (names.size() < source.locals()) {
            names.add(localName(r));
        }
        int i = 0;
        for (String name : names) {
            out.add(new Merchant("l" + i++, name, "local", List.of(name)));
            taken.add(nameKey(name));
        }
        if (source.nsiBrands() > 0) {
            addNsi(out, taken, seed, source);
        }
        List<String> given = source.names();
        for (int j = 0; j < given.size(); j++) {
            String name = given.get(j).strip();
            if (!nameKey(name).isEmpty() && taken.add(nameKey(name))) {
                out.add(new Merchant("r" + j, name, "given", List.of(name)));
            }
        }
        return out;
    }

    private static void addNsi(List<Merchant> out, Set<String> taken, long seed, MerchantSource source) {
        List<NsiBrands.Brand> all = NsiBrands.load().brands();
        List<Integer> rows = new ArrayList<>();
        Map<String, Integer> aliasUse = new HashMap<>();
        for (int row = 0; row < all.size(); row++) {
            NsiBrands.Brand b = all.get(row);
            if (source.nsiCountries().isEmpty() || b.inAny(source.nsiCountries())) {
                rows.add(row);
            }
        }
        Collections.shuffle(rows, new Random(seed ^ 0x45A1B7D3L));
        List<Integer> chosen = new ArrayList<>();
        Set<String> chosenNames = new HashSet<>();
        for (int row : rows) {
            if (chosen.size() >= source.nsiBrands()) {
                break;
            }
            String k = nameKey(all.get(row).name());
            if (!k.isEmpty() && !taken.contains(k) && chosenNames.add(k)) {
                chosen.add(row);
            }
        }
        for (int row : chosen) {
            for (String a : all.get(row).aliases()) {
                aliasUse.merge(nameKey(a), 1, Integer::sum);
            }
        }
        for (int row : chosen) {
            NsiBrands.Brand b = all.get(row);
            List<String> aliases = new ArrayList<>();
            aliases.add(b.name());
            for (String a : b.aliases()) {
                String k = nameKey(a);
                if (!k.isEmpty() && aliasUse.get(k) == 1 && !taken.contains(k) && !chosenNames.contains(k)) {
                    aliases.add(a);
                }
            }
            out.add(new Merchant("n" + row, b.name(), b.category(), aliases));
            taken.add(nameKey(b.name()));
        }
    }

    /** A name reduced to upper-case letters and digits: what makes two merchants the same. */
    public static String nameKey(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    private static String pick(List<String> list, Random r) {
        return list.get(r.nextInt(list.size()));
    }

    private static String localName(Random r) {
        String trade = pick(Words.TRADES, r);
        switch (r.nextInt(9)) {
            case 0:
                return pick(Words.SURNAMES, r) + "'S " + trade;
            case 1:
                return pick(Words.SURNAMES, r) + " " + trade;
            case 2:
                return pick(Words.FIRST_NAMES, r) + "'S " + trade;
            case 3:
                return pick(Words.FIRST_NAMES, r) + " " + pick(Words.SURNAMES, r) + " " + trade;
            case 4:
                return pick(Words.PLACES, r) + " " + trade;
            case 5:
                return "THE " + pick(Words.PLACES, r) + " " + pick(Words.NOUNS, r);
            case 6:
                return pick(Words.PLACES, r) + " " + pick(Words.NOUNS, r) + " " + trade;
            case 7:
                return pick(Words.SURNAMES, r) + " & " + pick(Words.SURNAMES, r) + " " + trade;
            default:
                return pick(Words.SURNAMES, r) + " & SONS " + trade;
        }
    }

    /** A descriptor of {@code m} drawn from one of {@code families}, chosen uniformly. */
    public Labelled sample(Merchant m, List<Family> families, Random r) {
        Family f = families.get(r.nextInt(families.size()));
        return new Labelled(descriptor(m, f, r), m.id(), f.id());
    }

    /** One descriptor of {@code m} in family {@code f}. */
    public String descriptor(Merchant m, Family f, Random r) {
        String city = city(r);
        String state = city.substring(city.length() - 2);
        String text;
        switch (f) {
            case PLAIN:
                text = oneOf(r, card(m, r) + " " + city, card(m, r), card(m, r) + " " + phone(r) + " " + state);
                break;
            case POS:
                text = oneOf(r, "POS PURCHASE " + card(m, r) + " " + city,
                        "POS PURCHASE POS" + "X".repeat(8) + " " + card(m, r),
                        "POS DEBIT " + mmdd(r) + " " + card(m, r) + " " + city,
                        "POS " + slashDate(r) + " " + card(m, r) + " " + digits(r, 6));
                break;
            case CHECKCARD:
                text = "CHECKCARD " + mmdd(r) + " " + card(m, r) + " " + city + (r.nextBoolean() ? " " + digits(r, 23) : "");
                break;
            case DEBIT_CARD:
                text = oneOf(r, "DEBIT CARD PURCHASE - " + card(m, r) + " " + city,
                        "Debit PIN Purchase " + card(m, r) + " " + city,
                        "DBT CRD " + digits(r, 4) + " " + slashDate(r) + "/" + digits(r, 2) + " " + card(m, r) + " " + city
                                + " C#" + digits(r, 4));
                break;
            case PURCHASE_AUTHORIZED:
                text = "PURCHASE AUTHORIZED ON " + slashDate(r) + " " + card(m, r) + " " + city + " S" + digits(r, 15)
                        + " CARD " + digits(r, 4);
                break;
            case PROCESSOR:
                text = processor(m, r) + (r.nextBoolean() ? " " + city : "");
                break;
            case RECURRING:
                text = oneOf(r, "RECURRING PAYMENT " + card(m, r) + " " + oneOf(r, url(m), phone(r)) + " " + state,
                        "RECURRING DEBIT CARD " + card(m, r) + " " + state,
                        "RECURRING PMT " + mmdd(r) + " " + card(m, r));
                break;
            case ACH:
                text = ach(m, r);
                break;
            case BILL_PAY:
                text = oneOf(r, "ONLINE PAYMENT TO " + field(m, r) + " ON " + slashDate(r),
                        "BILL PAY " + field(m, r) + " ON-LINE " + "X".repeat(5) + digits(r, 4),
                        "EPAY " + field(m, r) + " " + digits(r, 10),
                        "WEB PAY " + field(m, r) + " CONF# " + digits(r, 8));
                break;
            case VISA_DDA:
                String cityName = city.length() > 3 ? city.substring(0, city.length() - 3) : "";
                text = oneOf(r, ("VISA DDA PUR " + digits(r, 6) + " " + card(m, r) + " " + cityName).trim() + " * " + state,
                        "CARD PURCHASE " + slashDate(r) + " " + card(m, r) + " " + city,
                        "PAYMENT " + card(m, r) + " ***" + digits(r, 4));
                break;
            case DATED:
                text = titleCase(slashDate(r) + " " + field(m, r) + " " + city);
                break;
            case RANDOMISED:
                return render(m, context(r), r).text(); // cased and cut by its context, no surface noise
            default:
                throw new IllegalStateException(f.toString());
        }
        return surface(text, r);
    }

    // --- randomised wrappers and hard negatives ---------------------------------------------------

    /**
     * A descriptor and the merchant field in it as it survived the cuts (upper case before casing).
     *
     * @param text          the descriptor
     * @param merchantField the merchant field (brand form plus store number) as far as it is in {@code text},
     *                      compared ignoring case; never empty
     */
    public record Rendered(String text, String merchantField) {
    }

    /** A fresh {@link Family#RANDOMISED} context: wrapper, city, store-number shape, cuts and case. */
    public DescriptorContext context(Random r) {
        return Wrappers.context(r);
    }

    /**
     * A {@link Family#RANDOMISED} descriptor of {@code m} in context {@code c}. Descriptors of two merchants in
     * one context share the wrapper text, the city and the store-number shape, and differ in the merchant
     * field (and the store number's digits): hard negatives for a batch sampler.
     *
     * <pre>{@code
     * DescriptorContext c = gen.context(rnd);
     * Labelled a = gen.sampleWithContext(m1, c, rnd);   // label m1
     * Labelled b = gen.sampleWithContext(m2, c, rnd);   // label m2, same wrapper and city
     * }</pre>
     */
    public Labelled sampleWithContext(Merchant m, DescriptorContext c, Random r) {
        return new Labelled(render(m, c, r).text(), m.id(), Family.RANDOMISED.id());
    }

    /**
     * One descriptor of each of {@code merchants}, all in one fresh context: a group of mutual hard negatives.
     * A P x K sampler can draw one of its K examples per merchant this way for some of its P merchants, so the
     * batch-hard loss meets negatives that differ only in the merchant.
     */
    public List<Labelled> sampleInOneContext(List<Merchant> merchants, Random r) {
        DescriptorContext c = context(r);
        List<Labelled> out = new ArrayList<>(merchants.size());
        for (Merchant m : merchants) {
            out.add(sampleWithContext(m, c, r));
        }
        return out;
    }

    /** {@code m} rendered in {@code c}, with the merchant field that survived (see {@link Rendered}). */
    public Rendered render(Merchant m, DescriptorContext c, Random r) {
        String f = field(m, r, c.branch()) + Wrappers.fill(c.storeShape(), r);
        if (c.fieldLimit() > 0 && f.length() > c.fieldLimit()) {
            f = f.substring(0, c.fieldLimit()).strip();
        }
        String sep = c.separator();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < c.before().size(); i++) {
            b.append(c.before().get(i));
            boolean last = i == c.before().size() - 1;
            b.append(last && c.glueBefore() ? "" : sep);
        }
        int fieldStart = b.length();
        b.append(f);
        for (int i = 0; i < c.after().size(); i++) {
            b.append(i == 0 && c.glueAfter() ? "" : sep).append(c.after().get(i));
        }
        String text = b.toString();
        if (c.lineLimit() > 0) {
            int limit = Math.max(c.lineLimit(), fieldStart + Math.min(f.length(), 6));
            if (text.length() > limit) {
                text = text.substring(0, limit).stripTrailing();
                f = f.substring(0, Math.min(f.length(), limit - fieldStart)).strip();
            }
        }
        return new Rendered(Wrappers.applyCase(text, c.caseStyle(), r), f);
    }

    // --- fields -------------------------------------------------------------------------------

    /** The merchant field as written by card networks: numbered, then cut at 22 or 25 characters. */
    private String card(Merchant m, Random r) {
        String s = field(m, r);
        if (r.nextDouble() < 0.35) {
            s += storeNumber(r);
        }
        if (r.nextDouble() < 0.5) {
            int limit = r.nextBoolean() ? 22 : 25;
            if (s.length() > limit) {
                s = s.substring(0, limit).trim();
            }
        }
        return s;
    }

    /** A brand form of the merchant with abbreviation, gluing, punctuation, suffix and branch noise. */
    private String field(Merchant m, Random r) {
        return field(m, r, null);
    }

    /**
     * {@link #field(Merchant, Random)} with the branch given: {@code null} draws one (or none) at random, empty
     * adds none, anything else is appended after the brand.
     */
    private String field(Merchant m, Random r, String branch) {
        String s = pick(m.aliases(), r).toUpperCase(Locale.ROOT);
        if (r.nextDouble() < 0.2) {
            s = s.replace("'", "").replace("-", r.nextBoolean() ? " " : "");
        }
        if (r.nextDouble() < 0.15) {
            s = abbreviate(s, r);
        }
        if (r.nextDouble() < 0.08) {
            s = s.replace(" ", "");
        }
        if (r.nextDouble() < 0.12) {
            s = s + " " + SUFFIXES[r.nextInt(SUFFIXES.length)];
        }
        if (r.nextDouble() < 0.06) {
            s = web(s, r);
        }
        String b = branch != null ? branch : r.nextDouble() < 0.4 ? branch(r) : "";
        if (!b.isEmpty()) {
            s = s + (r.nextInt(4) == 0 ? " - " : " ") + b;
        }
        if (r.nextDouble() < 0.04) {
            s = s.replace("&", r.nextBoolean() ? "AND" : "");
        }
        return s.replaceAll(" +", " ").trim();
    }

    /**
     * What follows the brand at one outlet: a branch word, a US city (without its state) or a British town of
     * {@link Places}, now and then with a branch word after the town ({@code ZARA BRENT CROSS}, {@code NANDOS
     * SELLY OAK}, {@code BP CASTLEBANK S/STN}).
     */
    static String branch(Random r) {
        double u = r.nextDouble();
        if (u < 0.3) {
            return BRANCHES[r.nextInt(BRANCHES.length)];
        }
        if (u < 0.6) {
            String place = pick(Places.bundled().us(), r);
            return place.substring(0, place.lastIndexOf(' ')); // the city without its state
        }
        String town = pick(Places.bundled().gb(), r);
        return r.nextDouble() < 0.2 ? town + " " + BRANCHES[r.nextInt(BRANCHES.length)] : town;
    }

    /** The brand as a web address: {@code WWW.CARDFACTORY.CO.UK}, {@code WILKO.COM}, {@code BRITISHREDCROSS.OR}. */
    private static String web(String s, Random r) {
        String glued = s.replace(" ", "").replace("'", "").replace("&", "");
        String host = (r.nextBoolean() ? "WWW." : "") + glued + WEB_ENDINGS[r.nextInt(WEB_ENDINGS.length)];
        return host.length() > 22 && r.nextBoolean() ? host.substring(0, 22) : host;
    }

    private static String abbreviate(String s, Random r) {
        String[] words = s.split(" ");
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            String known = ABBREVIATIONS.get(w);
            if (known != null) {
                words[i] = known;
            } else if (w.length() > 4 && r.nextDouble() < 0.6) {
                StringBuilder b = new StringBuilder().append(w.charAt(0));
                for (int j = 1; j < w.length(); j++) {
                    if ("AEIOU".indexOf(w.charAt(j)) < 0) {
                        b.append(w.charAt(j));
                    }
                }
                words[i] = b.toString();
            }
        }
        return String.join(" ", words);
    }

    private String processor(Merchant m, Random r) {
        String alias = pick(m.aliases(), r).toUpperCase(Locale.ROOT);
        if (alias.contains("*")) {
            return alias + (r.nextBoolean() ? digits(r, 2) + letters(r, 4) : "");
        }
        String prefix = PROCESSORS[r.nextInt(PROCESSORS.length)];
        String name = field(m, r);
        if (prefix.startsWith("PAYPAL") || r.nextDouble() < 0.2) {
            name = name.replace(" ", "");
        }
        String s = prefix + name;
        return s.length() > 25 && r.nextBoolean() ? s.substring(0, 25).trim() : s;
    }

    private String ach(Merchant m, Random r) {
        String name = field(m, r);
        String desc = pick(Words.ACH_DESCRIPTIONS, r);
        String person = pick(Words.PERSON_NAMES, r);
        return oneOf(r,
                name + " DES:" + desc + " ID:" + digits(r, 9) + " INDN:" + person + " CO ID:" + digits(r, 10) + " "
                        + oneOf(r, "PPD", "WEB", "CCD"),
                "ACH DEBIT " + name + " " + desc + " " + digits(r, 10),
                "ACH CREDIT " + name + " " + desc,
                "ORIG CO NAME:" + name + " ORIG ID:" + digits(r, 10) + " DESC DATE:" + digits(r, 6) + " CO ENTRY DESCR:"
                        + desc + " SEC:" + oneOf(r, "PPD", "WEB") + " IND ID:" + digits(r, 8));
    }

    private static String city(Random r) {
        String c = pick(Words.CITIES, r);
        double u = r.nextDouble();
        String name = c.substring(0, c.length() - 3);
        String state = c.substring(c.length() - 2);
        if (u < 0.15) {
            return name + state; // glued state
        }
        if (u < 0.3 && name.length() > 13) {
            return name.substring(0, 13) + state; // cut city field, state glued: STONE MOUNTAIGA
        }
        if (u < 0.38) {
            return state;
        }
        return c;
    }

    private static String storeNumber(Random r) {
        switch (r.nextInt(6)) {
            case 0:
                return " #" + digits(r, 3 + r.nextInt(3));
            case 1:
                return " F" + digits(r, 4);
            case 2:
                return " " + digits(r, 4);
            case 3:
                return " STORE " + digits(r, 4);
            case 4:
                return " ST " + digits(r, 3);
            default:
                return " #" + digits(r, 2);
        }
    }

    private static String url(Merchant m) {
        String base = m.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        return base.length() > 14 ? base.substring(0, 14) + ".COM" : base + ".COM";
    }

    private static String phone(Random r) {
        return r.nextBoolean() ? digits(r, 3) + "-" + digits(r, 3) + "-" + digits(r, 4) : digits(r, 10);
    }

    private static String mmdd(Random r) {
        return String.format(Locale.ROOT, "%02d%02d", 1 + r.nextInt(12), 1 + r.nextInt(28));
    }

    private static String slashDate(Random r) {
        return String.format(Locale.ROOT, "%02d/%02d", 1 + r.nextInt(12), 1 + r.nextInt(28));
    }

    private static String digits(Random r, int n) {
        return Wrappers.digits(r, n);
    }

    private static String letters(Random r, int n) {
        return Wrappers.letters(r, n);
    }

    @SafeVarargs
    private static <T> T oneOf(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    /** Case changes, doubled spaces and duplicated fields seen in real feeds. */
    private static String surface(String text, Random r) {
        double u = r.nextDouble();
        if (u < 0.08) {
            text = titleCase(text);
        } else if (u < 0.12) {
            text = text.toLowerCase(Locale.ROOT);
        }
        if (r.nextDouble() < 0.04) {
            String[] parts = text.split(" ");
            int i = r.nextInt(parts.length);
            text = text + " " + parts[i];
        }
        if (r.nextDouble() < 0.1) {
            text = text.replace(" ", "  ");
        }
        return text;
    }

    private static String titleCase(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            b.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = c == ' ' || c == '/';
        }
        return b.toString();
    }
}
