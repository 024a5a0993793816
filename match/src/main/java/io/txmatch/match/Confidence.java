package io.txmatch.match;

import java.util.Locale;

/**
 * How far an answer can be trusted, read off the {@link Matcher}'s outcome: its best fused score, its margin
 * to the second merchant and the learned embedding's cosine to the best exemplar, combined as
 * {@code z = score + marginWeight * margin + semanticWeight * semantic}, the margin taken against a runner-up of at
 * least {@link #RUNNER_UP_FLOOR}. The cut-offs on {@code z} are
 * where the measured precision of accepted answers reaches each level's target on labelled data, with queries
 * whose merchant is not enrolled counted as wrong when accepted (open set):
 *
 * <ul>
 *   <li>{@code high}: precision at least {@link #HIGH_PRECISION};</li>
 *   <li>{@code medium}: at least {@link #MEDIUM_PRECISION};</li>
 *   <li>{@code low}: at least {@link #LOW_PRECISION};</li>
 *   <li>{@code unknown}: below that: nothing in the catalogue is close enough; the nearest merchants are still listed.</li>
 * </ul>
 *
 * <p>A level's cut-off is the smallest {@code z} at which the precision of all answers at or above it still
 * meets the target, measured over every labelled query twice: once with its merchant enrolled (right when
 * the merchant ranks first) and once with it excluded (always wrong when accepted), so the fit assumes as many
 * unknown merchants as known ones. {@code ./txmatch eval --data FILE} fits the cut-offs with this same matcher and
 * prints them; {@link Calibration#SERVED} holds the values fitted on the dev split of the real UK p-card set
 * (README, "Confidence").
 */
public enum Confidence {
    HIGH, MEDIUM, LOW, UNKNOWN;

    /**
     * The runner-up score that confidence assumes at least: the margin is read as {@code best - max(runnerUp, floor)}.
     * A catalogue of one or a few merchants has no close second, and without a floor its margin would be the whole
     * score, so a weak match there would read as well separated. 0.25 is about the 5th percentile of the runner-up
     * score of the real UK dev rows with the query's merchant removed (open set), so it changes almost no answer in a
     * catalogue of realistic size.
     */
    public static final double RUNNER_UP_FLOOR = 0.25;

    /** Target precision of {@code high}. */
    public static final double HIGH_PRECISION = 0.98;
    /** Target precision of {@code medium}. */
    public static final double MEDIUM_PRECISION = 0.90;
    /** Target precision of {@code low}. */
    public static final double LOW_PRECISION = 0.75;

    /** Lower-case label of the API. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Cut-offs on {@code z = score + marginWeight * margin + semanticWeight * semantic}.
     *
     * @param marginWeight   weight of the margin to the second merchant
     * @param semanticWeight weight of the best match's embedding cosine
     * @param highAt         smallest z labelled {@code high}
     * @param mediumAt       smallest z labelled {@code medium}
     * @param lowAt          smallest z labelled {@code low}
     */
    public record Calibration(double marginWeight, double semanticWeight, double highAt, double mediumAt, double lowAt) {
        /**
         * The served cut-offs: what {@code ./txmatch eval --real dev} fits for {@code models/default.txmb} at
         * {@link MatchSettings#DEFAULT} on the four dev rows of data/uk-pcard (1,172 queries, each also as open set;
         * 11,022 distractors): there high 0.981 precision at 0.263 coverage, medium 0.900 at 0.441, low 0.751 at 0.609. A retrained bundle or
         * other fusion weights need them fitted again.
         */
        public static final Calibration SERVED = new Calibration(3.0, 1.0, 2.4590, 1.8826, 1.5369);

        public Calibration {
            if (!(lowAt <= mediumAt && mediumAt <= highAt)) {
                throw new IllegalArgumentException("cut-offs must satisfy low <= medium <= high");
            }
        }

        /** Cut-offs on {@code z = score + marginWeight * margin} (no semantic term). */
        public Calibration(double marginWeight, double highAt, double mediumAt, double lowAt) {
            this(marginWeight, 0, highAt, mediumAt, lowAt);
        }

        /** The combined evidence of an outcome: negative infinity when nothing was found. */
        public double z(MatchOutcome o) {
            return o.matches().isEmpty() ? Double.NEGATIVE_INFINITY : z(o.bestScore(), o.margin(), o.best().semantic());
        }

        /**
         * The combined evidence of a best score, its margin to the runner-up and its embedding cosine, the runner-up
         * taken as at least {@link #RUNNER_UP_FLOOR}.
         */
        public double z(double best, double margin, double semantic) {
            return best + marginWeight * Math.min(margin, best - RUNNER_UP_FLOOR) + semanticWeight * semantic;
        }

        /** The level of an outcome. */
        public Confidence of(MatchOutcome o) {
            double z = z(o);
            return z >= highAt ? HIGH : z >= mediumAt ? MEDIUM : z >= lowAt ? LOW : UNKNOWN;
        }
    }
}
