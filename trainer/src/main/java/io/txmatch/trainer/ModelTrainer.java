package io.txmatch.trainer;

import io.txmatch.model.BundleManifest;
import io.txmatch.model.Encoder;
import io.txmatch.model.EncoderSpec;
import io.txmatch.model.ModelBundle;
import io.txmatch.model.TextNormaliser;
import io.txmatch.model.TrainingRecord;
import io.txmatch.trainer.data.DescriptorGenerator;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.data.Merchant;
import io.txmatch.trainer.data.MerchantSource;
import io.txmatch.trainer.data.MerchantSplit;
import io.txmatch.trainer.data.UserData;
import io.txmatch.trainer.eval.OneShotEval;
import io.txmatch.trainer.graph.EncoderGraph;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Trains a model and returns its {@link ModelBundle}: the orchestrator over the parts. It assembles the training
 * merchants (generated chains and locals, NSI brands, real names, a user's file), hands a {@link PkBatchSampler} and
 * a validation evaluator ({@link EmbeddingEvaluator}) to {@link EncoderTraining} (the char-CNN encoder, loop and early
 * stopping), trains the hashing layer with {@link HasherTraining} on embeddings of the serving path, and records
 * everything in the manifest ({@link TrainingRecord}). Everything random is drawn from the options' seed. Texts are
 * normalised with {@link TextNormaliser#LATEST}, and the bundle records that version.
 *
 * <pre>{@code
 * ModelTrainer.Result r = new ModelTrainer().train(ModelTrainer.Options.defaults(), TrainingListener.NONE);
 * r.bundle().write(Path.of("models/default.txmb"));
 * }</pre>
 */
public final class ModelTrainer {
    /**
     * Training options.
     *
     * @param seed                 seed of data, split, initial weights and noise
     * @param localMerchants       generated local businesses besides the chains
     * @param steps                most encoder steps (early stopping may end sooner)
     * @param merchantsPerBatch    P: merchants per batch
     * @param examplesPerMerchant  K: descriptors per merchant per batch (at least 2)
     * @param learningRate         Adam learning rate of the encoder
     * @param margin               triplet margin on squared distance
     * @param evalEvery            steps between validation checks
     * @param patience             validation checks without improvement before stopping
     * @param spec                 encoder shape; its alphabet holds every character of {@link TextNormaliser#LATEST}'s
     *                             ({@link EncoderSpec#defaults()} does)
     * @param hasherSteps          autoencoder steps
     * @param noiseSigma           final standard deviation of the bottleneck noise
     * @param heldOutFamilies      template families never used in training
     * @param nsiBrands            name-suggestion-index brands added to the TRAINING merchants only (0: none;
     *                             {@link Integer#MAX_VALUE}: all); validation and test stay chains and locals
     * @param excludedNames        merchant names kept out of training whatever their source (for example the brands
     *                             of a real evaluation set), compared as upper-case letters and digits
     * @param hardNegatives        share of each batch's generated merchants whose last example is drawn in one
     *                             shared wrapper context (same wrapper, city, store-number shape), 0..1
     * @param loss                 the metric-learning loss
     * @param realNames            real merchant-name strings (such as a bank feed's unlabelled card-acceptor names)
     *                             added to the TRAINING merchants, each its own merchant rendered by the generator;
     *                             empty: none
     */
    public record Options(long seed, int localMerchants, int steps, int merchantsPerBatch, int examplesPerMerchant,
                          double learningRate, double margin, int evalEvery, int patience, EncoderSpec spec,
                          int hasherSteps, double noiseSigma, Set<Family> heldOutFamilies, int nsiBrands,
                          Set<String> excludedNames, double hardNegatives, EncoderLoss loss, List<String> realNames) {
        public Options {
            realNames = List.copyOf(realNames);
            heldOutFamilies = heldOutFamilies.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(heldOutFamilies));
            excludedNames = excludedNames.stream().map(DescriptorGenerator::nameKey).collect(java.util.stream.Collectors.toUnmodifiableSet());
            if (nsiBrands < 0 || !(hardNegatives >= 0 && hardNegatives <= 1)) {
                throw new IllegalArgumentException("nsiBrands must be >= 0 and hardNegatives in 0..1");
            }
            if (examplesPerMerchant < 2 || merchantsPerBatch < 2 || steps < 1 || evalEvery < 1 || hasherSteps < 1) {
                throw new IllegalArgumentException("need K >= 2, P >= 2 and at least one step");
            }
            for (char c : NORMALISER.alphabet().toCharArray()) {
                if (spec.alphabet().indexOf(c) < 0) {
                    throw new IllegalArgumentException("the spec's alphabet lacks '" + c + "', which normaliser version "
                            + NORMALISER.version() + " writes");
                }
            }
            if (heldOutFamilies.size() >= Family.values().length) {
                throw new IllegalArgumentException("every template family is held out: nothing left to train on");
            }
        }

        /** Defaults of the bundled model. */
        public static Options defaults() {
            return new Options(42, 3000, 2000, 64, 2, 1e-3, 0.5, 100, 4, EncoderSpec.defaults(), 1500, 2.0,
                    EnumSet.of(Family.ACH, Family.BILL_PAY, Family.VISA_DDA), Integer.MAX_VALUE, Set.of(), 0.25, EncoderLoss.INFONCE,
                    List.of());
        }

        /** Families training draws from. */
        public List<Family> trainFamilies() {
            List<Family> out = new ArrayList<>();
            for (Family f : Family.values()) {
                if (!heldOutFamilies.contains(f)) {
                    out.add(f);
                }
            }
            return out;
        }
    }

    /**
     * What training produced.
     *
     * @param bundle       the model
     * @param lossCurve    (step, batch loss) of the encoder, sampled
     * @param validation   (step, validation top-1) of the encoder
     * @param hasherCurve  (step, reconstruction loss) of the autoencoder, sampled
     */
    public record Result(ModelBundle bundle, List<double[]> lossCurve, List<double[]> validation,
                         List<double[]> hasherCurve) {
    }

    /**
     * A user's labelled descriptors to train on.
     *
     * @param data    split by merchant (see {@link UserData})
     * @param replace train on them alone; otherwise half of each batch's merchants come from them
     * @param source  where they came from, for the manifest
     */
    public record UserTraining(UserData data, boolean replace, String source) {
    }

    /** The normaliser training and evaluation apply, recorded in every bundle written. */
    private static final TextNormaliser NORMALISER = TextNormaliser.LATEST;
    /** Batches whose texts feed the data hash. */
    private static final int HASHED_BATCHES = 50;
    /** Descriptors the hashing layer is trained on. */
    private static final int HASHER_TEXTS = 12000;
    /** Points kept of each training curve in the manifest. */
    private static final int CURVE_POINTS = 200;

    private final DescriptorGenerator generator = new DescriptorGenerator();

    /** Training merchants and what was added to the generated ones. */
    private record Merchants(MerchantSplit split, int nsiAdded, int realAdded) {
    }

    /** Trains encoder and hasher on generated data. */
    public Result train(Options o, TrainingListener listener) {
        return train(o, null, listener);
    }

    /** Trains encoder and hasher on generated data, a user's data, or both. */
    public Result train(Options o, UserTraining user, TrainingListener listener) {
        if (user != null && user.data().trainMerchants() < 2) {
            throw new IllegalArgumentException(user.source() + ": fewer than two training merchants with two or more"
                    + " descriptors each; nothing to learn similarity from");
        }
        EncoderSpec spec = o.spec();
        Random rng = new Random(o.seed());
        List<Merchant> generated = generator.merchants(o.seed(), o.localMerchants());
        Merchants merchants = merchants(o, generated);
        MerchantSplit split = merchants.split();
        List<Family> families = o.trainFamilies();
        listener.log("merchants: " + split.train().size() + " train (" + merchants.nsiAdded() + " NSI brands, "
                + merchants.realAdded() + " real names), " + split.validation().size() + " validation, "
                + split.test().size() + " test; families: " + families.size() + " train, held out " + o.heldOutFamilies());
        EncoderTraining encoderTraining = new EncoderTraining(new EncoderTraining.Settings(spec, NORMALISER, o.loss(),
                o.margin(), o.learningRate(), o.steps(), o.evalEvery(), o.patience()), rng);
        ValidationSet validation = validation(o, user, split, families);
        if (user != null) {
            listener.log(user.source() + ": " + user.data().descriptors() + " descriptors, " + user.data().trainMerchants()
                    + " training merchants, " + (user.replace() ? "replacing" : "mixed with") + " generated data");
        }
        MessageDigest digest = dataDigest(generated, user);
        PkBatchSampler sampler = new PkBatchSampler(generator, split.train(), families, user == null ? null : user.data(),
                user != null && user.replace(), o.merchantsPerBatch(), o.examplesPerMerchant(), o.hardNegatives());
        EncoderTraining.Result encoder = encoderTraining.run(hashingFirst(sampler, rng, digest), validation, listener);

        // The hasher is trained on embeddings computed by the serving path itself.
        Map<String, ModelBundle.Tensor> tensors = new LinkedHashMap<>(encoder.weights());
        Random hashRng = new Random(o.seed() + 2);
        // A placeholder layer, so the serving Encoder loads; its draws keep hashRng's sequence as it has always been.
        tensors.put("hash_W", EncoderGraph.tensor(EncoderGraph.initial("hash_W", new long[] {spec.embeddingDim(), spec.bits()}, hashRng)));
        tensors.put("hash_b", new ModelBundle.Tensor(new long[] {spec.bits()}, new float[spec.bits()]));
        String dataHash = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        float[][] embeddings = encoder(o, dataHash, training(o, encoder.steps(), merchants, user, null), Map.of(), tensors)
                .encode(hasherTexts(split, families, user, hashRng)).embeddings();
        HasherTraining.Result hasher = HasherTraining.train(embeddings, spec.bits(), o.hasherSteps(), o.noiseSigma(),
                o.seed() + 3, listener);
        tensors.putAll(hasher.tensors());

        // Training curves travel in the manifest, for the eval report's plots (a few hundred points).
        TrainingRecord training = training(o, encoder.steps(), merchants, user, new TrainingRecord.Curves(
                thin(encoder.lossCurve(), CURVE_POINTS), thin(encoder.validation(), CURVE_POINTS), thin(hasher.curve(), CURVE_POINTS)));
        Map<String, Double> metrics = new LinkedHashMap<>(hasher.stats());
        metrics.put("val_top1_float", encoder.bestScore());
        metrics.put("val_top1_hamming", validation.top1Hamming(encoder(o, dataHash, training, metrics, tensors)));
        return new Result(new ModelBundle(manifest(o, dataHash, training, metrics), tensors), encoder.lossCurve(),
                encoder.validation(), hasher.curve());
    }

    /** Generated training merchants less the excluded names, plus NSI brands and real names; validation and test as generated. */
    private Merchants merchants(Options o, List<Merchant> generated) {
        MerchantSplit base = MerchantSplit.of(generated, o.seed());
        // NSI brands join the training merchants only, so validation and the synthetic test split stay as they were.
        List<Merchant> trainPool = new ArrayList<>();
        for (Merchant m : base.train()) {
            if (!excluded(m, o.excludedNames())) {
                trainPool.add(m);
            }
        }
        int nsiAdded = 0;
        int realAdded = 0;
        if (o.nsiBrands() > 0 || !o.realNames().isEmpty()) {
            for (Merchant m : generator.merchants(o.seed(), MerchantSource.chainsAndLocals(o.localMerchants())
                    .withNsi(o.nsiBrands(), Set.of()).withNames(o.realNames()))) {
                boolean nsi = m.id().startsWith("n");
                if ((nsi || m.id().startsWith("r")) && !excluded(m, o.excludedNames())) {
                    trainPool.add(m);
                    if (nsi) {
                        nsiAdded++;
                    } else {
                        realAdded++;
                    }
                }
            }
        }
        return new Merchants(new MerchantSplit(List.copyOf(trainPool), base.validation(), base.test()), nsiAdded, realAdded);
    }

    /** One-shot validation on the user's validation merchants when replacing, on the generated ones otherwise. */
    private static ValidationSet validation(Options o, UserTraining user, MerchantSplit split, List<Family> families) {
        if (user != null && user.replace()) {
            if (user.data().validation().isEmpty()) {
                throw new IllegalArgumentException(user.source() + ": no validation merchants (10% of merchants are held"
                        + " for validation); give more merchants");
            }
            return ValidationSet.of(OneShotEval.protocol("validation", user.data().validation(), 2, o.seed() + 1));
        }
        return ValidationSet.of(split.validation(), families, o.seed() + 1);
    }

    /** The data hash so far: generated merchants and the user's file; the first batches are added as they are drawn. */
    private static MessageDigest dataDigest(List<Merchant> merchants, UserTraining user) {
        MessageDigest digest = sha256();
        for (Merchant m : merchants) {
            digest.update((m.id() + "|" + m.aliases() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (user != null) {
            digest.update((user.data().sha256() + (user.replace() ? "|replace" : "|mix")).getBytes(StandardCharsets.UTF_8));
        }
        return digest;
    }

    /** Batches of {@code sampler}, the texts of the first {@link #HASHED_BATCHES} fed to {@code digest}. */
    private static Supplier<PkBatchSampler.Batch> hashingFirst(PkBatchSampler sampler, Random rng, MessageDigest digest) {
        int[] drawn = {0};
        return () -> {
            PkBatchSampler.Batch batch = sampler.next(rng);
            if (drawn[0]++ < HASHED_BATCHES) {
                for (String t : batch.texts()) {
                    digest.update(t.getBytes(StandardCharsets.UTF_8));
                }
            }
            return batch;
        };
    }

    /** Descriptors the hasher is fitted on: generated training merchants, half the user's when mixing, all when replacing. */
    private List<String> hasherTexts(MerchantSplit split, List<Family> families, UserTraining user, Random hashRng) {
        List<String> texts = new ArrayList<>();
        boolean generated = user == null || !user.replace();
        for (int i = 0; i < HASHER_TEXTS; i++) {
            if (generated && (user == null || i % 2 == 0)) {
                Merchant m = split.train().get(hashRng.nextInt(split.train().size()));
                texts.add(generator.sample(m, families, hashRng).text());
            } else {
                texts.add(user.data().sample(hashRng.nextInt(user.data().trainMerchants()), 1, hashRng).get(0));
            }
        }
        return texts;
    }

    /** The manifest's training record; {@code curves} null before they exist. */
    private static TrainingRecord training(Options o, int encoderSteps, Merchants merchants, UserTraining user,
                                           TrainingRecord.Curves curves) {
        TrainingRecord.UserData userRecord = user == null ? null : new TrainingRecord.UserData(user.source(),
                user.data().sha256(), user.data().descriptors(), user.replace() ? "replace" : "mix", user.data().trainMerchants(),
                "by merchant, 80/10/10 train/validation/test, seed " + o.seed());
        return new TrainingRecord(encoderSteps, o.merchantsPerBatch() + "x" + o.examplesPerMerchant(), o.loss().describe(o.margin()),
                o.learningRate(), o.localMerchants(), merchants.nsiAdded(), merchants.realAdded(), o.excludedNames().size(),
                o.hardNegatives(), o.heldOutFamilies().stream().map(Family::id).sorted().toList(), o.hasherSteps(), o.noiseSigma(),
                userRecord, curves, Map.of());
    }

    private static BundleManifest manifest(Options o, String dataHash, TrainingRecord training, Map<String, Double> metrics) {
        return new BundleManifest(BundleManifest.CHARCNN_V1, NORMALISER.version(), o.spec(), o.seed(), dataHash,
                Instant.now().toString(), training, metrics);
    }

    /** The serving encoder of tensors trained so far. */
    private static Encoder encoder(Options o, String dataHash, TrainingRecord training, Map<String, Double> metrics,
                                   Map<String, ModelBundle.Tensor> tensors) {
        try {
            return Encoder.of(new ModelBundle(manifest(o, dataHash, training, metrics), tensors));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** At most {@code max} points of a curve, evenly spaced, the last one kept. */
    static List<TrainingRecord.Point> thin(List<double[]> curve, int max) {
        List<TrainingRecord.Point> out = new ArrayList<>();
        int n = curve.size();
        for (int i = 0; i < n; i++) {
            if (n <= max || i % (int) Math.ceil(n / (double) max) == 0 || i == n - 1) {
                double[] p = curve.get(i);
                out.add(new TrainingRecord.Point(p[0], p[1]));
            }
        }
        return out;
    }

    /** Whether the merchant's name or one of its aliases is among {@code names} (name keys). */
    static boolean excluded(Merchant m, Set<String> names) {
        if (names.contains(DescriptorGenerator.nameKey(m.name()))) {
            return true;
        }
        for (String alias : m.aliases()) {
            if (names.contains(DescriptorGenerator.nameKey(alias))) {
                return true;
            }
        }
        return false;
    }
}
