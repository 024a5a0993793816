package io.txmatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** NSI brands and given names as merchants, the randomised family, and hard-negative contexts. */
class RandomisedFamilyTest {
    private final DescriptorGenerator gen = new DescriptorGenerator();

    @Test
    void the_bundled_nsi_list_loads_with_more_than_ten_thousand_brands() {
        NsiBrands nsi = NsiBrands.load();
        assertThat(nsi.version()).isEqualTo("8.0.20260918");
        assertThat(nsi.brands()).hasSizeGreaterThanOrEqualTo(10_000);
        NsiBrands.Brand tesco = nsi.brands().stream().filter(b -> b.name().equals("Tesco")).findFirst().orElseThrow();
        assertThat(tesco.aliases()).contains("tesco metro");
        assertThat(tesco.category()).isEqualTo("shop=convenience");
        assertThat(tesco.countries()).contains("gb");
        assertThat(nsi.brands().stream().map(b -> b.name().toLowerCase(Locale.ROOT)).distinct().count())
                .isEqualTo(nsi.brands().size());
    }

    @Test
    void an_nsi_file_without_its_marker_or_of_another_format_is_rejected() {
        assertThatThrownBy(() -> NsiBrands.read(stream("Tesco\t\tshop=convenience\tgb\n")))
                .hasMessageContaining("not nsi-brands data");
        assertThatThrownBy(() -> NsiBrands.read(stream("#nsi-brands\t2\tx\n"))).hasMessageContaining("format 2");
        assertThatThrownBy(() -> NsiBrands.read(stream("#nsi-brands\t1\tx\nTesco\tshop\n"))).hasMessageContaining("line 2");
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void merchants_from_nsi_and_given_names_are_seeded_unique_and_keep_the_old_list_first() {
        MerchantSource src = MerchantSource.chainsAndLocals(300).withNsi(2000, Set.of("us", "gb", "ca", "001"))
                .withNames(List.of("TESCO STORES 3217", "ACME WIDGETS 42 LTD", "  ", "ACME WIDGETS 42 LTD", "Walmart"));
        List<Merchant> a = gen.merchants(5, src);
        assertThat(gen.merchants(5, src)).isEqualTo(a);
        assertThat(a.subList(0, 158 + 300)).isEqualTo(gen.merchants(5, 300));
        assertThat(a.stream().filter(m -> m.id().startsWith("n"))).hasSize(2000);
        // Blank and repeated names are skipped, and so is a name a chain already has.
        assertThat(a.stream().filter(m -> m.id().startsWith("r")).map(Merchant::name))
                .containsExactly("TESCO STORES 3217", "ACME WIDGETS 42 LTD");
        Set<String> keys = a.stream().map(m -> m.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", ""))
                .collect(Collectors.toSet());
        assertThat(keys).hasSize(a.size());
        assertThat(a.stream().map(Merchant::id).distinct().count()).isEqualTo(a.size());
        assertThat(gen.merchants(6, src)).isNotEqualTo(a);
        // All of NSI, no country filter.
        List<Merchant> all = gen.merchants(1, new MerchantSource(false, 0, Integer.MAX_VALUE, Set.of(), List.of()));
        assertThat(all).hasSizeGreaterThanOrEqualTo(10_000);
        assertThat(all.stream().filter(m -> m.name().equals("Sainsbury's")).findFirst().orElseThrow().aliases())
                .contains("Sainsbury's", "sainsbury's filling stations");
    }

    @Test
    void randomised_descriptors_are_reproducible_for_a_seed() {
        List<Merchant> ms = gen.merchants(3, MerchantSource.chainsAndLocals(100).withNsi(500, Set.of()));
        Random r1 = new Random(11);
        Random r2 = new Random(11);
        for (int i = 0; i < 300; i++) {
            Merchant m = ms.get(i % ms.size());
            assertThat(gen.descriptor(m, Family.RANDOMISED, r1)).isEqualTo(gen.descriptor(m, Family.RANDOMISED, r2));
        }
    }

    @Test
    void randomised_wrappers_vary_and_always_hold_the_merchant_field() {
        List<Merchant> ms = gen.merchants(4, MerchantSource.chainsAndLocals(200).withNsi(1000, Set.of()));
        Random r = new Random(12);
        Set<String> skeletons = new HashSet<>();
        Set<Integer> befores = new HashSet<>();
        Set<Integer> afters = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Merchant m = ms.get(r.nextInt(ms.size()));
            DescriptorContext c = gen.context(r);
            DescriptorGenerator.Rendered d = gen.render(m, c, r);
            assertThat(d.merchantField()).as("%s", d).isNotBlank();
            assertThat(d.text().toUpperCase(Locale.ROOT)).as("%s", d).contains(d.merchantField().toUpperCase(Locale.ROOT));
            skeletons.add(skeleton(c));
            befores.add(c.before().size());
            afters.add(c.after().size());
        }
        assertThat(skeletons).hasSizeGreaterThanOrEqualTo(200);
        assertThat(befores).contains(0, 1, 2, 3, 4, 5);
        assertThat(afters).contains(0, 1, 2, 3, 4);
    }

    /** The wrapper's shape: letter runs as {@code a}, digit runs as {@code 9}, mask runs as {@code x} or {@code *}. */
    static String skeleton(DescriptorContext c) {
        return shape(String.join(" ", c.before())) + " <M>" + shape(c.storeShape()) + " " + shape(String.join(" ", c.after()));
    }

    private static String shape(String s) {
        return s.replaceAll("[Xx]{3,}", "x").replaceAll("\\*+", "*").replaceAll("[A-Za-z]+", "a").replaceAll("[0-9]+", "9");
    }

    @Test
    void merchants_in_one_context_share_wrapper_and_city_and_differ_in_the_merchant() {
        List<Merchant> ms = gen.merchants(7, MerchantSource.chainsAndLocals(200).withNsi(500, Set.of()));
        Random r = new Random(13);
        for (int i = 0; i < 200; i++) {
            DescriptorContext c = gen.context(r);
            Merchant m1 = ms.get(r.nextInt(ms.size()));
            Merchant m2 = ms.get(r.nextInt(ms.size()));
            if (m1.equals(m2)) {
                continue;
            }
            DescriptorGenerator.Rendered a = gen.render(m1, c, r);
            DescriptorGenerator.Rendered b = gen.render(m2, c, r);
            Labelled la = gen.sampleWithContext(m1, c, new Random(i));
            assertThat(la.merchantId()).isEqualTo(m1.id());
            assertThat(la.family()).isEqualTo("randomised");
            // Same wrapper text around two different merchant fields (case aside, which MIXED draws per line).
            String wa = wrapper(a);
            String wb = wrapper(b);
            if (c.lineLimit() == 0) {
                assertThat(wa).isEqualToIgnoringCase(wb);
                if (!c.city().isEmpty()) {
                    assertThat(a.text().toUpperCase(Locale.ROOT)).contains(c.city().toUpperCase(Locale.ROOT));
                    assertThat(b.text().toUpperCase(Locale.ROOT)).contains(c.city().toUpperCase(Locale.ROOT));
                }
            }
            assertThat(wa.toUpperCase(Locale.ROOT)).startsWith(wb.toUpperCase(Locale.ROOT).substring(0,
                    Math.min(wb.indexOf("<M>"), wa.indexOf("<M>"))));
        }
        List<Labelled> group = gen.sampleInOneContext(ms.subList(0, 5), new Random(14));
        assertThat(group).extracting(Labelled::merchantId).containsExactly("c0", "c1", "c2", "c3", "c4");
    }

    /** The text with the merchant field replaced by {@code <M>}. */
    private static String wrapper(DescriptorGenerator.Rendered d) {
        String up = d.text().toUpperCase(Locale.ROOT);
        int at = up.indexOf(d.merchantField().toUpperCase(Locale.ROOT));
        return d.text().substring(0, at) + "<M>" + d.text().substring(at + d.merchantField().length());
    }

    @Test
    void examples() {
        List<Merchant> ms = gen.merchants(42, MerchantSource.chainsAndLocals(300).withNsi(3000, Set.of("us", "gb", "ca", "001")));
        Random r = new Random(2024);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Merchant m = ms.get(r.nextInt(ms.size()));
            lines.add(m.name() + "  =>  " + gen.descriptor(m, Family.RANDOMISED, r));
        }
        for (int i = 0; i < 5; i++) {
            List<Labelled> pair = gen.sampleInOneContext(List.of(ms.get(r.nextInt(ms.size())), ms.get(r.nextInt(ms.size()))), r);
            lines.add("NEG " + pair.get(0).text() + "   |   " + pair.get(1).text());
        }
        if (Boolean.getBoolean("txmatch.printExamples")) {
            lines.forEach(System.out::println);
        }
        assertThat(lines).hasSize(25);
    }
}
