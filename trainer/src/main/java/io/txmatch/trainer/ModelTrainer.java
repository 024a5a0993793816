package io.txmatch.trainer;

import io.txmatch.trainer.data.UserData;
import io.txmatch.trainer.eval.BinaryProjection;
import io.txmatch.trainer.eval.OneShotEval;

import io.txmatch.model.BundleManifest;
import io.txmatch.model.Encoder;
import io.txmatch.model.EncoderSpec;
import io.txmatch.model.ModelBundle;
import io.txmatch.model.TextNormaliser;
import io.txmatch.model.TrainingRecord;
import io.txmatch.trainer.data.DescriptorGenerator;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.data.Merchant;
import io.txmatch.trainer.data.MerchantSplit;
import io.txmatch.trainer.graph.EncoderGraph;
import io.txmatch.trainer.graph.GraphEncoder;
import io.txmatch.trainer.graph.GraphFeatures;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Trains the char-CNN encoder with batch-hard triplet loss on P x K batches, then the semantic-hashing
 * autoencoder (noisy sigmoid bottleneck, Salakhutdinov and Hinton) on its embeddings, and returns a
 * {@link ModelBundle}. Everything random is drawn from the options' seed. Texts are normalised with
 * {@link TextNormaliser#LATEST}, and the bundle records that version.
 *
 * <pre>{@code
 * ModelTrainer.Result r = new ModelTrainer().train(ModelTrainer.Options.defaults(), ModelTrainer.Listener.NONE);
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
                          Set<String> excludedNames, double hardNegatives, Loss loss, List<String> realNames) {
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
                    EnumSet.of(Family.ACH, Family.BILL_PAY, Family.VISA_DDA), Integer.MAX_VALUE, Set.of(), 0.25, Loss.INFONCE,
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

    /** The encoder's training loss; {@link #id()} is what the CLI and the manifest say. */
    public enum Loss {
        /**
         * Batch-hard triplet (Hermans, Beyer and Leibe 2017): per anchor, the farthest positive against the nearest
         * negative, margin on squared distance. Needs K >= 2 per merchant.
         */
        BATCH_HARD_TRIPLET("triplet"),
        /**
         * In-batch negatives, InfoNCE / multi-positive supervised contrastive (Oord et al. 2018; Khosla et al. 2020):
         * per anchor, -log of the softmax mass of its positives among every other text of the batch, cosines
         * divided by a temperature of {@link #TEMPERATURE}. Every negative of the batch contributes, not only the hardest.
         */
        INFONCE("infonce");

        /** Softmax temperature of {@link #INFONCE}. */
        public static final double TEMPERATURE = 0.05;
        private final String id;

        Loss(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** The loss named {@code id}. */
        public static Loss of(String id) {
            for (Loss l : values()) {
                if (l.id.equalsIgnoreCase(id.trim())) {
                    return l;
                }
            }
            throw new IllegalArgumentException("unknown loss '" + id + "'; known: triplet, infonce");
        }
    }

    /** Receives progress; called from the training thread. */
    public interface Listener {
        /** Ignores everything. */
        Listener NONE = new Listener() {
        };

        default void phase(String name, int totalSteps) {
        }

        default void step(int done, double loss, String message) {
        }

        default void log(String line) {
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

    /** The normaliser training and evaluation apply, recorded in every bundle written. */
    private static final TextNormaliser NORMALISER = TextNormaliser.LATEST;

    private final DescriptorGenerator generator = new DescriptorGenerator();

    /**
     * A user's labelled descriptors to train on.
     *
     * @param data    split by merchant (see {@link UserData})
     * @param replace train on them alone; otherwise half of each batch's merchants come from them
     * @param source  where they came from, for the manifest
     */
    public record UserTraining(UserData data, boolean replace, String source) {
    }

    /** Trains encoder and hasher on generated data. */
    public Result train(Options o, Listener listener) {
        return train(o, null, listener);
    }

    /** Trains encoder and hasher on generated data, a user's data, or both. */
    public Result train(Options o, UserTraining user, Listener listener) {
        if (user != null && user.data().trainMerchants() < 2) {
            throw new IllegalArgumentException(user.source() + ": fewer than two training merchants with two or more"
                    + " descriptors each; nothing to learn similarity from");
        }
        EncoderSpec spec = o.spec();
        Random rng = new Random(o.seed());
        List<Merchant> merchants = generator.merchants(o.seed(), o.localMerchants());
        MerchantSplit base = MerchantSplit.of(merchants, o.seed());
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
            for (Merchant m : generator.merchants(o.seed(), io.txmatch.trainer.data.MerchantSource.chainsAndLocals(o.localMerchants())
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
        MerchantSplit split = new MerchantSplit(List.copyOf(trainPool), base.validation(), base.test());
        List<Family> families = o.trainFamilies();
        listener.log("merchants: " + split.train().size() + " train (" + nsiAdded + " NSI brands, " + realAdded + " real names), " + split.validation().size() + " validation, "
                + split.test().size() + " test; families: " + families.size() + " train, held out " + o.heldOutFamilies());

        GraphFeatures featurizer = new GraphFeatures(spec);
        SameDiff sd = SameDiff.create();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        EncoderGraph.Params init = (g, name, shape) -> {
            shapes.put(name, shape);
            return g.var(name, initial(name, shape, rng));
        };
        SDVariable emb = EncoderGraph.embedding(sd, spec, init);
        SDVariable posMask = sd.placeHolder("posMask", DataType.FLOAT, -1, -1);
        SDVariable negMask = sd.placeHolder("negMask", DataType.FLOAT, -1, -1);
        SDVariable sim = emb.mmul(emb.permute(1, 0));
        SDVariable loss;
        if (o.loss() == Loss.BATCH_HARD_TRIPLET) {
            // Batch-hard triplet on unit vectors: squared distance = 2 - 2 cos.
            SDVariable hardPos = sim.add(posMask.rsub(1.0).mul(4.0)).min(1);
            SDVariable hardNeg = sim.sub(negMask.rsub(1.0).mul(4.0)).max(1);
            loss = sd.nn().relu(hardNeg.sub(hardPos).mul(2.0).add(o.margin()), 0).mean("loss");
        } else {
            // InfoNCE with every positive: log-sum-exp over the others minus log-sum-exp over the positives, each
            // computed stably as max + log(sum(exp(x - max))); masked entries are pushed 1e4 below.
            SDVariable logits = sim.div(Loss.TEMPERATURE);
            SDVariable others = logits.add(posMask.add(negMask).rsub(1.0).mul(-1e4));
            SDVariable positives = logits.add(posMask.rsub(1.0).mul(-1e4));
            loss = logSumExp(sd, others).sub(logSumExp(sd, positives)).mean("loss");
        }
        sd.setLossVariables(loss);
        List<String> featureNames = featurizer.inputNames();
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(o.learningRate()))
                .dataSetFeatureMapping(featureNames).dataSetLabelMapping("posMask", "negMask").build());

        ValidationSet val;
        if (user != null && user.replace()) {
            if (user.data().validation().isEmpty()) {
                throw new IllegalArgumentException(user.source() + ": no validation merchants (10% of merchants are held"
                        + " for validation); give more merchants");
            }
            val = ValidationSet.of(OneShotEval.protocol("validation", user.data().validation(), 2, o.seed() + 1));
        } else {
            val = ValidationSet.of(split.validation(), families, o.seed() + 1);
        }
        if (user != null) {
            listener.log(user.source() + ": " + user.data().descriptors() + " descriptors, " + user.data().trainMerchants()
                    + " training merchants, " + (user.replace() ? "replacing" : "mixed with") + " generated data");
        }
        List<double[]> lossCurve = new ArrayList<>();
        List<double[]> validation = new ArrayList<>();
        Map<String, INDArray> best = snapshot(sd, shapes);
        double bestTop1 = -1;
        int sinceBest = 0;
        MessageDigest digest = sha256();
        for (Merchant m : merchants) {
            digest.update((m.id() + "|" + m.aliases() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (user != null) {
            digest.update((user.data().sha256() + (user.replace() ? "|replace" : "|mix")).getBytes(StandardCharsets.UTF_8));
        }

        double untrained = val.top1(texts -> embed(sd, featurizer, texts));
        validation.add(new double[] {0, untrained});
        bestTop1 = untrained; // "best" starts as the untrained weights snapshotted above
        listener.log(String.format("step 0: validation one-shot top-1 %.4f (untrained)", untrained));
        listener.phase("encoder", o.steps());
        int step = 0;
        while (step < o.steps()) {
            Batch batch = batch(split.train(), families, user, o.merchantsPerBatch(), o.examplesPerMerchant(), o.hardNegatives(), rng);
            if (step < 50) {
                for (String t : batch.texts) {
                    digest.update(t.getBytes(StandardCharsets.UTF_8));
                }
            }
            Map<String, INDArray> feats = featurizer.features(batch.normalised());
            INDArray[] in = new INDArray[featureNames.size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = feats.get(featureNames.get(i));
            }
            MultiDataSet mds = new MultiDataSet(in, new INDArray[] {batch.posMask, batch.negMask});
            if (step == 0) {
                quietly(() -> sd.fit(mds));
            } else {
                sd.fit(mds);
            }
            step++;
            double lossValue = Double.NaN;
            if (step % 10 == 0 || step == 1) {
                Map<String, INDArray> ph = new HashMap<>(feats);
                ph.put("posMask", batch.posMask);
                ph.put("negMask", batch.negMask);
                lossValue = sd.output(ph, "loss").get("loss").getDouble(0);
                lossCurve.add(new double[] {step, lossValue});
            }
            String msg = lossCurve.isEmpty() ? "" : String.format("loss %.4f best val %.3f", lossCurve.get(lossCurve.size() - 1)[1], bestTop1);
            listener.step(step, lossValue, msg);
            if (step % o.evalEvery() == 0 || step == o.steps()) {
                double top1 = val.top1(texts -> embed(sd, featurizer, texts));
                validation.add(new double[] {step, top1});
                listener.log(String.format("step %d: validation one-shot top-1 %.4f", step, top1));
                if (top1 > bestTop1) {
                    bestTop1 = top1;
                    best = snapshot(sd, shapes);
                    sinceBest = 0;
                } else if (++sinceBest >= o.patience()) {
                    listener.log("early stop at step " + step + " (best validation top-1 " + bestTop1 + ")");
                    break;
                }
            }
        }

        // The hasher is trained on embeddings computed by the serving path itself.
        Map<String, ModelBundle.Tensor> tensors = new LinkedHashMap<>();
        best.forEach((name, arr) -> tensors.put(name, tensor(arr)));
        Random hashRng = new Random(o.seed() + 2);
        tensors.put("hash_W", tensor(initial("hash_W", new long[] {spec.embeddingDim(), spec.bits()}, hashRng)));
        tensors.put("hash_b", tensor(Nd4j.zeros(DataType.FLOAT, spec.bits())));
        String dataHash = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        TrainingRecord.UserData userRecord = user == null ? null : new TrainingRecord.UserData(user.source(),
                user.data().sha256(), user.data().descriptors(), user.replace() ? "replace" : "mix", user.data().trainMerchants(),
                "by merchant, 80/10/10 train/validation/test, seed " + o.seed());
        int encoderSteps = step;
        int nsi = nsiAdded;
        int real = realAdded;
        Function<TrainingRecord.Curves, TrainingRecord> training = curves -> new TrainingRecord(encoderSteps,
                o.merchantsPerBatch() + "x" + o.examplesPerMerchant(),
                o.loss() == Loss.BATCH_HARD_TRIPLET ? "batch-hard triplet, margin " + o.margin() : "infonce, temperature " + Loss.TEMPERATURE,
                o.learningRate(), o.localMerchants(), nsi, real, o.excludedNames().size(), o.hardNegatives(),
                o.heldOutFamilies().stream().map(Family::id).sorted().toList(), o.hasherSteps(), o.noiseSigma(), userRecord, curves,
                Map.of());
        Encoder encoder;
        try {
            encoder = Encoder.of(new ModelBundle(new BundleManifest(BundleManifest.CHARCNN_V1, NORMALISER.version(), spec, o.seed(),
                    dataHash, Instant.now().toString(), training.apply(null), Map.of()), tensors));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> hashTexts = new ArrayList<>();
        boolean generated = user == null || !user.replace();
        for (int i = 0; i < 12000; i++) {
            if (generated && (user == null || i % 2 == 0)) {
                Merchant m = split.train().get(hashRng.nextInt(split.train().size()));
                hashTexts.add(generator.sample(m, families, hashRng).text());
            } else {
                hashTexts.add(user.data().sample(hashRng.nextInt(user.data().trainMerchants()), 1, hashRng).get(0));
            }
        }
        float[][] embeddings = encoder.encode(hashTexts).embeddings();
        HashTrainer.Trained hasher = HashTrainer.train(embeddings, spec.bits(), o.hasherSteps(), o.noiseSigma(), o.seed() + 3, listener);
        tensors.put("hash_W", tensor(hasher.weights()));
        tensors.put("hash_b", tensor(hasher.bias()));

        // Training curves travel in the manifest, for the eval report's plots (a few hundred points).
        TrainingRecord.Curves curves = new TrainingRecord.Curves(thin(lossCurve, 200), thin(validation, 200),
                thin(hasher.curve(), 200));
        Function<Map<String, Double>, BundleManifest> manifest = m -> new BundleManifest(BundleManifest.CHARCNN_V1,
                NORMALISER.version(), spec, o.seed(), dataHash, Instant.now().toString(), training.apply(curves), m);
        Map<String, Double> metrics = new LinkedHashMap<>(hasher.stats());
        metrics.put("val_top1_float", bestTop1);
        try {
            metrics.put("val_top1_hamming", val.top1Hamming(Encoder.of(new ModelBundle(manifest.apply(metrics), tensors))));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return new Result(new ModelBundle(manifest.apply(metrics), tensors), lossCurve, validation, hasher.curve());
    }

    /** Runs the encoder part of a training graph on raw texts. */
    private static float[][] embed(SameDiff sd, GraphFeatures featurizer, List<String> raw) {
        return GraphEncoder.embeddings(sd, featurizer, NORMALISER, raw);
    }

    private record Batch(List<String> texts, INDArray posMask, INDArray negMask) {
        List<String> normalised() {
            return texts.stream().map(NORMALISER::normalise).toList();
        }
    }

    /** P merchants times K descriptors; with user data, half the merchants (all, when replacing) are the user's. */
    private Batch batch(List<Merchant> pool, List<Family> families, UserTraining user, int p, int k, double hard, Random rng) {
        int fromUser = user == null ? 0 : Math.min(user.data().trainMerchants(), user.replace() ? p : p / 2);
        int fromGenerator = user != null && user.replace() ? 0 : p - fromUser;
        p = fromUser + fromGenerator;
        List<String> texts = new ArrayList<>(p * k);
        int n = p * k;
        float[] pos = new float[n * n];
        float[] neg = new float[n * n];
        List<Merchant> chosen = new ArrayList<>();
        for (int index : rng.ints(0, pool.size()).distinct().limit(fromGenerator).toArray()) {
            Merchant m = pool.get(index);
            chosen.add(m);
            for (int j = 0; j < k; j++) {
                texts.add(generator.sample(m, families, rng).text());
            }
        }
        // Hard negatives: the last example of the first merchants shares one wrapper context, so only the
        // merchant field tells them apart.
        int shared = (int) Math.round(hard * chosen.size());
        if (shared >= 2) {
            List<io.txmatch.trainer.data.Labelled> same = generator.sampleInOneContext(chosen.subList(0, shared), rng);
            for (int i = 0; i < shared; i++) {
                texts.set(i * k + k - 1, same.get(i).text());
            }
        }
        if (fromUser > 0) {
            for (int index : rng.ints(0, user.data().trainMerchants()).distinct().limit(fromUser).toArray()) {
                texts.addAll(user.data().sample(index, k, rng));
            }
        }
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                boolean same = a / k == b / k;
                pos[a * n + b] = same && a != b ? 1f : 0f;
                neg[a * n + b] = same ? 0f : 1f;
            }
        }
        return new Batch(texts, Nd4j.create(pos, new long[] {n, n}, 'c'), Nd4j.create(neg, new long[] {n, n}, 'c'));
    }

    /** Row-wise log-sum-exp, max-shifted so it neither overflows nor loses the gradient. */
    private static SDVariable logSumExp(SameDiff sd, SDVariable x) {
        SDVariable m = x.max(true, 1);
        return sd.math().log(sd.math().exp(x.sub(m)).sum(1)).add(m.reshape(-1));
    }

    /** Glorot-uniform weights with the fan-in of the non-zero inputs (one-hot rows have w of them); zero biases. */
    static INDArray initial(String name, long[] shape, Random rng) {
        if (shape.length == 1) {
            return Nd4j.zeros(DataType.FLOAT, shape);
        }
        double fanIn;
        if (name.startsWith("conv")) {
            fanIn = Integer.parseInt(name.substring(4, name.indexOf('_')));
        } else if (name.startsWith("ngram")) {
            fanIn = 1;
        } else {
            fanIn = shape[0];
        }
        double limit = Math.sqrt(6.0 / (fanIn + shape[1]));
        float[] v = new float[(int) (shape[0] * shape[1])];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
        }
        return Nd4j.create(v, shape, 'c');
    }

    private static Map<String, INDArray> snapshot(SameDiff sd, Map<String, long[]> names) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : names.keySet()) {
            out.put(name, sd.getVariable(name).getArr().dup());
        }
        return out;
    }

    static ModelBundle.Tensor tensor(INDArray arr) {
        return new ModelBundle.Tensor(arr.shape(), arr.dup('c').data().asFloat());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SameDiff prints "Added differentiated op" lines to stdout while building gradients; keep them from users. */
    static void quietly(Runnable r) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(original);
        }
    }

    /**
     * Trains a semantic-hashing layer of {@code bits} bits on {@code embeddings}, as training does for the
     * bundle's own width; for comparisons at other widths (the eval report's top-1 against bits).
     */
    public static BinaryProjection fitHasher(float[][] embeddings, int bits, int steps, double noiseSigma, long seed,
                                             Listener listener) {
        HashTrainer.Trained t = HashTrainer.train(embeddings, bits, steps, noiseSigma, seed, listener);
        return BinaryProjection.learned(t.weights().toFloatMatrix(), t.bias().toFloatVector());
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
