package io.txmatch.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.txmatch.match.Catalogue;
import io.txmatch.model.TextNormaliser;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filter} of a match request, read into a {@link Catalogue.Filter}:
 * {@code {"category": "food" | ["food", "fuel"], "metadata": {"region": "EU" | ["EU", "UK"], ...}}}. A merchant
 * passes when its category is one of those named (when {@code category} is given) and, for each metadata key, its
 * top-level value is one of those named, scalars compared exactly (as compact JSON: {@code 1} is not {@code 1.0},
 * nor {@code "1"}). Unknown fields, empty lists and non-scalar values are 400s.
 */
final class MatchFilters {
    /** Most values one filter field lists, and most metadata keys. */
    static final int MAX_VALUES = 100;
    private static final Set<String> FIELDS = Set.of("category", "metadata");

    private MatchFilters() {
    }

    /** The request's {@code filter}, or {@link Catalogue.Filter#ANY} when it has none. */
    static Catalogue.Filter of(JsonInput in, ObjectMapper json) {
        JsonNode f = in.optionalObject("filter");
        if (f == null) {
            return Catalogue.Filter.ANY;
        }
        for (Iterator<String> names = f.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiProblem.badRequest("unknown field 'filter." + name + "'; known: category, metadata");
            }
        }
        Set<String> categories = null;
        JsonNode c = f.get("category");
        if (c != null && !c.isNull()) {
            categories = new HashSet<>();
            for (JsonNode v : values(c, "filter.category")) {
                if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > TextNormaliser.MAX_TEXT) {
                    throw ApiProblem.badRequest("'filter.category' lists categories: strings of 1.." + TextNormaliser.MAX_TEXT
                            + " characters");
                }
                categories.add(v.asText());
            }
        }
        Map<String, Set<String>> metadata = new HashMap<>();
        JsonNode m = f.get("metadata");
        if (m != null && !m.isNull()) {
            if (!m.isObject() || m.size() > MAX_VALUES) {
                throw ApiProblem.badRequest("'filter.metadata' must be an object of at most " + MAX_VALUES + " keys");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String where = "filter.metadata." + e.getKey();
                Set<String> wanted = new HashSet<>();
                for (JsonNode v : values(e.getValue(), where)) {
                    if (!v.isValueNode() || v.isNull()) {
                        throw ApiProblem.badRequest("'" + where + "' must be a string, number or boolean, or a list of them");
                    }
                    wanted.add(compact(json, v));
                }
                metadata.put(e.getKey(), wanted);
            }
        }
        return new Catalogue.Filter(categories, metadata);
    }

    /** A value or a non-empty list of at most {@link #MAX_VALUES} values. */
    private static List<JsonNode> values(JsonNode n, String where) {
        if (!n.isArray()) {
            return List.of(n);
        }
        if (n.isEmpty() || n.size() > MAX_VALUES) {
            throw ApiProblem.badRequest("'" + where + "' lists 1.." + MAX_VALUES + " values");
        }
        List<JsonNode> out = new java.util.ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    private static String compact(ObjectMapper json, JsonNode v) {
        try {
            return json.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
