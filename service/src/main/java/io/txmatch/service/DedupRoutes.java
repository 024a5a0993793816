package io.txmatch.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.txmatch.dedup.DedupNodes;
import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.DedupRecord;
import io.txmatch.dedup.InvalidRecord;
import io.txmatch.match.Catalogue;
import io.txmatch.model.TextNormaliser;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /v1/dedup/jobs}: submit a batch of records to group by merchant, poll a job, cancel it; jobs belong to the
 * request's tenant ({@link DedupJobs}). Every record is validated before a job is queued.
 */
final class DedupRoutes {
    private final Supplier<Catalogue> catalogue;
    private final DedupJobs jobs;
    private final ObjectMapper json;

    /** @param catalogue the loaded catalogue: jobs wait for the model as matches do (503 while loading) */
    DedupRoutes(Supplier<Catalogue> catalogue, DedupJobs jobs, ObjectMapper json) {
        this.catalogue = catalogue;
        this.jobs = jobs;
        this.json = json;
    }

    /**
     * {@code POST /v1/dedup/jobs}: 202 with the job as it was accepted ({@code queued}) and its {@code Location}; 400 for
     * an unknown field; 429 with {@code Retry-After}
     * beyond the jobs' limits ({@link DedupJobs}).
     */
    void submit(Context ctx) {
        catalogue.get();
        JsonInput in = JsonInput.of(ctx, json).only("records", "threshold", "sameAmount", "maxDateGapDays");
        List<JsonInput> items = in.objects("records", DedupJobs.MAX_RECORDS);
        double threshold = in.optionalNumber("threshold", 0, 1, DedupOptions.DEFAULT_THRESHOLD);
        boolean sameAmount = in.optionalBoolean("sameAmount", false);
        int maxDateGap = in.optionalInt("maxDateGapDays", 0, 3650, -1);
        DedupOptions options = DedupOptions.defaults().withThreshold(threshold).withConstraints(sameAmount, maxDateGap, false);
        // The engine's own checks (unique ids, a date on every record under a date constraint), said as JSON paths.
        DedupNodes.Checker checker = new DedupNodes.Checker(options);
        List<DedupRecord> records = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String where = "records[" + i + "]";
            JsonInput item = items.get(i);
            String id = item.element("id", DedupRecord.MAX_ID, where);
            LocalDate date = item.optionalDate("date", where);
            try {
                checker.check(id, date != null);
            } catch (InvalidRecord e) {
                throw ApiProblem.badRequest(switch (e.reason()) {
                    case REPEATED_ID -> "'" + where + ".id' repeats the id '" + id + "'";
                    case MISSING_DATE -> "'" + where + ".date' is required when 'maxDateGapDays' is set";
                });
            }
            String text = item.element("text", TextNormaliser.MAX_TEXT, where);
            BigDecimal amount = item.optionalDecimal("amount", where);
            try {
                records.add(new DedupRecord(id, text, amount, date, Map.of())); // the engine's one check of amounts
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("'" + where + ".amount': " + e.getMessage());
            }
        }
        DedupJobs.Job job;
        try {
            job = jobs.submit(Auth.tenant(ctx), records, options);
        } catch (DedupJobs.Refused e) {
            ctx.header("Retry-After", Integer.toString(DedupJobs.RETRY_AFTER_SECONDS));
            throw new ApiProblem(429, "Too Many Requests", e.getMessage());
        }
        ctx.status(202).header("Location", "/v1/dedup/jobs/" + job.id).json(job.accepted);
    }

    /** {@code GET /v1/dedup/jobs}: the tenant's jobs, newest first, without their clusters. */
    void list(Context ctx) {
        catalogue.get();
        ctx.json(new JobList(jobs.list(Auth.tenant(ctx)).stream().map(j -> DedupJobs.view(j).withoutClusters()).toList()));
    }

    /** The answer to {@code GET /v1/dedup/jobs}. */
    record JobList(List<DedupJobs.JobView> jobs) {
    }

    /** {@code GET /v1/dedup/jobs/{jobId}}: state, progress, and the clusters once done. */
    void get(Context ctx) {
        catalogue.get();
        String id = ctx.pathParam("jobId");
        ctx.json(DedupJobs.view(jobs.get(Auth.tenant(ctx), id).orElseThrow(() -> ApiProblem.notFound("no dedup job with id " + id))));
    }

    /** {@code DELETE /v1/dedup/jobs/{jobId}}: 204; cancels a waiting or running job, forgets a finished one. */
    void cancel(Context ctx) {
        catalogue.get();
        String id = ctx.pathParam("jobId");
        if (!jobs.cancel(Auth.tenant(ctx), id)) {
            throw ApiProblem.notFound("no dedup job with id " + id);
        }
        ctx.status(204);
    }
}
