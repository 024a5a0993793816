package io.txmatch.service;

/**
 * Maps the best match's score (float cosine, clamped to 0..1) to a confidence label. Below
 * {@link #LOW_AT} the answer is {@code unknown}: nothing in the catalogue is close enough (open set).
 *
 * <p>The cut-offs are provisional: set from the score distributions of correct and wrong top-1 answers on
 * the generator's held-out merchants and formats (README, "Confidence"). Calibration on real, labelled
 * traffic belongs to the service issue.
 */
enum Confidence {
    HIGH, MEDIUM, LOW, UNKNOWN;

    static final double HIGH_AT = 0.80;
    static final double MEDIUM_AT = 0.70;
    static final double LOW_AT = 0.60;

    static Confidence of(double bestScore) {
        if (bestScore >= HIGH_AT) {
            return HIGH;
        }
        if (bestScore >= MEDIUM_AT) {
            return MEDIUM;
        }
        return bestScore >= LOW_AT ? LOW : UNKNOWN;
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
