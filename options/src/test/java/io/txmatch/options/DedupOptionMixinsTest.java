package io.txmatch.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.io.Columns;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class DedupOptionMixinsTest {
    /** The mixins of one command line, as the CLI and the Spark job combine them. */
    private record Probe(DedupColumns columns, DedupSettings settings, ModelOption model, CommandLine cli) {
        static Probe of() {
            Probe p = new Probe(new DedupColumns(), new DedupSettings(), new ModelOption(),
                    new CommandLine(CommandSpec.create().name("probe")));
            p.cli.addMixin("columns", p.columns).addMixin("settings", p.settings()).addMixin("model", p.model);
            return p;
        }
    }

    private static Probe parse(String... args) {
        Probe p = Probe.of();
        p.cli.parseArgs(args);
        return p;
    }

    @Test
    void no_options_give_the_calibrated_defaults_and_the_bundled_model() {
        Probe p = parse();
        assertThat(p.columns().options(p.settings())).isEqualTo(DedupOptions.defaults());
        assertThat(p.settings().options()).isEqualTo(DedupOptions.defaults());
        assertThat(p.columns().columns()).isEqualTo(Columns.of("id", "text"));
        assertThat(p.model().path(Path.of("/opt/txmatch"))).isEqualTo(Path.of("/opt/txmatch/models/default.txmb"));
    }

    @Test
    void columns_switch_on_their_constraints() {
        Probe p = parse("--id-column", "txn", "--text-column", "descriptor", "--amount-column", "amt", "--date-column", "day",
                "--max-date-gap", "5", "--key-column", "acct", "--key-column", "bank", "--threshold", "0.8", "--radius", "12",
                "--candidates", "30", "--probe", "-1", "--model", "m.txmb");
        assertThat(p.columns().columns()).isEqualTo(new Columns("txn", "descriptor", "amt", "day", List.of("acct", "bank")));
        assertThat(p.columns().options(p.settings())).isEqualTo(new DedupOptions(0.8, 12, 30, true, 5, true, -1));
        assertThat(p.model().path(Path.of("/opt"))).isEqualTo(Path.of("m.txmb"));
        // The gap counts only with a date column.
        Probe noDates = parse("--max-date-gap", "5");
        assertThat(noDates.columns().options(noDates.settings()).datesMatter()).isFalse();
    }

    @Test
    void values_out_of_range_are_refused_with_the_option_named() {
        Probe gap = parse("--date-column", "d", "--max-date-gap", "-1");
        assertThatThrownBy(() -> gap.columns().options(gap.settings())).hasMessageContaining("--max-date-gap");
        Probe threshold = parse("--threshold", "1.5");
        assertThatThrownBy(() -> threshold.settings().options()).hasMessageContaining("threshold");
    }

    @Test
    void help_lists_every_option_with_its_default() {
        String usage = Probe.of().cli.getUsageMessage();
        for (String option : List.of("--id-column", "--text-column", "--amount-column", "--date-column", "--max-date-gap",
                "--key-column", "--threshold", "--radius", "--candidates", "--probe", "--model")) {
            assertThat(usage).contains(option);
        }
        assertThat(usage).contains("(default: " + DedupOptions.DEFAULT_MAX_CANDIDATES + ")")
                .contains("(default: id)").contains("(default: 3)");
    }

    @Test
    void csv_formula_escaping_is_on_unless_turned_off() {
        for (String[] c : new String[][] {{}, {"--csv-formula-escape"}, {"--no-csv-formula-escape"}}) {
            DedupOutput output = new DedupOutput();
            CommandLine cli = new CommandLine(CommandSpec.create().name("probe")).addMixin("output", output);
            cli.parseArgs(c);
            assertThat(output.escapeFormulas()).as(String.join(" ", c)).isEqualTo(c.length == 0 || !c[0].startsWith("--no-"));
            assertThat(cli.getUsageMessage()).contains("--[no-]csv-formula-escape");
        }
    }
}
