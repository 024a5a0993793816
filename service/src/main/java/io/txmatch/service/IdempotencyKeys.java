package io.txmatch.service;

import io.javalin.http.Context;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@value #HEADER} header of the catalogue's POSTs: a retried request with the same key and the same request
 * (method, path and body bytes) gets the first answer again, with {@code Idempotent-Replayed: true}, instead of
 * enrolling twice; the same key with another request is a 422, and while the first is still being answered a 409.
 *
 * <pre>{@code
 * keys.answer(ctx, () -> new IdempotencyKeys.Answer(201, "/v1/merchants/" + id, bytes));
 * }</pre>
 *
 * <p>Kept in memory, per tenant: the answers of the last {@value #MAX_PER_TENANT} keys of each tenant, for
 * {@link #WINDOW} (24 h) each; a restart forgets them (a retry after a restart enrols again). Only successful
 * answers are kept: a request refused (4xx, 5xx) frees its key, so a retry runs again.
 */
final class IdempotencyKeys {
    /** The request header. */
    static final String HEADER = "Idempotency-Key";
    /** The answer header set on a replayed answer. */
    static final String REPLAYED = "Idempotent-Replayed";
    /** How long a key's answer is kept. */
    static final Duration WINDOW = Duration.ofHours(24);
    /** Keys kept per tenant; the oldest is forgotten first. */
    static final int MAX_PER_TENANT = 10_000;
    /** Longest key, in characters (printable ASCII). */
    static final int MAX_KEY = 255;

    /** A successful answer as sent: status, {@code Location} (or null) and the JSON body. */
    record Answer(int status, String location, byte[] body) {
    }

    /** A write that answers. */
    @FunctionalInterface
    interface Write {
        Answer run() throws IOException;
    }

    // fingerprint: the request's method, path and body digest; answer null while the first request runs.
    private record Kept(String fingerprint, Instant at, Answer answer) {
    }

    private final Clock clock;
    private final Map<String, LinkedHashMap<String, Kept>> byTenant = new HashMap<>(); // guarded by this

    IdempotencyKeys(Clock clock) {
        this.clock = clock;
    }

    /** Runs {@code write} and sends its answer, unless the request's key has answered before (then that answer). */
    void answer(Context ctx, Write write) throws IOException {
        String key = ctx.header(HEADER);
        if (key == null) {
            send(ctx, write.run(), false);
            return;
        }
        if (key.isEmpty() || key.length() > MAX_KEY || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ApiProblem.badRequest("'" + HEADER + "' must be 1.." + MAX_KEY + " printable ASCII characters");
        }
        String tenant = Auth.tenant(ctx);
        String fingerprint = ctx.method() + " " + ctx.path() + " " + digest(ctx.bodyAsBytes());
        Answer earlier = claim(tenant, key, fingerprint);
        if (earlier != null) {
            send(ctx, earlier, true);
            return;
        }
        Answer answer;
        try {
            answer = write.run();
        } catch (IOException | RuntimeException | Error e) {
            release(tenant, key);
            throw e;
        }
        keep(tenant, key, fingerprint, answer);
        send(ctx, answer, false);
    }

    /** The kept answer of {@code key}, or null after claiming it for this request. */
    synchronized Answer claim(String tenant, String key, String fingerprint) {
        LinkedHashMap<String, Kept> kept = byTenant.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
        Instant oldest = clock.instant().minus(WINDOW);
        for (Iterator<Kept> it = kept.values().iterator(); it.hasNext(); ) {
            Kept k = it.next();
            if (k.answer() == null || !k.at().isBefore(oldest)) {
                break; // in insertion order: the rest is younger
            }
            it.remove();
        }
        Kept k = kept.get(key);
        if (k != null) {
            if (!k.fingerprint().equals(fingerprint)) {
                throw new ApiProblem(422, Problems.titleOf(422), "'" + HEADER + "' " + key + " was used with another"
                        + " request (method, path or body) in the last " + WINDOW.toHours() + " h; use a new key");
            }
            if (k.answer() == null) {
                throw new ApiProblem(409, Problems.titleOf(409), "the request of '" + HEADER + "' " + key
                        + " is still being answered; retry later");
            }
            return k.answer();
        }
        if (kept.size() >= MAX_PER_TENANT) {
            Iterator<Kept> it = kept.values().iterator();
            it.next();
            it.remove();
        }
        kept.put(key, new Kept(fingerprint, clock.instant(), null));
        return null;
    }

    /** Keeps {@code answer} as the answer of claimed {@code key}. */
    synchronized void keep(String tenant, String key, String fingerprint, Answer answer) {
        byTenant.get(tenant).put(key, new Kept(fingerprint, clock.instant(), answer));
    }

    private synchronized void release(String tenant, String key) {
        byTenant.get(tenant).remove(key);
    }

    private static void send(Context ctx, Answer a, boolean replayed) {
        ctx.status(a.status());
        if (a.location() != null) {
            ctx.header("Location", a.location());
        }
        if (replayed) {
            ctx.header(REPLAYED, "true");
        }
        ctx.contentType("application/json").result(a.body());
    }

    private static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }
}
