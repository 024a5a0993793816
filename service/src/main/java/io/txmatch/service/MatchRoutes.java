package io.txmatch.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.txmatch.index.Codes;
import io.txmatch.match.Catalogue;
import io.txmatch.match.MatchOutcome;
import io.txmatch.match.MatchQuery;
import io.txmatch.model.TextNormaliser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /v1/match} and {@code /v1/match/batch}: descriptors matched against the request tenant's merchants. Answers
 * are written straight to the response stream, never built whole as a string; a batch answers at most
 * {@link #MAX_BATCH_ROWS} rows.
 */
final class MatchRoutes {
    /** Most items in one batch match. */
    static final int MAX_BATCH = 1000;
    /** Most rows (items x k) in one batch answer: it bounds the answer's size. */
    static final int MAX_BATCH_ROWS = 10_000;
    /** Merchants returned when the request names no {@code k}. */
    static final int DEFAULT_K = 5;
    /** The fields of a match request; any other is a 400. */
    static final Set<String> MATCH_FIELDS = Set.of("text", "k", "maxDistance", "filter");
    /** The fields of a batch match request, and of each of its items. */
    static final Set<String> BATCH_FIELDS = Set.of("items", "k", "filter");
    static final Set<String> ITEM_FIELDS = Set.of("id", "text");

    /**
     * One ranked merchant; scores rounded to 4 digits; the merchant's {@code category} and {@code metadata} when set
     * (omitted when not, as in {@link MerchantRoutes.MerchantView}).
     */
    record MatchRow(String merchantId, String name, double score, int distance, String exemplar, double semantic,
                    double lexical, double word, @JsonInclude(JsonInclude.Include.NON_NULL) String category,
                    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String metadata) {
        static MatchRow of(Catalogue.Match m) {
            MatchOutcome.Match s = m.scores();
            Catalogue.Merchant merchant = m.merchant();
            return new MatchRow(merchant.id(), merchant.name(), round4(s.score()), s.distance(), s.exemplar(),
                    round4(s.semantic()), round4(s.lexical()), round4(s.word()), merchant.category(), merchant.metadata());
        }
    }

    /** How the answer was found: the index path, each channel's candidate count, the normalised query. */
    record Diagnostics(String path, int hammingHits, int lexicalHits, int wordHits, int scored, String normalised) {
    }

    /** The answer to {@code POST /v1/match}. */
    record MatchView(List<MatchRow> matches, String code, String confidence, Diagnostics diagnostics) {
    }

    /**
     * One item's answer in a batch; {@code id} is the item's own, or null. Either {@code matches} and
     * {@code confidence}, or {@code error}: the problem of that item alone (a missing or empty text, ...).
     */
    record BatchRow(String id, @JsonInclude(JsonInclude.Include.NON_NULL) List<MatchRow> matches,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String confidence,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Problems.Problem error) {
        static BatchRow failed(String id, ApiProblem p) {
            return new BatchRow(id, null, null, new Problems.Problem("about:blank", p.title(), p.status(), p.getMessage()));
        }
    }

    /** The answer to {@code POST /v1/match/batch}, in item order. */
    record BatchView(List<BatchRow> results) {
    }

    private final Supplier<Catalogue> catalogue;
    private final ObjectMapper json;

    /** @param catalogue the loaded catalogue (503 while loading) */
    MatchRoutes(Supplier<Catalogue> catalogue, ObjectMapper json) {
        this.catalogue = catalogue;
        this.json = json;
    }

    /** {@code POST /v1/match}: {@code text}, optional {@code k} and {@code maxDistance}. */
    void match(Context ctx) {
        Catalogue c = catalogue.get();
        JsonInput in = JsonInput.of(ctx, json).only(null, MATCH_FIELDS);
        String text = in.text("text", TextNormaliser.MAX_TEXT);
        int k = in.optionalInt("k", 1, MatchQuery.MAX_K, DEFAULT_K);
        Integer maxDistance = in.optionalInt("maxDistance", 0, c.bits(), null);
        Catalogue.Result out = c.match(Auth.tenant(ctx), text, k, maxDistance, MatchFilters.of(in, json));
        MatchOutcome.Diagnostics d = out.outcome().diagnostics();
        write(ctx, new MatchView(rows(out), Codes.toHex(out.outcome().code(), c.bits()), out.confidence().label(),
                new Diagnostics(d.route(), d.hamming(), d.lexical(), d.word(), d.scored(), out.outcome().normalised())));
    }

    /**
     * {@code POST /v1/match/batch}: {@code items} of {@code text} and optional {@code id}, optional {@code k}. A bad
     * item gets an {@code error} row of its own; only a bad body (no items, too many, a bad {@code k}) is a 400.
     */
    void matchBatch(Context ctx) {
        Catalogue c = catalogue.get();
        JsonInput in = JsonInput.of(ctx, json).only(null, BATCH_FIELDS);
        List<JsonInput> items = in.elements("items", MAX_BATCH);
        int k = in.optionalInt("k", 1, MatchQuery.MAX_K, DEFAULT_K);
        if ((long) items.size() * k > MAX_BATCH_ROWS) {
            throw ApiProblem.badRequest("items x k must be at most " + MAX_BATCH_ROWS + " (the batch answer's row cap), got "
                    + items.size() + " x " + k + "; send fewer items or a smaller k");
        }
        Catalogue.Filter filter = MatchFilters.of(in, json);
        String[] ids = new String[items.size()];
        ApiProblem[] errors = new ApiProblem[items.size()];
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String where = "items[" + i + "]";
            try {
                JsonInput item = items.get(i).requireObject(where).only(where, ITEM_FIELDS);
                ids[i] = item.optionalElement("id", TextNormaliser.MAX_TEXT, where);
                texts.add(item.element("text", TextNormaliser.MAX_TEXT, where));
            } catch (ApiProblem e) {
                errors[i] = e;
            }
        }
        List<Catalogue.Result> outcomes = c.matchAll(Auth.tenant(ctx), texts, k, null, filter);
        List<BatchRow> results = new ArrayList<>(items.size());
        int next = 0;
        for (int i = 0; i < items.size(); i++) {
            if (errors[i] != null) {
                results.add(BatchRow.failed(ids[i], errors[i]));
            } else {
                Catalogue.Result out = outcomes.get(next++);
                results.add(new BatchRow(ids[i], rows(out), out.confidence().label(), null));
            }
        }
        write(ctx, new BatchView(results));
    }

    /** Serialises {@code view} straight to the response stream. */
    private void write(Context ctx, Object view) {
        ctx.contentType("application/json");
        try {
            json.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(ctx.outputStream(), view);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("writing the answer", e);
        }
    }

    private static List<MatchRow> rows(Catalogue.Result out) {
        return out.matches().stream().map(MatchRow::of).toList();
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
