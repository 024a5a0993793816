package io.txmatch.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txmatch.model.Encoder;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DedupEngineTest {
    private static DedupEngine engine;

    @BeforeAll
    static void load() throws IOException {
        engine = new DedupEngine(Encoder.load(Path.of("..", "models", "default.txmb")));
    }

    // Texts the bundled model links confidently (cosine >= 0.8 to a group mate within 15 bits): these tests check the
    // engine's mechanics; its quality on harder data is measured by ./txmatch bench dedup-quality.
    private static final String[][] GROUPS = {
        {"CHECKCARD 0615 OUTBACK STEAKHOUSE 0310 TEMPE AZ", "CHECKCARD 0701 OUTBACK STEAKHOUSE 4471 PHOENIX AZ",
            "POS PURCHASE OUTBACK STEAKHOUSE 4471 PHOENIX AZ"},
        {"POS PURCHASE WAL-MART #0931 DALLAS TX", "CHECKCARD 1102 WAL-MART #5521 TULSA OK", "POS PURCHASE WAL-MART #1120 TULSA OK"},
        {"RECURRING PAYMENT NETFLIX.COM CA", "RECURRING DEBIT CARD NETFLIX.COM 866-579-7172 CA",
            "RECURRING PAYMENT NETFLIX.COM 866-579-7172 CA"},
        {"POS DEBIT SHELL OIL 5744421 AUSTIN TX", "POS DEBIT SHELL OIL 12345 AUSTIN TX", "POS DEBIT SHELL OIL 5744421 HOUSTON TX"},
    };

    private static List<DedupRecord> records() {
        List<DedupRecord> out = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            for (int g = 0; g < GROUPS.length; g++) {
                out.add(DedupRecord.of("g" + g + "-" + k, GROUPS[g][k]));
            }
        }
        return out;
    }

    @Test
    void texts_that_normalise_to_nothing_stay_singletons() {
        List<DedupRecord> in = new ArrayList<>(records());
        String[] blank = {"!!!!", "!!!!", "😀🎉", "\u200B\u200B", "\u0301", "$$$$"};
        for (int i = 0; i < blank.length; i++) {
            in.add(DedupRecord.of("blank" + i, blank[i]));
        }
        for (DedupOptions o : new DedupOptions[] {DedupOptions.defaults(), new DedupOptions(0.0, 64, 50, false, -1, false)}) {
            DedupResult r = engine.run(in, o, DedupProgress.NONE);
            for (int i = 0; i < blank.length; i++) {
                String id = "blank" + i;
                assertThat(r.clusterId().stream().filter(c -> c.equals(id)).count()).as("%s under %s", id, o).isEqualTo(1);
                assertThat(r.clusterId().get(r.ids().indexOf(id))).isEqualTo(id);
            }
        }
        DedupResult r = engine.run(in, DedupOptions.defaults(), DedupProgress.NONE);
        assertThat(r.stats().clusters()).isEqualTo(GROUPS.length + blank.length);
    }

    @Test
    void records_of_one_merchant_share_a_cluster_and_other_merchants_do_not() {
        DedupResult r = engine.run(records(), DedupOptions.defaults(), DedupProgress.NONE);
        assertThat(r.ids()).isEqualTo(records().stream().map(DedupRecord::id).toList());
        for (int i = 0; i < r.ids().size(); i++) {
            for (int j = 0; j < r.ids().size(); j++) {
                boolean sameTruth = r.ids().get(i).charAt(1) == r.ids().get(j).charAt(1);
                boolean sameCluster = r.clusterId().get(i).equals(r.clusterId().get(j));
                assertThat(sameCluster).as("%s and %s", r.ids().get(i), r.ids().get(j)).isEqualTo(sameTruth);
            }
        }
        assertThat(r.stats().clusters()).isEqualTo(GROUPS.length);
        assertThat(r.clusters()).hasSize(GROUPS.length).allSatisfy(c -> {
            assertThat(c.members()).hasSize(3).contains(c.representative());
            assertThat(r.clusterId().get(r.ids().indexOf(c.members().get(0)))).isEqualTo(c.id());
        });
        for (int i = 0; i < r.ids().size(); i++) {
            boolean representative = r.ids().get(i).equals(r.clusterId().get(i));
            assertThat(r.score()[i]).isBetween(representative ? 1f : 0.5f, 1f);
        }
    }

    @Test
    void identical_normalised_texts_are_encoded_once_and_runs_are_deterministic() {
        List<DedupRecord> recs = List.of(DedupRecord.of("a", "CHECKCARD 0615 OUTBACK 0310 TEMPE AZ"),
                DedupRecord.of("b", "checkcard 0716 outback 0410 tempe az"), DedupRecord.of("c", "NETFLIX.COM LOS GATOS CA"));
        DedupResult r = engine.run(recs, DedupOptions.defaults(), DedupProgress.NONE);
        assertThat(r.stats().nodes()).isEqualTo(2);
        assertThat(r.clusterId()).containsExactly("a", "a", "c");
        assertThat(r.score()).containsExactly(1f, 1f, 1f);
        DedupResult again = engine.run(records(), DedupOptions.defaults(), DedupProgress.NONE);
        DedupResult once = engine.run(records(), DedupOptions.defaults(), DedupProgress.NONE);
        assertThat(again.clusterId()).isEqualTo(once.clusterId());
        assertThat(again.score()).isEqualTo(once.score());
    }

    @Test
    void transaction_constraints_split_what_the_text_alone_would_join() {
        LocalDate d = LocalDate.of(2026, 6, 1);
        String text = "NETFLIX.COM LOS GATOS CA";
        List<DedupRecord> recs = List.of(
                new DedupRecord("jun1", text, new BigDecimal("15.49"), d, Map.of()),
                new DedupRecord("jun2", text, new BigDecimal("15.490"), d.plusDays(1), Map.of()),
                new DedupRecord("jun2-other-amount", text, new BigDecimal("22.99"), d.plusDays(1), Map.of()),
                new DedupRecord("jul1", text, new BigDecimal("15.49"), d.plusDays(30), Map.of()));
        assertThat(engine.run(recs, DedupOptions.defaults(), DedupProgress.NONE).stats().clusters()).isEqualTo(1);
        DedupResult r = engine.run(recs, DedupOptions.defaults().withConstraints(true, 3, false), DedupProgress.NONE);
        assertThat(r.clusterId()).containsExactly("jun1", "jun1", "jun2-other-amount", "jul1");
        List<DedupRecord> keyed = List.of(new DedupRecord("x", text, null, null, Map.of("account", "1")),
                new DedupRecord("y", text, null, null, Map.of("account", "2")));
        assertThat(engine.run(keyed, DedupOptions.defaults().withConstraints(false, -1, true), DedupProgress.NONE)
                .stats().clusters()).isEqualTo(2);
    }

    @Test
    void bad_input_is_refused_and_a_cancelled_run_stops() {
        List<DedupRecord> twice = List.of(DedupRecord.of("a", "SHELL OIL"), DedupRecord.of("a", "WAL-MART"));
        assertThatThrownBy(() -> engine.run(twice, DedupOptions.defaults(), DedupProgress.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' occurs more than once");
        assertThatThrownBy(() -> engine.run(List.of(DedupRecord.of("a", "SHELL OIL")),
                DedupOptions.defaults().withConstraints(false, 2, false), DedupProgress.NONE))
                .hasMessageContaining("has no date");
        assertThatThrownBy(() -> DedupRecord.of("a", " ")).hasMessageContaining("text must be");
        assertThatThrownBy(() -> DedupOptions.defaults().withThreshold(1.5)).hasMessageContaining("threshold");
        DedupProgress cancelled = new DedupProgress() {
            @Override
            public void stage(Stage stage, long total) {
            }

            @Override
            public void advance(long steps) {
            }

            @Override
            public boolean cancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> engine.run(records(), DedupOptions.defaults(), cancelled))
                .isInstanceOf(CancellationException.class);
    }
    @Test
    void progress_reports_each_stage_once_in_order_with_its_steps() {
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicLong steps = new java.util.concurrent.atomic.AtomicLong();
        DedupResult r = engine.run(records(), DedupOptions.defaults(), new DedupProgress() {
            @Override
            public void stage(Stage stage, long total) {
                seen.add(stage.label() + "=" + total);
            }

            @Override
            public void advance(long n) {
                steps.addAndGet(n);
            }
        });
        DedupResult.Stats s = r.stats();
        assertThat(seen).containsExactly("encode=" + s.nodes(), "block=" + s.nodes(), "cluster=" + s.edges());
        assertThat(steps.get()).isEqualTo(2L * s.nodes() + s.edges());
    }

    @Test
    void the_pairs_that_made_the_clusters_join_each_cluster_and_nothing_else() {
        List<DedupRecord> records = new ArrayList<>(records());
        records.add(DedupRecord.of("repeat", GROUPS[0][0].toLowerCase(java.util.Locale.ROOT))); // g0-0's text, normalised
        List<ClusterPair> pairs = new ArrayList<>();
        DedupResult r = engine.run(records, DedupOptions.defaults(), DedupProgress.NONE, pairs::add);
        assertThat(r.clusterId()).isEqualTo(engine.run(records, DedupOptions.defaults(), DedupProgress.NONE).clusterId());
        Map<String, String> clusterOf = new java.util.HashMap<>();
        for (int i = 0; i < r.ids().size(); i++) {
            clusterOf.put(r.ids().get(i), r.clusterId().get(i));
        }
        // Union-find over the pairs gives back exactly the clusters.
        Map<String, String> parent = new java.util.HashMap<>();
        java.util.function.UnaryOperator<String>[] find = new java.util.function.UnaryOperator[1];
        find[0] = x -> {
            String p = parent.getOrDefault(x, x);
            return p.equals(x) ? x : find[0].apply(p);
        };
        for (ClusterPair p : pairs) {
            assertThat(clusterOf.get(p.idA())).as(p.toString()).isEqualTo(clusterOf.get(p.idB())).isEqualTo(p.clusterId());
            assertThat(p.score()).isBetween((float) DedupOptions.defaults().threshold(), 1.0001f);
            parent.put(find[0].apply(p.idA()), find[0].apply(p.idB()));
        }
        for (String a : r.ids()) {
            for (String b : r.ids()) {
                assertThat(find[0].apply(a).equals(find[0].apply(b))).as(a + " " + b)
                        .isEqualTo(clusterOf.get(a).equals(clusterOf.get(b)));
            }
        }
        assertThat(pairs).contains(new ClusterPair("g0-0", "repeat", 1f, clusterOf.get("g0-0")));
    }

    @Test
    void a_threshold_report_counts_every_labelled_pair_once_and_the_clusters_as_the_run_made_them() {
        List<DedupRecord> records = records();
        DedupResult r = engine.run(records, DedupOptions.defaults(), DedupProgress.NONE);
        Map<String, String> labels = new java.util.HashMap<>();
        records.forEach(rec -> labels.put(rec.id(), rec.id().substring(0, 2)));
        labels.put("absent", "g0");
        ThresholdReport report = ThresholdReport.of(engine.encoder(), records, labels, r, ThresholdReport.GRID);
        assertThat(report.labelled()).isEqualTo(12);
        assertThat(report.pairs()).isEqualTo(66);
        assertThat(report.positives()).isEqualTo(4 * 3);
        long previous = Long.MAX_VALUE;
        for (ThresholdReport.Row row : report.grid()) {
            assertThat(row.tp() + row.fn()).isEqualTo(12);
            assertThat(row.tp() + row.fp()).isLessThanOrEqualTo(previous); // fewer predicted as the threshold rises
            previous = row.tp() + row.fp();
        }
        // The groups are the clusters (the first test): every positive pair, nothing else.
        assertThat(report.clusters()).isEqualTo(new ThresholdReport.Row(Double.NaN, 12, 0, 0));
        assertThat(report.table(0.70)).contains("clusters@0.70,1.0000,1.0000,1.0000,12,0,0");
        assertThatThrownBy(() -> ThresholdReport.of(engine.encoder(), records, Map.of("g0-0", "x"), r, ThresholdReport.GRID))
                .hasMessageContaining("found 1");
    }
}
