package io.txmatch.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txmatch.model.Encoder;
import io.txmatch.model.EncoderSpec;
import io.txmatch.model.ModelBundle;
import io.txmatch.model.TextNormaliser;
import io.txmatch.model.TrainingRecord;
import io.txmatch.trainer.data.DescriptorGenerator;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.data.Labelled;
import io.txmatch.trainer.data.LabelledFile;
import io.txmatch.trainer.data.Merchant;
import io.txmatch.trainer.data.UserData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real, small DL4J training run: the encoder must learn, and the bundle must serve what was trained. */
class ModelTrainerTest {
    @TempDir
    Path dir;

    @Test
    void a_short_training_run_learns_and_writes_a_loadable_bundle() throws Exception {
        EncoderSpec spec = new EncoderSpec(TextNormaliser.LATEST.alphabet(), 48, List.of(3), 48, 512, 32, 48, 32);
        ModelTrainer.Options o = new ModelTrainer.Options(7, 600, 90, 32, 2, 2e-3, 0.5, 30, 10, spec, 150, 2.0,
                EnumSet.of(Family.ACH), 300, java.util.Set.of("Tesco"), 0.25, EncoderLoss.BATCH_HARD_TRIPLET, List.of());
        ModelTrainer.Result r = new ModelTrainer().train(o, TrainingListener.NONE);

        // Validation (merchants never trained on, one example each, ~60 of them) must clearly beat the
        // untrained encoder at step 0, whose random trigram projection is already a weak lexical matcher
        // (about 0.21 here; a 90-step run reaches about 0.40 on the generator's branch and web forms).
        double untrained = r.validation().get(0)[1];
        assertThat(r.validation().get(0)[0]).isZero();
        double bestVal = r.validation().stream().mapToDouble(p -> p[1]).max().orElseThrow();
        assertThat(bestVal).as("validation curve %s", r.validation().stream().map(p -> p[0] + ":" + p[1]).toList())
                .isGreaterThan(untrained + 0.15);
        double first = r.lossCurve().get(0)[1];
        double last = r.lossCurve().get(r.lossCurve().size() - 1)[1];
        assertThat(last).as("loss curve %s", r.lossCurve().stream().map(p -> p[0] + ":" + p[1]).toList()).isLessThan(first);
        assertThat(r.bundle().manifest().metrics()).containsKeys("val_top1_float", "val_top1_hamming", "bits_near_binary",
                "bits_constant", "bit_balance_min", "bit_balance_max");
        assertThat(r.bundle().manifest().metrics().get("val_top1_float")).isEqualTo(bestVal);
        assertThat(r.bundle().manifest().metrics().get("val_top1_hamming")).as("metrics %s", r.bundle().manifest().metrics())
                .isGreaterThan(0.1);

        Path p = dir.resolve("small.txmb");
        r.bundle().write(p);
        Encoder e = Encoder.load(p);
        assertThat(e.bits()).isEqualTo(32);
        assertThat(e.manifest().normaliserVersion()).isEqualTo(TextNormaliser.LATEST.version());
        assertThat(e.normaliser()).isSameAs(TextNormaliser.LATEST);
        Encoder.Encoded enc = e.encode(List.of("CHECKCARD 0615 OUTBACK 0310 TEMPE AZ", "POS PURCHASE OUTBACK STEAKHOUSE TEMPE AZ",
                "NETFLIX.COM CA"));
        assertThat(Encoder.cosine(enc.embeddings()[0], enc.embeddings()[1]))
                .isGreaterThan(Encoder.cosine(enc.embeddings()[0], enc.embeddings()[2]));
        TrainingRecord training = ModelBundle.read(p).manifest().training();
        assertThat(training).isEqualTo(r.bundle().manifest().training());
        assertThat(training.heldOutFamilies()).containsExactly("ach");
        assertThat((double) training.encoderSteps()).isEqualTo(r.validation().get(r.validation().size() - 1)[0]);
        assertThat(training.batch()).isEqualTo("32x2");
        assertThat(training.localMerchants()).isEqualTo(600);
        assertThat(training.nsiBrands()).isPositive();
        assertThat(training.realNames()).isZero();
        assertThat(training.excludedNames()).isEqualTo(1);
        assertThat(training.hardNegatives()).isEqualTo(0.25);
        assertThat(training.hasherSteps()).isEqualTo(150);
        assertThat(training.userData()).isNull();
        assertThat(training.other()).isEmpty();
        assertThat(training.curves().validationTop1()).hasSize(r.validation().size());
        assertThat(training.curves().encoderLoss()).isNotEmpty();
        assertThat(training.curves().hasherLoss()).isNotEmpty();

        // The evaluation report on this bundle: every method's row, the width sweep, plots and Markdown.
        EvalRun.Settings settings = new EvalRun.Settings(7, 600, EnumSet.of(Family.ACH), 2, List.of(32, 40), 60, 2.0);
        StringWriter log = new StringWriter();
        EvalRun.Outcome out = EvalRun.run(e, settings, new PrintWriter(log));
        assertThat(out.rows()).extracting(EvalRun.Row::name).containsExactly("seen-formats", "heldout");
        assertThat(out.focus().name()).isEqualTo("heldout");
        assertThat(out.bundle()).isEqualTo(e.manifest());
        assertThat(out.histogram()).hasDimensions(2, 33);
        assertThat(dir.resolve("report")).doesNotExist();
        Path md = EvalReportWriter.write(out, dir.resolve("report"));
        assertThat(md).isEqualTo(dir.resolve("report/report.md"));
        assertThat(out.rows().get(1).top1()).containsOnlyKeys("tfidf_top1", "float_top1", "hamming_top1", "rerank_top1",
                "itq_top1", "simhash_top1", "lexical_top1", "served_top1", "tfidf_top5", "rerank_top5", "served_top5", "served_recall");
        assertThat(out.rows().get(1).line()).matches("eval heldout: tfidf_top1=0\\.\\d{4} float_top1=.* simhash_top1=0\\.\\d{4}"
                + " lexical_top1=.* served_recall=[01]\\.\\d{4} queries=\\d+");
        assertThat(out.sweep()).containsOnlyKeys(32, 40);
        assertThat(out.sweep().get(40)).containsOnlyKeys("learned", "itq", "simhash");
        for (String f : new String[] {"report.md", "top1_vs_bits.png", "hamming_hist.png", "training_curves.png",
                "hasher_curve.png"}) {
            assertThat(dir.resolve("report").resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(Files.readString(dir.resolve("report/report.md"))).contains("synthetic", "| heldout |", "tfidf");

        // The same protocol on a user's file.
        Path data = dir.resolve("mine.ndjson");
        Files.writeString(data, String.join("\n",
                "{\"text\": \"CHECKCARD 0615 OUTBACK 0310 TEMPE AZ\", \"merchant\": \"outback\"}",
                "{\"text\": \"POS PURCHASE OUTBACK STEAKHOUSE TEMPE AZ\", \"merchant\": \"outback\"}",
                "{\"text\": \"NETFLIX.COM CA\", \"merchant\": \"netflix\"}",
                "{\"text\": \"RECURRING PAYMENT NETFLIX.COM 866-579-7172 CA\", \"merchant\": \"netflix\"}",
                "{\"text\": \"WM SUPERCENTER #2447 TEMPE AZ\", \"merchant\": \"walmart\"}"));
        EvalRun.Outcome mine = EvalRun.runOnData(e, LabelledFile.read(data), "mine.ndjson",
                new EvalRun.Settings(7, 600, EnumSet.of(Family.ACH), 2, List.of(), 60, 2.0), new PrintWriter(log));
        assertThat(mine.enrolled()).isEqualTo(3);
        assertThat(mine.rows()).singleElement().satisfies(row -> {
            assertThat(row.name()).isEqualTo("data");
            assertThat(row.queries()).isEqualTo(2);
        });
    }

    @Test
    void a_spec_whose_alphabet_lacks_the_latest_normalisers_characters_is_refused() {
        EncoderSpec v1 = new EncoderSpec(TextNormaliser.ALPHABET_V1, 32, List.of(3), 32, 256, 32, 32, 32);
        assertThatThrownBy(() -> new ModelTrainer.Options(7, 100, 40, 16, 2, 2e-3, 0.5, 20, 10, v1, 40, 2.0,
                EnumSet.of(Family.ACH), 0, java.util.Set.of(), 0, EncoderLoss.BATCH_HARD_TRIPLET, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lacks '%'").hasMessageContaining("version " + TextNormaliser.LATEST.version());
        assertThat(ModelTrainer.Options.defaults().spec().alphabet()).isEqualTo(TextNormaliser.LATEST.alphabet());
    }

    @Test
    void training_on_a_users_data_alone_validates_on_their_merchants_and_records_the_file() {
        List<Labelled> data = new ArrayList<>();
        DescriptorGenerator gen = new DescriptorGenerator();
        Random r = new Random(3);
        for (Merchant m : gen.merchants(3, 300)) {
            for (int i = 0; i < 3; i++) {
                data.add(new Labelled(gen.sample(m, List.of(Family.values()), r).text(), m.name(), "user"));
            }
        }
        EncoderSpec spec = new EncoderSpec(TextNormaliser.LATEST.alphabet(), 32, List.of(3), 32, 256, 32, 32, 32);
        ModelTrainer.Options o = new ModelTrainer.Options(7, 100, 40, 16, 2, 2e-3, 0.5, 20, 10, spec, 40, 2.0,
                EnumSet.of(Family.ACH), 0, java.util.Set.of(), 0, EncoderLoss.BATCH_HARD_TRIPLET, List.of());
        UserData user = UserData.of(data, 7);
        ModelTrainer.Result res = new ModelTrainer().train(o, new ModelTrainer.UserTraining(user, true, "mine.csv"),
                TrainingListener.NONE);
        TrainingRecord.UserData u = res.bundle().manifest().training().userData();
        assertThat(u.sha256()).isEqualTo(user.sha256());
        assertThat(u.mode()).isEqualTo("replace");
        assertThat(u.source()).isEqualTo("mine.csv");
        assertThat(u.descriptors()).isEqualTo(user.descriptors());
        assertThat(u.trainMerchants()).isEqualTo(user.trainMerchants());
        assertThat(res.validation()).hasSizeGreaterThan(1);
    }
}
