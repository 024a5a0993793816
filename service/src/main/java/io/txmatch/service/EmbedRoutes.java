package io.txmatch.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.txmatch.index.Codes;
import io.txmatch.match.Catalogue;
import io.txmatch.model.Encoder;
import io.txmatch.model.TextNormaliser;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code POST /v1/embed}: texts through the served encoder ({@link Encoder#encode}, the one the catalogue matches
 * with), answered as the bundle's normalised text, unit-norm embedding and binary code of each, in input order. The
 * code is the one {@code /v1/match} reports for the same text.
 */
final class EmbedRoutes {
    /** Most texts in one request. */
    static final int MAX_TEXTS = 1000;

    /** One text's answer: what the encoder saw, its embedding, its code in hex ({@link Codes#toHex}). */
    record Embedding(String normalised, float[] embedding, String code) {
    }

    /** The answer: which bundle encoded, its code width, one {@link Embedding} per text in input order. */
    record EmbedView(String bundle, int bits, List<Embedding> results) {
    }

    private final Supplier<Catalogue> catalogue;
    private final Supplier<String> bundle;
    private final ObjectMapper json;

    /**
     * @param catalogue the loaded catalogue (503 while loading), whose encoder serves
     * @param bundle    the loaded bundle's id ({@link TxmatchServer}: the content hash of its file)
     */
    EmbedRoutes(Supplier<Catalogue> catalogue, Supplier<String> bundle, ObjectMapper json) {
        this.catalogue = catalogue;
        this.bundle = bundle;
        this.json = json;
    }

    /** {@code POST /v1/embed}: {@code texts}, 1..{@link #MAX_TEXTS} strings of up to {@link TextNormaliser#MAX_TEXT}. */
    void embed(Context ctx) {
        Catalogue c = catalogue.get();
        List<String> texts = JsonInput.of(ctx, json).only("texts").texts("texts", MAX_TEXTS, TextNormaliser.MAX_TEXT);
        Encoder encoder = c.encoder();
        Encoder.Encoded enc = encoder.encode(texts);
        List<Embedding> results = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            results.add(new Embedding(encoder.normaliser().normalise(texts.get(i)), enc.embeddings()[i],
                    Codes.toHex(enc.codes()[i], c.bits())));
        }
        ctx.json(new EmbedView(bundle.get(), c.bits(), results));
    }
}
