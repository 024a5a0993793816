package io.txmatch.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.txmatch.match.Catalogue;
import io.txmatch.match.CatalogueException;
import io.txmatch.model.TextNormaliser;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /v1/merchants}: enrol, list, read, delete a merchant and add examples to it, each within the request's
 * tenant. Requests become {@link Catalogue} calls; answers are {@link MerchantView}s.
 */
final class MerchantRoutes {
    /** Most examples in one enrolment or one addition. */
    static final int MAX_EXAMPLES = 100;
    /** Largest page of the merchant list. */
    static final int MAX_PAGE = 1000;
    /** Page size of the merchant list when the request names none. */
    static final int DEFAULT_PAGE = 100;

    /** A merchant as the API shows it: its example count, not its examples. */
    record MerchantView(String id, String name, int examples, @JsonInclude(JsonInclude.Include.NON_NULL) String category,
                        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String metadata, String createdAt) {
        static MerchantView of(Catalogue.Merchant m) {
            return new MerchantView(m.id(), m.name(), m.examples().size(), m.category(), m.metadata(), m.createdAt());
        }
    }

    /** One page of the list; {@code nextCursor} is null on the last page. */
    record MerchantPage(List<MerchantView> merchants, String nextCursor) {
    }

    private final Supplier<Catalogue> catalogue;
    private final ObjectMapper json;

    /** @param catalogue the loaded catalogue (503 while loading) */
    MerchantRoutes(Supplier<Catalogue> catalogue, ObjectMapper json) {
        this.catalogue = catalogue;
        this.json = json;
    }

    /** {@code POST /v1/merchants}: 201 with the merchant and its {@code Location}. */
    void enrol(Context ctx) throws IOException {
        Catalogue c = catalogue.get();
        JsonInput in = JsonInput.of(ctx, json);
        String name = in.text("name", TextNormaliser.MAX_TEXT);
        List<String> examples = in.texts("examples", MAX_EXAMPLES, TextNormaliser.MAX_TEXT);
        String category = in.optionalText("category", TextNormaliser.MAX_TEXT);
        String metadata = in.optionalMetadata("metadata", json);
        Catalogue.Merchant m = c.enrol(Auth.tenant(ctx), name, category, metadata, examples);
        ctx.status(201).header("Location", "/v1/merchants/" + m.id()).json(MerchantView.of(m));
    }

    /** {@code GET /v1/merchants/{id}}. */
    void get(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.json(MerchantView.of(catalogue.get().get(Auth.tenant(ctx), id).orElseThrow(() -> CatalogueException.noSuchMerchant(id))));
    }

    /** {@code GET /v1/merchants?limit=&cursor=}: the tenant's merchants in id order, a page at a time. */
    void list(Context ctx) {
        Catalogue c = catalogue.get();
        int limit = queryInt(ctx, "limit", 1, MAX_PAGE, DEFAULT_PAGE);
        String cursor = ctx.queryParam("cursor");
        if (cursor != null && (cursor.isBlank() || cursor.length() > TextNormaliser.MAX_TEXT)) {
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

    /** {@code POST /v1/merchants/{id}/examples}: the merchant with its new example count. */
    void addExamples(Context ctx) throws IOException {
        Catalogue c = catalogue.get();
        String id = ctx.pathParam("id");
        List<String> texts = JsonInput.of(ctx, json).texts("texts", MAX_EXAMPLES, TextNormaliser.MAX_TEXT);
        ctx.json(MerchantView.of(c.addExamples(Auth.tenant(ctx), id, texts)));
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
