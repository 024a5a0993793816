package io.txmatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** What the reliability tests know of a catalogue: merchants they enrolled, and how to check them over HTTP. */
final class Catalogue {
    private Catalogue() {
    }

    /** A distinct letters-only descriptor (digits would normalise to zeros and collide). */
    static String uniqueText(Random r, Set<String> used) {
        while (true) {
            StringBuilder sb = new StringBuilder("POS PURCHASE ");
            for (int w = 0; w < 3; w++) {
                for (int c = 0; c < 5; c++) {
                    sb.append((char) ('A' + r.nextInt(26)));
                }
                sb.append(' ');
            }
            String text = sb.append("TEMPE AZ").toString();
            synchronized (used) {
                if (used.add(text)) {
                    return text;
                }
            }
        }
    }

    /** Every merchant the server lists: id to its first example. */
    static Map<String, JsonNode> list(Api api) throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        String cursor = null;
        do {
            Api.Reply page = api.get("/v1/merchants?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            page.body().get("merchants").forEach(m -> out.put(m.get("id").asText(), m));
            JsonNode next = page.body().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        return out;
    }

    /**
     * Ids among {@code expected} (id to the text it was enrolled with) that are not listed, or whose own text
     * does not match them first: each such id is a lost or wrong enrolment.
     */
    static List<String> missingOrUnmatched(Api api, Map<String, String> expected) throws Exception {
        Map<String, JsonNode> listed = list(api);
        List<String> bad = new ArrayList<>();
        List<String> ids = new ArrayList<>(expected.keySet());
        for (int from = 0; from < ids.size(); from += 1000) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + 1000));
            ObjectNode body = Api.JSON.createObjectNode().put("k", 1);
            ArrayNode items = body.putArray("items");
            part.forEach(id -> items.addObject().put("id", id).put("text", expected.get(id)));
            Api.Reply r = api.post("/v1/match/batch", body.toString());
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            JsonNode results = r.body().get("results");
            for (int i = 0; i < part.size(); i++) {
                String id = part.get(i);
                JsonNode top = results.get(i).get("matches");
                if (!listed.containsKey(id) || top.isEmpty() || !top.get(0).get("merchantId").asText().equals(id)) {
                    bad.add(id);
                }
            }
        }
        return bad;
    }
}
