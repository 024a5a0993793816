package io.txmatch.dedup;

/**
 * Progress of a dedup run, reported stage by stage: {@code encode} (per node), {@code block} (per node),
 * {@code cluster} (per edge). Called from worker threads; implementations must be thread-safe and cheap.
 * A run stops early with {@link java.util.concurrent.CancellationException} when {@link #cancelled()} turns true.
 */
public interface DedupProgress {
    /** Ignores every report. */
    DedupProgress NONE = new DedupProgress() {
        @Override
        public void stage(String name, long total) {
        }

        @Override
        public void advance(long steps) {
        }
    };

    /** A new stage of {@code total} steps begins. */
    void stage(String name, long total);

    /** {@code steps} more steps of the current stage are done. */
    void advance(long steps);

    /** Whether the caller wants the run stopped; checked between chunks of work. */
    default boolean cancelled() {
        return false;
    }
}
