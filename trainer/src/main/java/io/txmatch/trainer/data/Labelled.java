package io.txmatch.trainer.data;

/** One descriptor with the merchant it denotes and the family that produced it ({@code "user"} for user data). */
public record Labelled(String text, String merchantId, String family) {
}
