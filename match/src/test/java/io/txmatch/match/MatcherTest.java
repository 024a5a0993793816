package io.txmatch.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.txmatch.model.Encoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MatcherTest {
    private static Encoder encoder;

    @BeforeAll
    static void load() throws IOException {
        encoder = Encoder.load(io.txmatch.model.ModelBundle.bundled(Path.of("..")));
    }

    private static Matcher matcher(MatchSettings s) {
        Matcher m = new Matcher(encoder, s, Matcher.EncodeListener.NONE);
        m.add(List.of(new Matcher.NewExemplar("a", "outback", "CHECKCARD 0615 OUTBACK STEAKHOUSE 0310 TEMPE AZ"),
                new Matcher.NewExemplar("a", "walmart", "WM SUPERCENTER #2447 TEMPE AZ"),
                new Matcher.NewExemplar("a", "netflix", "NETFLIX.COM 866-579-7172 CA"),
                new Matcher.NewExemplar("b", "tesco", "TESCO STORES 2041 LONDON")));
        return m;
    }

    @Test
    void an_enrolled_example_matches_its_owner_at_once_with_both_scores() {
        Matcher m = matcher(MatchSettings.DEFAULT);
        MatchOutcome out = m.match("a", List.of("POS PURCHASE OUTBACK STEAKHOUSE TEMPE AZ"), MatchQuery.top(5)).get(0);
        assertThat(out.best().owner()).isEqualTo("outback");
        MatchOutcome.Match best = out.best();
        assertThat(best.score()).isEqualTo(MatchSettings.DEFAULT.fusion().score(best.semantic(), best.lexical(), best.word()));
        assertThat(best.lexical()).isGreaterThan(0);
        assertThat(best.word()).isGreaterThan(0);
        // Pools of at least 50 per channel hold tenant a's three exemplars: all are scored, all are returned.
        assertThat(out.diagnostics().scored()).isEqualTo(3);
        assertThat(out.matches()).hasSize(3);
        assertThat(out.margin()).isEqualTo(best.score() - out.matches().get(1).score());
    }

    @Test
    void margin_and_confidence_do_not_depend_on_k() {
        Matcher m = matcher(MatchSettings.DEFAULT);
        String q = "POS PURCHASE OUTBACK STEAKHOUSE TEMPE AZ";
        MatchOutcome one = m.match("a", List.of(q), MatchQuery.top(1)).get(0);
        MatchOutcome five = m.match("a", List.of(q), MatchQuery.top(5)).get(0);
        assertThat(one.matches()).hasSize(1);
        assertThat(one.runnerUp()).isEqualTo(five.matches().get(1).score()).isGreaterThan(0);
        assertThat(one.margin()).isEqualTo(five.margin()).isLessThan(one.bestScore());
        Confidence.Calibration c = Confidence.Calibration.SERVED;
        assertThat(c.z(one)).isEqualTo(c.z(five));
        assertThat(c.of(one)).isEqualTo(c.of(five));
    }

    @Test
    void the_same_owner_key_in_two_tenants_is_two_owners() {
        Matcher m = matcher(MatchSettings.DEFAULT);
        m.add(List.of(new Matcher.NewExemplar("b", "outback", "OUTBACK STEAKHOUSE 4410 FRESNO CA")));
        assertThat(m.removeOwner("a", "outback")).isEqualTo(1);
        assertThat(m.match("b", List.of("OUTBACK STEAKHOUSE"), MatchQuery.top(1)).get(0).best().owner()).isEqualTo("outback");
        assertThat(m.match("b", List.of("OUTBACK"), MatchQuery.top(5).excluding("outback")).get(0).matches())
                .extracting(MatchOutcome.Match::owner).containsExactly("tesco");
        assertThat(m.size("b")).isEqualTo(2);
    }

    @Test
    void tenants_see_only_their_own_exemplars_and_removal_is_immediate() {
        Matcher m = matcher(MatchSettings.DEFAULT);
        assertThat(m.match("b", List.of("OUTBACK STEAKHOUSE"), MatchQuery.top(5)).get(0).matches())
                .extracting(MatchOutcome.Match::owner).containsExactly("tesco");
        assertThat(m.match("nobody", List.of("TESCO"), MatchQuery.top(5)).get(0).matches()).isEmpty();
        assertThat(m.removeOwner("a", "outback")).isEqualTo(1);
        assertThat(m.match("a", List.of("OUTBACK STEAKHOUSE TEMPE"), MatchQuery.top(5)).get(0).matches())
                .extracting(MatchOutcome.Match::owner).doesNotContain("outback");
        assertThat(m.size("a")).isEqualTo(2);
    }

    @Test
    void excluded_owners_are_never_candidates() {
        Matcher m = matcher(MatchSettings.DEFAULT);
        MatchOutcome out = m.match("a", List.of("OUTBACK STEAKHOUSE TEMPE"), MatchQuery.top(5).excluding("outback")).get(0);
        assertThat(out.matches()).extracting(MatchOutcome.Match::owner).isNotEmpty().doesNotContain("outback");
    }

    @Test
    void k_is_honoured_beyond_the_default_candidate_counts() {
        Matcher m = new Matcher(encoder, MatchSettings.DEFAULT, Matcher.EncodeListener.NONE);
        List<Matcher.NewExemplar> many = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            many.add(new Matcher.NewExemplar("t", "m" + i, "STORE NUMBER " + i + " MERCHANT " + (char) ('A' + i % 26)));
        }
        m.add(many);
        assertThat(m.match("t", List.of("STORE MERCHANT"), MatchQuery.top(100)).get(0).matches()).hasSize(100);
    }

    @Test
    void the_single_channel_settings_score_by_their_channel_alone() {
        MatchOutcome lexical = matcher(MatchSettings.DEFAULT.withFusion(MatchSettings.Fusion.TRIGRAMS).withCandidates(0, 50)).match("a", List.of("WM SUPERCENTER"),
                MatchQuery.top(1)).get(0);
        assertThat(lexical.best().score()).isEqualTo(lexical.best().lexical());
        assertThat(lexical.diagnostics().hamming()).isZero();
        assertThat(lexical.diagnostics().route()).isEqualTo("lexical");
        MatchOutcome semantic = matcher(MatchSettings.DEFAULT.withFusion(MatchSettings.Fusion.LEARNED).withCandidates(50, 0)).match("a",
                List.of("WM SUPERCENTER"), MatchQuery.top(1)).get(0);
        assertThat(semantic.best().score()).isEqualTo(Math.max(0, Math.min(1, semantic.best().semantic())));
        assertThat(semantic.diagnostics().lexical()).isZero();
        assertThat(semantic.diagnostics().word()).isZero();
    }

    @Test
    void the_rarest_shared_word_outweighs_a_shared_wrapper() {
        // Every exemplar shares the wrapper; only the merchant's name tells them apart. The trigram cosine alone
        // prefers the exemplar whose wrapper is longest in common with the query; the word channel does not.
        Matcher m = new Matcher(encoder, MatchSettings.DEFAULT, Matcher.EncodeListener.NONE);
        m.add(List.of(
                new Matcher.NewExemplar("t", "aldi", "ORIG CO NAME ALDI 772 ORIG ID 0410 DESC DATE 0701"),
                new Matcher.NewExemplar("t", "boots", "ORIG CO NAME BOOTS UK ORIG ID 0412 DESC DATE 0702 CO ENTRY DESCR INVOICE"),
                new Matcher.NewExemplar("t", "argos", "ORIG CO NAME ARGOS LTD ORIG ID 0419 DESC DATE 0703 CO ENTRY DESCR INVOICE"),
                new Matcher.NewExemplar("t", "tesco", "TESCO STORES 2041 LONDON")));
        String q = "ORIG CO NAME ALDI STORES ORIG ID 0999 DESC DATE 0704 CO ENTRY DESCR INVOICE SEC PPD";
        MatchOutcome out = m.match("t", List.of(q), MatchQuery.top(4)).get(0);
        assertThat(out.best().owner()).isEqualTo("aldi");
        MatchOutcome.Match aldi = out.best();
        MatchOutcome.Match boots = out.matches().stream().filter(x -> x.owner().equals("boots")).findFirst().orElseThrow();
        assertThat(boots.lexical()).isGreaterThan(aldi.lexical());
        assertThat(aldi.word()).isGreaterThan(boots.word());
        assertThat(out.diagnostics().word()).isPositive();
    }

    @Test
    void exhaustive_scoring_below_the_bound_scores_every_exemplar() {
        MatchOutcome out = matcher(MatchSettings.DEFAULT.withExhaustiveBelow(10)).match("a", List.of("NETFLIX"),
                MatchQuery.top(5)).get(0);
        assertThat(out.diagnostics().route()).isEqualTo("exhaustive");
        assertThat(out.diagnostics().scored()).isEqualTo(3);
        assertThat(out.best().owner()).isEqualTo("netflix");
    }

    @Test
    void candidate_pools_grow_with_the_catalogue() {
        assertThat(Matcher.pool(50, 5, 100)).isEqualTo(50);
        assertThat(Matcher.pool(50, 40, 100)).isEqualTo(80);
        assertThat(Matcher.pool(50, 5, 22_205)).isEqualTo(150);
        assertThat(Matcher.pool(0, 5, 1_000_000)).isZero();
    }

    private static List<String> owners(Matcher m, String text, MatchQuery q) {
        return m.match("a", List.of(text), q).get(0).matches().stream().map(MatchOutcome.Match::owner).toList();
    }

    @Test
    void only_owners_limit_the_candidates_and_negatives_keep_an_owner_out_of_one_text() {
        Matcher m = matcher(MatchSettings.DEFAULT);
        String text = "OUTBACK STEAKHOUSE TEMPE AZ";
        assertThat(owners(m, text, MatchQuery.top(5).onlyAmong(java.util.Set.of("walmart", "netflix"))))
                .containsExactlyInAnyOrder("walmart", "netflix");
        assertThat(owners(m, text, MatchQuery.top(5).onlyAmong(java.util.Set.of()))).isEmpty();
        assertThat(owners(m, text, MatchQuery.top(5).onlyAmong(java.util.Set.of("tesco")))).as("another tenant's").isEmpty();
        m.addNegatives("a", "outback", List.of("outback   steakhouse tempe az"));
        assertThat(owners(m, text, MatchQuery.top(5))).doesNotContain("outback").isNotEmpty();
        assertThat(owners(m, "OUTBACK STEAKHOUSE", MatchQuery.top(5)).get(0)).as("another text").isEqualTo("outback");
        m.addNegatives("b", "tesco", List.of(text));
        m.removeOwner("a", "outback");
        m.add(List.of(new Matcher.NewExemplar("a", "outback", "OUTBACK STEAKHOUSE TEMPE")));
        assertThat(owners(m, text, MatchQuery.top(5)).get(0)).as("a removed owner's negatives went with it").isEqualTo("outback");
    }

    @Test
    void exemplars_are_replaced_and_removed_by_index_in_the_order_they_were_added() {
        Matcher m = matcher(MatchSettings.DEFAULT);
        m.replaceExemplars("a", "walmart", List.of("WAL-MART #1 PHOENIX", "WAL-MART #2 MESA", "WAL-MART #3 TEMPE"));
        assertThat(m.size("a")).isEqualTo(5);
        java.util.function.Supplier<String> walmartBy = () -> m.match("a", List.of("WAL-MART #2 MESA"), MatchQuery.top(5))
                .get(0).matches().stream().filter(x -> x.owner().equals("walmart")).findFirst().orElseThrow().exemplar();
        assertThat(walmartBy.get()).isEqualTo("WAL-MART #2 MESA");
        m.removeExemplar("a", "walmart", 1);
        assertThat(m.size("a")).isEqualTo(4);
        assertThat(walmartBy.get()).isIn("WAL-MART #1 PHOENIX", "WAL-MART #3 TEMPE");
        m.removeExemplar("a", "walmart", 1);
        m.removeExemplar("a", "walmart", 0);
        assertThat(m.size("a")).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.removeExemplar("a", "walmart", 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
