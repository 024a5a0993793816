package io.txmatch.trainer;

/** Receives training progress (phases, steps, log lines); called from the training thread. */
public interface TrainingListener {
    /** Ignores everything. */
    TrainingListener NONE = new TrainingListener() {
    };

    /** A phase ({@code "encoder"}, {@code "hasher"}) of {@code totalSteps} steps begins. */
    default void phase(String name, int totalSteps) {
    }

    /** {@code done} steps of the current phase are done; {@code loss} is NaN on steps that did not measure it. */
    default void step(int done, double loss, String message) {
    }

    /** A line for the user's log. */
    default void log(String line) {
    }
}
