package io.txmatch.trainer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The encoder's metric-learning loss over a P x K batch; {@link #id()} is what the CLI and the manifest say. Each
 * loss reads the batch's cosine matrix and two masks: {@code posMask[a][b]} is 1 when {@code a != b} share a merchant,
 * {@code negMask[a][b]} is 1 when they do not. Both want K >= 2 examples per merchant.
 */
public enum EncoderLoss {
    /**
     * Batch-hard triplet (Hermans, Beyer and Leibe 2017): per anchor, the farthest positive against the nearest
     * negative, margin on squared distance.
     */
    BATCH_HARD_TRIPLET("triplet") {
        @Override
        SDVariable build(SameDiff sd, SDVariable sim, SDVariable posMask, SDVariable negMask, double margin) {
            // On unit vectors squared distance = 2 - 2 cos.
            SDVariable hardPos = sim.add(posMask.rsub(1.0).mul(4.0)).min(1);
            SDVariable hardNeg = sim.sub(negMask.rsub(1.0).mul(4.0)).max(1);
            return sd.nn().relu(hardNeg.sub(hardPos).mul(2.0).add(margin), 0).mean(LOSS);
        }

        @Override
        public String describe(double margin) {
            return "batch-hard triplet, margin " + margin;
        }
    },
    /**
     * In-batch negatives, InfoNCE / multi-positive supervised contrastive (Oord et al. 2018; Khosla et al. 2020):
     * per anchor, -log of the softmax mass of its positives among every other text of the batch, cosines
     * divided by a temperature of {@link #TEMPERATURE}. Every negative of the batch contributes, not only the hardest.
     */
    INFONCE("infonce") {
        @Override
        SDVariable build(SameDiff sd, SDVariable sim, SDVariable posMask, SDVariable negMask, double margin) {
            // Log-sum-exp over the others minus log-sum-exp over the positives, each computed stably as
            // max + log(sum(exp(x - max))); masked entries are pushed 1e4 below.
            SDVariable logits = sim.div(TEMPERATURE);
            SDVariable others = logits.add(posMask.add(negMask).rsub(1.0).mul(-1e4));
            SDVariable positives = logits.add(posMask.rsub(1.0).mul(-1e4));
            return logSumExp(sd, others).sub(logSumExp(sd, positives)).mean(LOSS);
        }

        @Override
        public String describe(double margin) {
            return "infonce, temperature " + TEMPERATURE;
        }
    };

    /** Softmax temperature of {@link #INFONCE}. */
    public static final double TEMPERATURE = 0.05;
    /** Name of the loss variable in the training graph. */
    static final String LOSS = "loss";

    private final String id;

    EncoderLoss(String id) {
        this.id = id;
    }

    /** The name the CLI takes. */
    public String id() {
        return id;
    }

    /** The loss and its parameter in words, as the manifest records it. */
    public abstract String describe(double margin);

    /** Adds the scalar loss variable {@link #LOSS} to {@code sd}; {@code margin} is for the triplet loss alone. */
    abstract SDVariable build(SameDiff sd, SDVariable sim, SDVariable posMask, SDVariable negMask, double margin);

    /** The loss named {@code id}. */
    public static EncoderLoss of(String id) {
        for (EncoderLoss l : values()) {
            if (l.id.equalsIgnoreCase(id.trim())) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + id + "'; known: triplet, infonce");
    }

    /** Row-wise log-sum-exp, max-shifted so it neither overflows nor loses the gradient. */
    private static SDVariable logSumExp(SameDiff sd, SDVariable x) {
        SDVariable m = x.max(true, 1);
        return sd.math().log(sd.math().exp(x.sub(m)).sum(1)).add(m.reshape(-1));
    }
}
