package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What the idempotency keys keep: an answer per key and tenant, for the window, the newest keys only. */
class IdempotencyKeysTest {
    /** A clock the test moves. */
    private static final class Hands extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final IdempotencyKeys.Answer ANSWER = new IdempotencyKeys.Answer(201, "/v1/merchants/m_1", new byte[] {'{', '}'});

    @Test
    void an_answer_is_kept_for_the_window_per_tenant_then_forgotten() {
        Hands clock = new Hands();
        IdempotencyKeys keys = new IdempotencyKeys(clock);
        assertThat(keys.claim("acme", "k", "POST /v1/merchants abc")).isNull();
        assertThatThrownBy(() -> keys.claim("acme", "k", "POST /v1/merchants abc")).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status()).as("still being answered").isEqualTo(409));
        keys.keep("acme", "k", "POST /v1/merchants abc", ANSWER);
        assertThat(keys.claim("acme", "k", "POST /v1/merchants abc")).isSameAs(ANSWER);
        assertThatThrownBy(() -> keys.claim("acme", "k", "POST /v1/merchants other")).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status()).isEqualTo(422));
        assertThat(keys.claim("globex", "k", "POST /v1/merchants other")).as("another tenant's key").isNull();
        clock.now = clock.now.plus(IdempotencyKeys.WINDOW).minusSeconds(1);
        assertThat(keys.claim("acme", "k", "POST /v1/merchants abc")).isSameAs(ANSWER);
        clock.now = clock.now.plus(Duration.ofSeconds(2));
        assertThat(keys.claim("acme", "k", "POST /v1/merchants other")).as("past the window: a new request").isNull();
    }

    @Test
    void a_tenant_keeps_the_newest_keys_only() {
        IdempotencyKeys keys = new IdempotencyKeys(new Hands());
        for (int i = 0; i <= IdempotencyKeys.MAX_PER_TENANT; i++) {
            assertThat(keys.claim("acme", "k" + i, "f")).isNull();
            keys.keep("acme", "k" + i, "f", ANSWER);
        }
        assertThat(keys.claim("acme", "k1", "f")).isSameAs(ANSWER);
        assertThat(keys.claim("acme", "k0", "other")).as("the oldest was forgotten").isNull();
    }
}
