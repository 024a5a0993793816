package io.txmatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's usage help as a reader sees it: wrapped once, labelled, listed. */
class UsageHelpTest {
    /** What the launcher script accepts as its first argument (README, "CLI"). */
    private static final List<String> LAUNCHER_SUBCOMMANDS =
            List.of("serve", "train", "eval", "dedup", "bench", "test", "reliability", "spark");
    /** An ellipsis inside brackets followed by another: {@code [,B,B,......]...}, {@code [,C...]]...}. */
    private static final Pattern NESTED_REPEAT = Pattern.compile("\\[[^\\[\\]\\s]*\\.\\.\\.[^\\[\\]\\s]*]+\\.\\.\\.");
    private static final Path LAUNCHER = Path.of("..", "txmatch");

    /** Every command of the tree by its qualified name ({@code "txmatch bench dedup"}), the root first. */
    private static Map<String, CommandLine> commands() {
        Map<String, CommandLine> all = new LinkedHashMap<>();
        collect(Main.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine cli, Map<String, CommandLine> into) {
        into.put(cli.getCommandSpec().qualifiedName(), cli);
        cli.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    @Test
    void no_usage_line_is_wider_than_the_usage_width() {
        commands().forEach((name, cli) -> {
            int width = cli.getCommandSpec().usageMessage().width();
            for (String line : cli.getUsageMessage().split("\\R")) {
                assertThat(line.length()).as(name + ": '" + line + "'").isLessThanOrEqualTo(width);
            }
        });
    }

    @Test
    void option_values_have_labels_and_no_repeated_repeats() {
        commands().forEach((name, cli) -> {
            String usage = cli.getUsageMessage();
            assertThat(usage).as(name).doesNotContain("....");
            assertThat(NESTED_REPEAT.matcher(usage).find()).as(name + ": " + usage).isFalse();
            for (OptionSpec o : cli.getCommandSpec().options()) {
                if (o.arity().max() > 0 && !o.negatable()) {
                    assertThat(o.paramLabel()).as(name + " " + o.longestName() + " needs a paramLabel").doesNotStartWith("<");
                }
            }
        });
    }

    @Test
    void descriptions_are_whole_paragraphs_that_picocli_wraps_once() {
        commands().forEach((name, cli) -> {
            for (OptionSpec o : cli.getCommandSpec().options()) {
                // Several strings are several lines: picocli wraps each on its own, mid-sentence.
                assertThat(o.description()).as(name + " " + o.longestName()).hasSizeLessThanOrEqualTo(1);
            }
            for (String paragraph : cli.getCommandSpec().usageMessage().description()) {
                assertThat(paragraph).as(name).matches("(?s).*[.:)](%n)?$");
            }
        });
    }

    @Test
    void each_summary_fits_its_row_of_the_command_list() {
        commands().forEach((name, cli) -> {
            if (!cli.getSubcommands().isEmpty()) {
                String list = cli.getHelp().commandList();
                assertThat(list.split("\\R")).as(name + ":\n" + list).hasSize(cli.getSubcommands().size());
            }
        });
    }

    @Test
    void the_top_level_help_lists_every_subcommand_the_launcher_accepts() throws IOException {
        List<String> accepted = new ArrayList<>(LAUNCHER_SUBCOMMANDS);
        // The subcommands the script handles itself, without the JVM.
        Matcher m = Pattern.compile("\"\\$\\{1:-}\" == \"([a-z]+)\"").matcher(Files.readString(LAUNCHER));
        while (m.find()) {
            accepted.add(m.group(1));
        }
        assertThat(accepted).contains("test", "reliability", "spark");
        String commandList = Main.commandLine().getHelp().commandList();
        for (String sub : accepted) {
            assertThat(commandList).as(sub).containsPattern("(?m)^  " + sub + " ");
        }
    }

    @Test
    void the_launchers_own_help_texts_fit_the_usage_width() throws IOException {
        int width = Main.commandLine().getCommandSpec().usageMessage().width();
        List<String> lines = Files.readAllLines(LAUNCHER);
        int texts = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("<<'HELP'")) {
                texts++;
                for (int j = i + 1; !lines.get(j).equals("HELP"); j++) {
                    assertThat(lines.get(j).length()).as(lines.get(j)).isLessThanOrEqualTo(width);
                }
            }
        }
        assertThat(texts).isEqualTo(2);
    }

    @Test
    void launcher_only_commands_run_here_name_the_launcher() {
        CliRun cli = new CliRun();
        assertThat(cli.run("reliability")).isEqualTo(1);
        assertThat(cli.err.toString()).contains("run by the ./txmatch launcher script");
    }
}
