package io.txmatch.trainer;

import io.txmatch.trainer.data.DescriptorGenerator;
import io.txmatch.trainer.data.Family;
import io.txmatch.trainer.data.Labelled;
import io.txmatch.trainer.data.Merchant;
import io.txmatch.trainer.data.UserData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws P x K training batches: P distinct merchants, K descriptors of each, drawn fresh from the generator (as
 * sentence-transformers' {@code GroupByLabelBatchSampler} groups by label). With a user's data, half of the P merchants
 * (all of them when replacing) are the user's, each with K of its own descriptors. A share of the generated merchants
 * are hard negatives: their last example is rendered in one shared wrapper context (same wrapper, city, store-number
 * shape), so only the merchant field tells them apart.
 *
 * <pre>{@code
 * PkBatchSampler sampler = new PkBatchSampler(generator, split.train(), families, null, false, 64, 2, 0.25);
 * PkBatchSampler.Batch b = sampler.next(rng);   // 128 texts, merchant i owns texts [2i, 2i + 2)
 * }</pre>
 */
public final class PkBatchSampler {
    /**
     * One batch, grouped: text {@code i} belongs to merchant {@code i / perMerchant}.
     *
     * @param texts       raw descriptors, {@code merchants * perMerchant} of them
     * @param labels      the merchant of each text ({@link Merchant#id()}, or {@code user:<index>} for a user's merchant)
     * @param merchants   P
     * @param perMerchant K
     */
    public record Batch(List<String> texts, List<String> labels, int merchants, int perMerchant) {
        public Batch {
            texts = List.copyOf(texts);
            labels = List.copyOf(labels);
            if (texts.size() != labels.size() || texts.size() != merchants * perMerchant) {
                throw new IllegalArgumentException("a batch of " + merchants + " x " + perMerchant + " holds " + texts.size()
                        + " texts and " + labels.size() + " labels");
            }
        }

        /** Whether texts {@code a} and {@code b} belong to one merchant. */
        public boolean sameMerchant(int a, int b) {
            return a / perMerchant == b / perMerchant;
        }
    }

    private final DescriptorGenerator generator;
    private final List<Merchant> pool;
    private final List<Family> families;
    private final UserData user;
    private final int fromUser;
    private final int fromGenerator;
    private final int k;
    private final double hardNegatives;

    /**
     * @param generator      renders descriptors of generated merchants
     * @param pool           generated training merchants (at least P of them unless replacing)
     * @param families       template families to render in
     * @param user           a user's training data, or null
     * @param userOnly       draw every merchant from {@code user}
     * @param p              merchants per batch (fewer when the user has fewer)
     * @param k              descriptors per merchant, at least 2
     * @param hardNegatives  share of the generated merchants drawn in one shared context, 0..1
     */
    public PkBatchSampler(DescriptorGenerator generator, List<Merchant> pool, List<Family> families, UserData user,
                          boolean userOnly, int p, int k, double hardNegatives) {
        if (p < 2 || k < 2 || !(hardNegatives >= 0 && hardNegatives <= 1) || (userOnly && user == null)) {
            throw new IllegalArgumentException("need P >= 2, K >= 2, hardNegatives in 0..1 and user data to train on it alone");
        }
        this.generator = generator;
        this.pool = List.copyOf(pool);
        this.families = List.copyOf(families);
        this.user = user;
        this.fromUser = user == null ? 0 : Math.min(user.trainMerchants(), userOnly ? p : p / 2);
        this.fromGenerator = userOnly ? 0 : p - fromUser;
        this.k = k;
        this.hardNegatives = hardNegatives;
    }

    /** Merchants per batch (P). */
    public int merchants() {
        return fromUser + fromGenerator;
    }

    /** The next batch; every random choice is drawn from {@code rng}. */
    public Batch next(Random rng) {
        List<String> texts = new ArrayList<>(merchants() * k);
        List<String> labels = new ArrayList<>(merchants() * k);
        List<Merchant> chosen = new ArrayList<>();
        for (int index : rng.ints(0, pool.size()).distinct().limit(fromGenerator).toArray()) {
            Merchant m = pool.get(index);
            chosen.add(m);
            for (int j = 0; j < k; j++) {
                texts.add(generator.sample(m, families, rng).text());
                labels.add(m.id());
            }
        }
        int shared = (int) Math.round(hardNegatives * chosen.size());
        if (shared >= 2) {
            List<Labelled> same = generator.sampleInOneContext(chosen.subList(0, shared), rng);
            for (int i = 0; i < shared; i++) {
                texts.set(i * k + k - 1, same.get(i).text());
            }
        }
        if (fromUser > 0) {
            for (int index : rng.ints(0, user.trainMerchants()).distinct().limit(fromUser).toArray()) {
                for (String t : user.sample(index, k, rng)) {
                    texts.add(t);
                    labels.add("user:" + index);
                }
            }
        }
        return new Batch(texts, labels, merchants(), k);
    }
}
