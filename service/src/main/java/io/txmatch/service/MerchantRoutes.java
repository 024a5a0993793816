package io.txmatch.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.txmatch.match.Catalogue;
import io.txmatch.match.CatalogueException;
import io.txmatch.model.TextNormaliser;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /v1/merchants}: enrol, put (by external id), list, read, patch, delete a merchant, add, list and remove its
 * examples, add negatives, each within the request's tenant. A path's {@code {id}} is the merchant's {@code m_} id or
 * its external id. Requests become {@link Catalogue} calls; answers are {@link MerchantView}s.
 */
final class MerchantRoutes {
    /** Most examples in one enrolment or one addition. */
    static final int MAX_EXAMPLES = 100;
    /** Largest page of the merchant list. */
    static final int MAX_PAGE = 1000;
    /** Page size of the merchant list when the request names none. */
    static final int DEFAULT_PAGE = 100;

    /** Most negatives in one addition. */
    static final int MAX_NEGATIVES = 100;
    /** The fields of a merchant's body ({@code POST /v1/merchants}, {@code PUT /v1/merchants/{externalId}}). */
    static final Set<String> MERCHANT_FIELDS = Set.of("name", "examples", "category", "metadata");
    /** The fields a {@code PATCH} may change. */
    static final Set<String> PATCH_FIELDS = Set.of("name", "category", "metadata");

    /**
     * A merchant as the API shows it: its example count, not its examples; {@code externalId}, {@code category} and
     * {@code metadata} only when set, {@code negatives} (a count) only when it has some.
     */
    record MerchantView(String id, @JsonInclude(JsonInclude.Include.NON_NULL) String externalId, String name, int examples,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int negatives,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String category,
                        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String metadata, String createdAt) {
        static MerchantView of(Catalogue.Merchant m) {
            return new MerchantView(m.id(), m.externalId(), m.name(), m.examples().size(), m.negatives().size(), m.category(),
                    m.metadata(), m.createdAt());
        }
    }

    /** One example of a merchant and its index (what {@code DELETE .../examples/{index}} names). */
    record ExampleView(int index, String text) {
    }

    /** {@code GET /v1/merchants/{id}/examples}: every example, in index order. */
    record ExamplesView(String merchantId, List<ExampleView> examples) {
    }

    /** One page of the list; {@code nextCursor} is null on the last page. */
    record MerchantPage(List<MerchantView> merchants, String nextCursor) {
    }

    private final Supplier<Catalogue> catalogue;
    private final ObjectMapper json;
    private final IdempotencyKeys idempotency = new IdempotencyKeys(Clock.systemUTC());

    /** @param catalogue the loaded catalogue (503 while loading) */
    MerchantRoutes(Supplier<Catalogue> catalogue, ObjectMapper json) {
        this.catalogue = catalogue;
        this.json = json;
    }

    /** {@code POST /v1/merchants}: 201 with the merchant and its {@code Location}; {@link IdempotencyKeys} apply. */
    void enrol(Context ctx) throws IOException {
        Catalogue c = catalogue.get();
        idempotency.answer(ctx, () -> {
            JsonInput in = JsonInput.of(ctx, json);
            String name = in.text("name", TextNormaliser.MAX_TEXT);
            List<String> examples = in.texts("examples", MAX_EXAMPLES, TextNormaliser.MAX_TEXT);
            String category = in.optionalText("category", TextNormaliser.MAX_TEXT);
            String metadata = in.optionalMetadata("metadata", json);
            Catalogue.Merchant m = c.enrol(Auth.tenant(ctx), name, category, metadata, examples);
            return answer(201, m);
        });
    }

    /**
     * {@code PUT /v1/merchants/{externalId}}: creates (201, with {@code Location}) or replaces (200) the tenant's
     * merchant of that external id: name, category, metadata and examples as given, absent ones unset. Idempotent.
     */
    void put(Context ctx) throws IOException {
        Catalogue c = catalogue.get();
        JsonInput in = JsonInput.of(ctx, json).only(null, MERCHANT_FIELDS);
        String name = in.text("name", TextNormaliser.MAX_TEXT);
        List<String> examples = in.texts("examples", MAX_EXAMPLES, TextNormaliser.MAX_TEXT);
        String category = in.optionalText("category", TextNormaliser.MAX_TEXT);
        String metadata = in.optionalMetadata("metadata", json);
        Catalogue.Put put = c.put(Auth.tenant(ctx), ctx.pathParam("id"), name, category, metadata, examples);
        if (put.created()) {
            ctx.status(201).header("Location", location(put.merchant()));
        }
        ctx.json(MerchantView.of(put.merchant()));
    }

    /**
     * {@code PATCH /v1/merchants/{id}}: JSON merge patch (RFC 7396, {@code application/merge-patch+json} or
     * {@code application/json}) of {@code name}, {@code category} and {@code metadata}; null removes category or
     * metadata, metadata objects merge key by key.
     */
    void patch(Context ctx) throws IOException {
        Catalogue c = catalogue.get();
        JsonInput in = JsonInput.of(ctx, json, "application/merge-patch+json", "application/json").only(null, PATCH_FIELDS);
        if (in.isNull("name")) {
            throw ApiProblem.badRequest("'name' cannot be removed: a merchant has a name");
        }
        String name = in.optionalText("name", TextNormaliser.MAX_TEXT);
        String category = in.optionalText("category", TextNormaliser.MAX_TEXT);
        String metadata = in.optionalMetadata("metadata", json);
        Catalogue.Patch patch = new Catalogue.Patch(name, in.present("category"), category, in.present("metadata"), metadata);
        ctx.json(MerchantView.of(c.patch(Auth.tenant(ctx), ctx.pathParam("id"), patch)));
    }

    /** {@code GET /v1/merchants/{id}/examples}: the merchant's examples with their indexes. */
    void examples(Context ctx) {
        Catalogue.Merchant m = merchant(ctx);
        List<ExampleView> all = new ArrayList<>(m.examples().size());
        for (int i = 0; i < m.examples().size(); i++) {
            all.add(new ExampleView(i, m.examples().get(i)));
        }
        ctx.json(new ExamplesView(m.id(), all));
    }

    /** {@code DELETE /v1/merchants/{id}/examples/{index}}: 204; 404 for no such index; 409 for the last example. */
    void removeExample(Context ctx) throws IOException {
        String raw = ctx.pathParam("index");
        int index;
        try {
            index = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("an example index is an integer from 0, got '" + raw + "'");
        }
        catalogue.get().removeExample(Auth.tenant(ctx), ctx.pathParam("id"), index);
        ctx.status(204);
    }

    /**
     * {@code POST /v1/merchants/{id}/negatives}: {@code texts} that are not this merchant; a match of a text that
     * normalises to one of them never returns it. The merchant with its negative count; {@link IdempotencyKeys} apply.
     */
    void addNegatives(Context ctx) throws IOException {
        Catalogue c = catalogue.get();
        idempotency.answer(ctx, () -> {
            List<String> texts = JsonInput.of(ctx, json).only(null, Set.of("texts"))
                    .texts("texts", MAX_NEGATIVES, TextNormaliser.MAX_TEXT);
            return answer(200, c.addNegatives(Auth.tenant(ctx), ctx.pathParam("id"), texts));
        });
    }

    /** {@code GET /v1/merchants/{id}}: by its {@code m_} id or its external id. */
    void get(Context ctx) {
        ctx.json(MerchantView.of(merchant(ctx)));
    }

    private Catalogue.Merchant merchant(Context ctx) {
        String id = ctx.pathParam("id");
        return catalogue.get().get(Auth.tenant(ctx), id).orElseThrow(() -> CatalogueException.noSuchMerchant(id));
    }

    private static String location(Catalogue.Merchant m) {
        return "/v1/merchants/" + m.id();
    }

    /** The answer showing {@code m}: {@code Location} with 201. */
    private IdempotencyKeys.Answer answer(int status, Catalogue.Merchant m) throws IOException {
        return new IdempotencyKeys.Answer(status, status == 201 ? location(m) : null, json.writeValueAsBytes(MerchantView.of(m)));
    }

    /**
     * {@code GET /v1/merchants?limit=&cursor=}: the tenant's merchants in id order, a page at a time; a cursor that is
     * not a merchant id ({@link Catalogue#ID}) is a 400.
     */
    void list(Context ctx) {
        Catalogue c = catalogue.get();
        int limit = queryInt(ctx, "limit", 1, MAX_PAGE, DEFAULT_PAGE);
        String cursor = ctx.queryParam("cursor");
        if (cursor != null && !Catalogue.ID.matcher(cursor).matches()) {
            throw ApiProblem.badRequest("'cursor' must be the nextCursor of an earlier page");
        }
        List<Catalogue.Merchant> page = c.list(Auth.tenant(ctx), limit + 1, cursor);
        ctx.json(new MerchantPage(page.stream().limit(limit).map(MerchantView::of).toList(),
                page.size() > limit ? page.get(limit - 1).id() : null));
    }

    /** {@code DELETE /v1/merchants/{id}}: 204. */
    void delete(Context ctx) throws IOException {
        catalogue.get().delete(Auth.tenant(ctx), ctx.pathParam("id"));
        ctx.status(204);
    }

    /** {@code POST /v1/merchants/{id}/examples}: the merchant with its new example count; {@link IdempotencyKeys} apply. */
    void addExamples(Context ctx) throws IOException {
        Catalogue c = catalogue.get();
        idempotency.answer(ctx, () -> {
            List<String> texts = JsonInput.of(ctx, json).texts("texts", MAX_EXAMPLES, TextNormaliser.MAX_TEXT);
            return answer(200, c.addExamples(Auth.tenant(ctx), ctx.pathParam("id"), texts));
        });
    }

    private static int queryInt(Context ctx, String name, int min, int max, int fallback) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the problem below
        }
        throw ApiProblem.badRequest("'" + name + "' must be an integer " + min + ".." + max + ", got '" + v + "'");
    }
}
