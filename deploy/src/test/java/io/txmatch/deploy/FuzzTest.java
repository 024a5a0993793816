package io.txmatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz: 10,000 malformed, oversized, wrong-type and random requests across every endpoint. None may answer
 * 5xx; afterwards the server is still ready and the stored merchants are exactly what they were. Every request
 * is invalid by construction (or only reads), so no stored data may change. Seeded.
 */
@Tag("reliability")
class FuzzTest {
    private static final int REQUESTS = 10_000;

    @TempDir
    Path dir;

    private Random r;

    /** A string no text field accepts: empty, blank or too long. */
    private String text() {
        return switch (r.nextInt(3)) {
            case 0 -> "";
            case 1 -> " \t ";
            default -> "X".repeat(513 + r.nextInt(2000));
        };
    }

    /** A JSON value of a type no field expects here (or a bad string). */
    private String wrongValue() {
        return switch (r.nextInt(7)) {
            case 0 -> "null";
            case 1 -> Long.toString(r.nextLong());
            case 2 -> "[1, 2, 3]";
            case 3 -> "{\"nested\": {\"deep\": [true]}}";
            case 4 -> "true";
            case 5 -> "1e309";
            default -> Api.JSON.valueToTree(text()).toString();
        };
    }

    private byte[] randomBytes() {
        byte[] b = new byte[r.nextInt(300)];
        r.nextBytes(b);
        return b;
    }

    /** An invalid body for each endpoint, mostly JSON with one thing wrong, sometimes not JSON at all. */
    private byte[] body(String kind) {
        int pick = r.nextInt(12);
        if (pick == 0) {
            return randomBytes();
        }
        if (pick == 1) {
            return "{\"text\": \"unterminated".getBytes(StandardCharsets.UTF_8);
        }
        if (pick == 2) {
            return "[]".getBytes(StandardCharsets.UTF_8);
        }
        String json = switch (kind) {
            case "enrol" -> r.nextBoolean() ? "{\"name\": " + wrongValue() + ", \"examples\": [\"SHELL OIL\"]}"
                    : "{\"name\": \"Shell\", \"examples\": " + (r.nextBoolean() ? wrongValue() : "[" + wrongValue() + "]") + "}";
            case "examples" -> "{\"texts\": " + (r.nextBoolean() ? wrongValue() : "[" + wrongValue() + "]") + "}";
            case "match" -> switch (r.nextInt(3)) {
                case 0 -> "{\"text\": " + wrongValue() + "}";
                case 1 -> "{\"text\": \"SHELL OIL\", \"k\": " + (r.nextBoolean() ? 0 : 101 + r.nextInt(1000)) + "}";
                default -> "{\"text\": \"SHELL OIL\", \"maxDistance\": " + (r.nextBoolean() ? -1 : 65 + r.nextInt(100)) + "}";
            };
            case "batch" -> r.nextBoolean() ? "{\"items\": [{\"text\": " + wrongValue() + "}]}" : "{\"items\": " + wrongValue() + "}";
            default -> switch (r.nextInt(4)) {
                case 0 -> "{\"records\": [{\"id\": \"a\", \"text\": " + wrongValue() + "}]}";
                case 1 -> "{\"records\": [{\"id\": \"a\", \"text\": \"SHELL\", \"amount\": " + wrongValue() + "}, {\"id\": \"a\","
                        + " \"text\": \"SHELL\"}]}";
                case 2 -> "{\"records\": [{\"id\": \"a\", \"text\": \"SHELL\", \"date\": " + wrongValue() + "}],"
                        + " \"maxDateGapDays\": 3}";
                default -> "{\"records\": [{\"id\": \"a\", \"text\": \"SHELL\"}], \"threshold\": " + (r.nextBoolean() ? 2 : -1) + "}";
            };
        };
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void ten_thousand_bad_requests_get_no_5xx_and_change_nothing() throws Exception {
        r = new Random(31337);
        Path keys = LocalTxmatch.writeKeys(dir);
        try (LocalTxmatch txmatch = LocalTxmatch.start(dir.resolve("data"), keys)) {
            String url = txmatch.awaitReady(120);
            Api api = new Api(url, LocalTwinEndToEndTest.KEY);
            Api anonymous = new Api(url, null);
            Api wrongKey = new Api(url, "not-a-key-of-this-server-000");
            String known = Scenario.enrol(api, "Outback Steakhouse", "CHECKCARD 0615 OUTBACK STEAKHOUSE 0310 TEMPE AZ");
            Scenario.enrol(api, "Walmart", "POS PURCHASE WAL-MART #0931 DALLAS TX");
            Map<String, JsonNode> before = new TreeMap<>(Catalogue.list(api));
            byte[] huge = new byte[(1 << 20) + 10];
            java.util.Arrays.fill(huge, (byte) 'A');
            Map<Integer, Integer> statuses = new TreeMap<>();
            int fiveHundreds = 0;
            for (int i = 0; i < REQUESTS; i++) {
                Api who = switch (r.nextInt(20)) {
                    case 0 -> anonymous;
                    case 1 -> wrongKey;
                    default -> api;
                };
                String id = r.nextInt(4) == 0 ? known : "m_" + Long.toHexString(r.nextLong());
                Supplier<String> type = () -> switch (r.nextInt(10)) {
                    case 0 -> "text/plain";
                    case 1 -> null;
                    case 2 -> "application/xml";
                    default -> "application/json";
                };
                Api.Reply reply = switch (r.nextInt(16)) {
                    case 0 -> who.raw("POST", "/v1/merchants", type.get(), body("enrol"));
                    case 1 -> who.raw("POST", "/v1/merchants/" + id + "/examples", type.get(), body("examples"));
                    case 2 -> who.raw("POST", "/v1/match", type.get(), body("match"));
                    case 3 -> who.raw("POST", "/v1/match/batch", type.get(), body("batch"));
                    case 4 -> who.raw("POST", "/v1/dedup/jobs", type.get(), body("dedup"));
                    case 5 -> who.get("/v1/merchants/" + id);
                    case 6 -> who.get("/v1/merchants?limit=" + (r.nextBoolean() ? "-" + r.nextInt(9) : "x" + r.nextInt())
                            + "&cursor=" + r.nextInt());
                    case 7 -> who.raw("DELETE", "/v1/merchants/m_" + Long.toHexString(r.nextLong()), null, null);
                    case 8 -> who.get("/v1/dedup/jobs/job_" + Long.toHexString(r.nextLong()));
                    case 9 -> who.raw("DELETE", "/v1/dedup/jobs/job_" + Long.toHexString(r.nextLong()), null, null);
                    case 10 -> who.raw(r.nextBoolean() ? "PUT" : "PATCH", "/v1/merchants/" + id, "application/json", body("enrol"));
                    case 11 -> who.raw("GET", "/v1/" + Long.toHexString(r.nextLong()) + "/%2e%2e/" + r.nextInt(), null, null);
                    case 12 -> who.raw("POST", "/v1/match", "application/json", r.nextInt(50) == 0 ? huge : randomBytes());
                    case 13 -> who.raw("POST", "/v1/match/batch", "application/json",
                            ("{\"items\": [" + "{\"text\": \"A\"},".repeat(1000) + "{\"text\": \"B\"}]}").getBytes(StandardCharsets.UTF_8));
                    case 14 -> who.get("/health/ready");
                    default -> who.raw("POST", "/v1/merchants", "application/json; charset=utf-8",
                            ("{\"name\": \"x\", \"examples\": [" + "\"E\",".repeat(100) + "\"F\"]}").getBytes(StandardCharsets.UTF_8));
                };
                statuses.merge(reply.status(), 1, Integer::sum);
                if (reply.status() >= 500) {
                    fiveHundreds++;
                    System.out.println("5xx: " + reply.status() + " " + reply.raw());
                }
            }
            assertThat(api.get("/health/ready").status()).isEqualTo(200);
            boolean unchanged = new TreeMap<>(Catalogue.list(api)).equals(before);
            System.out.printf("fuzz requests=%d status5xx=%d unchanged=%s statuses=%s%n", REQUESTS, fiveHundreds, unchanged, statuses);
            assertThat(fiveHundreds).isZero();
            assertThat(unchanged).as("stored merchants unchanged").isTrue();
        }
    }
}
