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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch dedup jobs of the REST API: queued, run one at a time by the embedded {@link DedupEngine} (its
 * parallel stages in a pool of half the cores, so matching keeps a core), polled for progress and clusters,
 * cancelled on request. Jobs are computations, not stored data: they live in memory and a restart forgets
 * them (the client submits again).
 *
 * <p>Memory is bounded by what is really held: a job holds its input records only while it waits or runs, and
 * both are counted ({@link #heldRecords()}); a cancelled waiting job leaves the queue and drops its records at
 * once, a finished job keeps its result but not its input. Submissions beyond a limit are {@link Refused}:
 * per tenant {@link #MAX_ACTIVE} jobs and {@link #MAX_TENANT_RECORDS} records waiting or running, overall
 * {@link #MAX_QUEUED} jobs waiting and {@link #MAX_HELD_RECORDS} records waiting or running. The newest
 * {@link #MAX_KEPT} finished jobs per tenant (cancelled ones among them) stay visible.
 */
final class DedupJobs implements Closeable {
    /** Most records in one job. */
    static final int MAX_RECORDS = 10_000;
    /** Most queued or running jobs per tenant. */
    static final int MAX_ACTIVE = 4;
    /** Most records of one tenant's queued and running jobs together. */
    static final int MAX_TENANT_RECORDS = 2 * MAX_RECORDS;
    /** Most jobs waiting to run, of all tenants together (the running job not counted). */
    static final int MAX_QUEUED = 16;
    /** Most records of all queued and running jobs together: about 160 MB at the longest ids and texts. */
    static final int MAX_HELD_RECORDS = 100_000;
    /** Finished jobs kept per tenant; older ones are forgotten. */
    static final int MAX_KEPT = 100;
    /** What a refused client is told to wait before it tries again ({@code Retry-After}), in seconds. */
    static final int RETRY_AFTER_SECONDS = 10;
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

    /** A submission over one of the limits; the client may try again after {@link #RETRY_AFTER_SECONDS}. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** One job; its progress is written by the engine's threads and read by any request. */
    final class Job implements DedupProgress {
        final String id;
        final String tenant;
        /** The input, while the job waits or runs; null once it is finished or cancelled (the records are freed). */
        volatile List<DedupRecord> records;
        /** How many records the job has (or had). */
        final int recordCount;
        final DedupOptions options;
        final Instant created = Instant.now();
        /** Order of submission, for listing newest first when two jobs share an instant. */
        final long sequence;
        /** The job as it was accepted ({@code queued}, taken before the runner can start it): what the 202 shows. */
        volatile JobView accepted;
        volatile State state = State.QUEUED;
        volatile Instant started;
        volatile Instant finished;
        volatile DedupResult result;
        volatile String error;
        volatile boolean cancel;
        /** Completes once the job is finished (done, failed or cancelled) and its records are released. */
        final CompletableFuture<Void> future = new CompletableFuture<>();
        private double base;
        private double weight;
        private long total;
        private long done;
        private volatile double progress;

        Job(String id, String tenant, List<DedupRecord> records, DedupOptions options, long sequence) {
            this.id = id;
            this.sequence = sequence;
            this.tenant = tenant;
            this.records = records;
            this.recordCount = records.size();
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

    /** Jobs and records one tenant has waiting or running. */
    private static final class Usage {
        int jobs;
        long records;
    }

    private final Supplier<DedupEngine> engine;
    private final ForkJoinPool workers = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** Guarded by {@code this}: the waiting jobs in order, what each tenant holds, what all hold. */
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final Map<String, Usage> usage = new HashMap<>();
    private long held;
    private long submitted;
    private int holds;
    private boolean closed;
    private final Thread runner;

    /** @param engine the engine, asked for when a job starts (the model may still be loading at construction) */
    DedupJobs(Supplier<DedupEngine> engine) {
        this.engine = engine;
        this.runner = new Thread(this::runJobs, "dedup-jobs");
        runner.setDaemon(true);
        runner.start();
    }

    /** Queues a job; {@link Refused} when that would go over a tenant's or the service's limits. */
    synchronized Job submit(String tenant, List<DedupRecord> records, DedupOptions options) {
        if (closed) {
            throw new IllegalStateException("dedup jobs are closed");
        }
        Usage u = usage.getOrDefault(tenant, new Usage());
        if (u.jobs >= MAX_ACTIVE) {
            throw new Refused("at most " + MAX_ACTIVE + " dedup jobs may wait or run per tenant; poll or cancel one first");
        }
        if (u.records + records.size() > MAX_TENANT_RECORDS) {
            throw new Refused("at most " + MAX_TENANT_RECORDS + " records of dedup jobs may wait or run per tenant ("
                    + u.records + " do); poll or cancel a job first");
        }
        if (queue.size() >= MAX_QUEUED) {
            throw new Refused("the dedup queue is full (" + MAX_QUEUED + " jobs wait); try again later");
        }
        if (held + records.size() > MAX_HELD_RECORDS) {
            throw new Refused("the service holds " + held + " records of dedup jobs, at most " + MAX_HELD_RECORDS
                    + " may wait or run; try again later");
        }
        byte[] b = new byte[12];
        random.nextBytes(b);
        Job job = new Job("job_" + HexFormat.of().formatHex(b), tenant, List.copyOf(records), options, ++submitted);
        jobs.put(job.id, job);
        u.jobs++;
        u.records += job.recordCount;
        usage.put(tenant, u);
        held += job.recordCount;
        job.accepted = view(job);
        queue.addLast(job);
        notifyAll();
        forgetOld(tenant);
        return job;
    }

    /** The runner: takes the oldest waiting job, runs it, releases its records; until closed. */
    private void runJobs() {
        while (true) {
            Job job;
            synchronized (this) {
                while (!closed && (queue.isEmpty() || holds > 0)) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        if (closed) {
                            return;
                        }
                    }
                }
                if (closed) {
                    return;
                }
                job = queue.pollFirst();
                job.started = Instant.now();
                job.state = State.RUNNING;
            }
            run(job);
            release(job);
        }
    }

    private void run(Job job) {
        try {
            DedupEngine e = engine.get();
            List<DedupRecord> input = job.records;
            job.result = workers.submit(() -> e.run(input, job.options, job)).get();
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
            job.state = State.CANCELLED;
        } catch (RuntimeException e) {
            LOG.error("dedup job {} failed", job.id, e);
            job.error = "the job failed on the server";
            job.state = State.FAILED;
        } finally {
            job.finished = Instant.now();
        }
    }

    /** Frees a job's records and its share of the limits, once it is finished or has left the queue. */
    private synchronized void release(Job job) {
        if (job.records == null) {
            return;
        }
        job.records = null;
        held -= job.recordCount;
        Usage u = usage.get(job.tenant);
        u.jobs--;
        u.records -= job.recordCount;
        if (u.jobs == 0) {
            usage.remove(job.tenant);
        }
        job.future.complete(null);
    }

    private void forgetOld(String tenant) {
        List<Job> done = jobs.values().stream().filter(j -> j.tenant.equals(tenant) && j.state.finished())
                .sorted((a, b) -> b.created.compareTo(a.created)).toList();
        for (int i = MAX_KEPT; i < done.size(); i++) {
            jobs.remove(done.get(i).id);
        }
    }

    /** The tenant's jobs (waiting, running and the kept finished ones), newest first. */
    List<Job> list(String tenant) {
        return jobs.values().stream().filter(j -> j.tenant.equals(tenant))
                .sorted(java.util.Comparator.comparingLong((Job j) -> j.sequence).reversed()).toList();
    }

    /** The tenant's job with this id; another tenant's job is not found. */
    Optional<Job> get(String tenant, String id) {
        Job j = jobs.get(id);
        return j != null && j.tenant.equals(tenant) ? Optional.of(j) : Optional.empty();
    }

    /**
     * Cancels the tenant's job when it waits (it leaves the queue and its records are freed at once) or runs (it
     * stops at the engine's next check); either way it stays visible as cancelled among the kept finished jobs.
     * A finished job is forgotten instead. False when the tenant has no such job.
     */
    synchronized boolean cancel(String tenant, String id) {
        Optional<Job> j = get(tenant, id);
        j.ifPresent(job -> {
            if (job.state.finished()) {
                jobs.remove(job.id);
                return;
            }
            job.cancel = true;
            if (job.state == State.QUEUED && queue.remove(job)) {
                job.state = State.CANCELLED;
                job.finished = Instant.now();
                release(job);
                forgetOld(tenant);
            }
        });
        return j.isPresent();
    }

    /** Records held by waiting and running jobs, of all tenants: what the limits count. */
    synchronized long heldRecords() {
        return held;
    }

    /** Jobs waiting to run, of all tenants. */
    synchronized int queued() {
        return queue.size();
    }

    /**
     * Holds the runner: jobs still queue (within the limits) but none starts until the returned handle is closed
     * (a running job runs on). For tests that need jobs to stay waiting, and for maintenance.
     */
    synchronized AutoCloseable hold() {
        holds++;
        boolean[] released = {false};
        return () -> {
            synchronized (this) {
                if (!released[0]) {
                    released[0] = true;
                    holds--;
                    notifyAll();
                }
            }
        };
    }

    /** The job as the API shows it: absent fields (start, end, error, stats, clusters) are left out. */
    record JobView(String jobId, String state, double progress, int records, String createdAt,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String startedAt,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String finishedAt,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String error,
                   @JsonInclude(JsonInclude.Include.NON_NULL) StatsView stats,
                   @JsonInclude(JsonInclude.Include.NON_NULL) List<ClusterView> clusters) {
        /** This view less its clusters, as the job list shows it. */
        JobView withoutClusters() {
            return new JobView(jobId, state, progress, records, createdAt, startedAt, finishedAt, error, stats, null);
        }
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
        return new JobView(j.id, j.state.label(), Math.round(j.progress() * 1000) / 1000.0, j.recordCount,
                j.created.toString(), text(j.started), text(j.finished), j.error, stats, clusters);
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Cancels every job and stops the worker threads. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            jobs.values().forEach(j -> j.cancel = true);
            for (Job j = queue.pollFirst(); j != null; j = queue.pollFirst()) {
                j.state = State.CANCELLED;
                j.finished = Instant.now();
                release(j);
            }
            notifyAll();
        }
        runner.interrupt();
        workers.shutdownNow();
        try {
            runner.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
