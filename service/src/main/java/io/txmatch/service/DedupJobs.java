package io.txmatch.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.txmatch.dedup.DedupEngine;
import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.DedupProgress;
import io.txmatch.dedup.DedupRecord;
import io.txmatch.dedup.DedupResult;
import io.txmatch.dedup.io.ResultWriter;
import java.io.Closeable;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch dedup jobs of the REST API: queued, run one at a time by the embedded {@link DedupEngine} (its
 * parallel stages in a pool of half the cores, so matching keeps a core), polled for progress and clusters,
 * cancelled on request. Jobs are computations, not stored data: they live in memory and a restart forgets
 * them (the client submits again). Per tenant at most {@link #MAX_ACTIVE} jobs wait or run (429 beyond) and
 * the newest {@link #MAX_KEPT} finished jobs are kept.
 */
final class DedupJobs implements Closeable {
    /** Most records in one job. */
    static final int MAX_RECORDS = 10_000;
    /** Most queued or running jobs per tenant. */
    static final int MAX_ACTIVE = 4;
    /** Finished jobs kept per tenant; older ones are forgotten. */
    static final int MAX_KEPT = 100;
    private static final Logger LOG = LoggerFactory.getLogger(DedupJobs.class);

    /** A job's lifecycle; {@link #label} is what the API shows. */
    enum State {
        QUEUED, RUNNING, DONE, FAILED, CANCELLED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        boolean finished() {
            return this == DONE || this == FAILED || this == CANCELLED;
        }
    }

    /** One job; its progress is written by the engine's threads and read by any request. */
    final class Job implements DedupProgress {
        final String id;
        final String tenant;
        final List<DedupRecord> records;
        final DedupOptions options;
        final Instant created = Instant.now();
        volatile State state = State.QUEUED;
        volatile Instant started;
        volatile Instant finished;
        volatile DedupResult result;
        volatile String error;
        volatile boolean cancel;
        volatile Future<?> future;
        private double base;
        private double weight;
        private long total;
        private long done;
        private volatile double progress;

        Job(String id, String tenant, List<DedupRecord> records, DedupOptions options) {
            this.id = id;
            this.tenant = tenant;
            this.records = records;
            this.options = options;
        }

        @Override
        public synchronized void stage(Stage stage, long steps) {
            // Share of the run per stage, as measured on 100k records: encoding most, clustering least.
            switch (stage) {
                case ENCODE -> { base = 0.0; weight = 0.55; }
                case BLOCK -> { base = 0.55; weight = 0.4; }
                case CLUSTER -> { base = 0.95; weight = 0.05; }
            }
            total = Math.max(1, steps);
            done = 0;
            progress = base;
        }

        @Override
        public synchronized void advance(long steps) {
            done += steps;
            progress = base + weight * Math.min(1.0, done / (double) total);
        }

        @Override
        public boolean cancelled() {
            return cancel;
        }

        double progress() {
            return state == State.DONE ? 1.0 : progress;
        }
    }

    private final Supplier<DedupEngine> engine;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dedup-jobs");
        t.setDaemon(true);
        return t;
    });
    private final ForkJoinPool workers = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** @param engine the engine, asked for when a job starts (the model may still be loading at construction) */
    DedupJobs(Supplier<DedupEngine> engine) {
        this.engine = engine;
    }

    /** Queues a job; 429 when the tenant already has {@link #MAX_ACTIVE} jobs waiting or running. */
    synchronized Job submit(String tenant, List<DedupRecord> records, DedupOptions options) {
        long active = jobs.values().stream().filter(j -> j.tenant.equals(tenant) && !j.state.finished()).count();
        if (active >= MAX_ACTIVE) {
            throw new ApiProblem(429, "Too Many Requests", "at most " + MAX_ACTIVE
                    + " dedup jobs may wait or run per tenant; poll or cancel one first");
        }
        byte[] b = new byte[12];
        random.nextBytes(b);
        Job job = new Job("job_" + HexFormat.of().formatHex(b), tenant, List.copyOf(records), options);
        jobs.put(job.id, job);
        job.future = runner.submit(() -> run(job));
        forgetOld(tenant);
        return job;
    }

    private void run(Job job) {
        if (job.cancel) {
            return;
        }
        job.started = Instant.now();
        job.state = State.RUNNING;
        try {
            DedupEngine e = engine.get();
            job.result = workers.submit(() -> e.run(job.records, job.options, job)).get();
            job.state = State.DONE;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancellationException) {
                job.state = State.CANCELLED;
            } else {
                // Input is validated before a job is queued; what fails here is the server's fault, reported in the job.
                LOG.error("dedup job {} failed", job.id, e.getCause());
                job.error = e.getCause() instanceof IllegalArgumentException ? e.getCause().getMessage()
                        : "the job failed on the server";
                job.state = State.FAILED;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.state = State.CANCELLED;
        } catch (RuntimeException e) {
            LOG.error("dedup job {} failed", job.id, e);
            job.error = "the job failed on the server";
            job.state = State.FAILED;
        } finally {
            job.finished = Instant.now();
        }
    }

    private void forgetOld(String tenant) {
        List<Job> done = jobs.values().stream().filter(j -> j.tenant.equals(tenant) && j.state.finished())
                .sorted((a, b) -> b.created.compareTo(a.created)).toList();
        for (int i = MAX_KEPT; i < done.size(); i++) {
            jobs.remove(done.get(i).id);
        }
    }

    /** The tenant's job with this id; another tenant's job is not found. */
    Optional<Job> get(String tenant, String id) {
        Job j = jobs.get(id);
        return j != null && j.tenant.equals(tenant) ? Optional.of(j) : Optional.empty();
    }

    /** Cancels (when waiting or running) and forgets the tenant's job; false when there is none. */
    boolean cancel(String tenant, String id) {
        Optional<Job> j = get(tenant, id);
        j.ifPresent(job -> {
            job.cancel = true;
            if (job.state == State.QUEUED) {
                job.state = State.CANCELLED;
                job.finished = Instant.now();
            }
            jobs.remove(job.id);
        });
        return j.isPresent();
    }

    /** The job as the API shows it: absent fields (start, end, error, stats, clusters) are left out. */
    record JobView(String jobId, String state, double progress, int records, String createdAt,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String startedAt,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String finishedAt,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String error,
                   @JsonInclude(JsonInclude.Include.NON_NULL) StatsView stats,
                   @JsonInclude(JsonInclude.Include.NON_NULL) List<ClusterView> clusters) {
    }

    /** Counts of a finished job. */
    record StatsView(int distinctTexts, int clusters, int largestCluster, long candidates, int edges) {
    }

    /** One cluster: its id (the representative's), members, and each member's score in member order. */
    record ClusterView(String id, List<String> members, String representative, List<Double> scores) {
    }

    /** The job as the API shows it; stats and clusters only once done. */
    static JobView view(Job j) {
        DedupResult r = j.result;
        StatsView stats = null;
        List<ClusterView> clusters = null;
        if (j.state == State.DONE && r != null) {
            DedupResult.Stats s = r.stats();
            stats = new StatsView(s.nodes(), s.clusters(), s.largest(), s.candidates(), s.edges());
            Map<String, Float> score = new HashMap<>();
            for (int i = 0; i < r.ids().size(); i++) {
                score.put(r.ids().get(i), r.score()[i]);
            }
            clusters = new ArrayList<>();
            for (DedupResult.Cluster c : r.clusters()) {
                clusters.add(new ClusterView(c.id(), c.members(), c.representative(),
                        c.members().stream().map(m -> ResultWriter.score(score.get(m))).toList()));
            }
        }
        return new JobView(j.id, j.state.label(), Math.round(j.progress() * 1000) / 1000.0, j.records.size(),
                j.created.toString(), text(j.started), text(j.finished), j.error, stats, clusters);
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Cancels every job and stops the worker threads. */
    @Override
    public void close() {
        jobs.values().forEach(j -> j.cancel = true);
        runner.shutdownNow();
        workers.shutdownNow();
        try {
            runner.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
