package io.txmatch.dedup;

import java.util.Locale;

/**
 * Progress of a dedup run, reported {@link Stage stage} by stage. Called from worker threads;
 * implementations must be thread-safe and cheap. A run stops early with
 * {@link java.util.concurrent.CancellationException} when {@link #cancelled()} turns true.
 */
public interface DedupProgress {
    /** Ignores every report. */
    DedupProgress NONE = new DedupProgress() {
        @Override
        public void stage(Stage stage, long total) {
        }

        @Override
        public void advance(long steps) {
        }
    };

    /** The stages that report progress, in the order a run goes through them. */
    enum Stage {
        /** Encoding the nodes' texts; a step is a node. */
        ENCODE,
        /** Blocking and verifying candidates; a step is a node. */
        BLOCK,
        /** Average-linkage clustering; a step is an edge. */
        CLUSTER;

        /** The stage's name as shown to people (a progress bar's task name): {@code encode}, {@code block}, {@code cluster}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code stage} begins, with {@code total} steps. */
    void stage(Stage stage, long total);

    /** {@code steps} more steps of the current stage are done. */
    void advance(long steps);

    /** Whether the caller wants the run stopped; checked between chunks of work. */
    default boolean cancelled() {
        return false;
    }
}
