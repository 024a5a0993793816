package io.txmatch.trainer.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A user's labelled descriptors prepared for training: grouped by merchant and split by merchant, never by
 * descriptor, into train (80%), validation (10%) and test (10%) with a seeded hash of the merchant name,
 * so that training and a later {@code eval --data} on the same file agree on which merchants training
 * never saw.
 */
public final class UserData {
    /** Which part of the split a merchant belongs to. */
    public enum Part { TRAIN, VALIDATION, TEST }

    private final String sha256;
    private final Map<String, List<String>> train = new LinkedHashMap<>();
    private final List<List<String>> trainTexts;
    private final List<Labelled> validation = new ArrayList<>();
    private final List<Labelled> test = new ArrayList<>();
    private final int descriptors;

    private UserData(List<Labelled> data, long seed) {
        this.sha256 = hash(data);
        this.descriptors = data.size();
        for (Labelled l : data) {
            switch (part(l.merchantId(), seed)) {
                case TRAIN -> train.computeIfAbsent(l.merchantId(), k -> new ArrayList<>()).add(l.text());
                case VALIDATION -> validation.add(l);
                case TEST -> test.add(l);
                default -> throw new AssertionError();
            }
        }
        // A merchant with one descriptor cannot form a positive pair.
        train.values().removeIf(texts -> texts.size() < 2);
        trainTexts = List.copyOf(train.values());
    }

    /** Splits {@code data} with {@code seed}. */
    public static UserData of(List<Labelled> data, long seed) {
        return new UserData(data, seed);
    }

    /** The part of the split {@code merchant} falls in under {@code seed}. */
    public static Part part(String merchant, long seed) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (byte b : merchant.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001B3L;
        }
        h ^= h >>> 29;
        int bucket = (int) Math.floorMod(h, 10L);
        return bucket == 0 ? Part.TEST : bucket == 1 ? Part.VALIDATION : Part.TRAIN;
    }

    /** The descriptors of merchants in {@code part} (validation or test; training data is grouped). */
    public static List<Labelled> only(List<Labelled> data, Part part, long seed) {
        return data.stream().filter(l -> part(l.merchantId(), seed) == part).toList();
    }

    /** SHA-256 of the (text, merchant) pairs in order, hex: identifies the file a bundle was trained on. */
    public static String hash(List<Labelled> data) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (Labelled l : data) {
                d.update((l.merchantId() + "\u0000" + l.text() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String sha256() {
        return sha256;
    }

    public int descriptors() {
        return descriptors;
    }

    /** Training merchants with at least two descriptors. */
    public int trainMerchants() {
        return train.size();
    }

    /** Descriptors of the validation merchants. */
    public List<Labelled> validation() {
        return validation;
    }

    /** Descriptors of the test merchants, which training never sees. */
    public List<Labelled> test() {
        return test;
    }

    /** {@code k} descriptors of training merchant {@code index}: distinct while it has enough. */
    public List<String> sample(int index, int k, Random r) {
        List<String> texts = trainTexts.get(index);
        List<String> out = new ArrayList<>(k);
        List<String> pool = new ArrayList<>(texts);
        for (int i = 0; i < k; i++) {
            if (pool.isEmpty()) {
                pool.addAll(texts);
            }
            out.add(pool.remove(r.nextInt(pool.size())));
        }
        return out;
    }
}
