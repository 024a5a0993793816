package io.txmatch.trainer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded three-way split of merchants: training, validation (early stopping) and test (evaluation
 * only). No merchant is in two parts; the same seed gives the same split in {@code train} and {@code eval}.
 */
public record MerchantSplit(List<Merchant> train, List<Merchant> validation, List<Merchant> test) {
    /** 70% train, 10% validation, 20% test. */
    public static MerchantSplit of(List<Merchant> merchants, long seed) {
        List<Merchant> shuffled = new ArrayList<>(merchants);
        Collections.shuffle(shuffled, new Random(seed ^ 0x5EEDL));
        int n = shuffled.size();
        int trainEnd = (int) Math.round(n * 0.7);
        int valEnd = (int) Math.round(n * 0.8);
        return new MerchantSplit(List.copyOf(shuffled.subList(0, trainEnd)), List.copyOf(shuffled.subList(trainEnd, valEnd)),
                List.copyOf(shuffled.subList(valEnd, n)));
    }
}
