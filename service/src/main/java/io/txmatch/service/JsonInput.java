package io.txmatch.service;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.txmatch.match.MetadataLimits;
import io.txmatch.model.ExactJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads and validates request bodies field by field, so every client mistake gets a precise 4xx. */
final class JsonInput {
    /**
     * Deepest nesting a request body may have: the body object (1) holding metadata at its deepest
     * ({@link MetadataLimits#MAX_DEPTH} more). Enforced while parsing, so a deeper body is refused before any tree
     * of it is built.
     */
    static final int MAX_DEPTH = 1 + MetadataLimits.MAX_DEPTH;

    private final JsonNode root;

    private JsonInput(JsonNode root) {
        this.root = root;
    }

    /**
     * The service's mapper: exact decimals ({@link ExactJson}), and a parser that refuses bodies nested deeper than
     * {@link #MAX_DEPTH} or longer than {@link TxmatchServer#MAX_BODY} while it reads them.
     */
    static ObjectMapper requestMapper() {
        ObjectMapper m = ExactJson.mapper();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                .maxDocumentLength(TxmatchServer.MAX_BODY).build());
        return m;
    }

    /**
     * Parses the body of {@code ctx} as a JSON object; 415 for another content type, 400 for bad JSON or JSON nested
     * deeper than {@link #MAX_DEPTH} (with {@link #requestMapper}).
     */
    static JsonInput of(Context ctx, ObjectMapper mapper) {
        return of(ctx, mapper, "application/json");
    }

    /** {@link #of(Context, ObjectMapper)} for a body of one of {@code types} (media types, parameters aside). */
    static JsonInput of(Context ctx, ObjectMapper mapper, String... types) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (java.util.Arrays.stream(types).noneMatch(type::startsWith)) {
            throw new ApiProblem(415, "Unsupported Media Type", "send the body as " + String.join(" or ", types));
        }
        JsonNode node;
        try {
            node = mapper.readTree(ctx.bodyAsBytes());
        } catch (StreamConstraintsException e) {
            throw ApiProblem.badRequest("body nests deeper than " + MAX_DEPTH + " levels (metadata: at most "
                    + MetadataLimits.MAX_DEPTH + ", the metadata object itself counted as 1)");
        } catch (IOException e) {
            throw ApiProblem.badRequest("body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiProblem.badRequest("body must be a JSON object");
        }
        return new JsonInput(node);
    }

    /** Whether the body names {@code field}, null or not (what a merge patch tells apart from absent). */
    boolean present(String field) {
        return root.has(field);
    }

    /** Whether {@code field} is present and null (a merge patch removing it). */
    boolean isNull(String field) {
        return root.has(field) && root.get(field).isNull();
    }

    /**
     * Refuses (400) a body with a field not among {@code known}, so a misspelt or unsupported option (a
     * {@code callbackUrl} the API does not have) is not silently ignored; returns this.
     */
    JsonInput only(String... known) {
        return only(null, java.util.Set.of(known));
    }

    /** A required string of {@code 1..max} characters after trimming. */
    String text(String field, int max) {
        return required(field, "'" + field + "'", max);
    }

    /** An optional string of {@code 1..max} characters, or null. */
    String optionalText(String field, int max) {
        return optional(field, "'" + field + "'", max);
    }

    private String required(String field, String what, int max) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw ApiProblem.badRequest(what + " is required");
        }
        return checkText(n, what, max);
    }

    private String optional(String field, String what, int max) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? null : checkText(n, what, max);
    }

    private static String checkText(JsonNode n, String what, int max) {
        if (!n.isTextual()) {
            throw ApiProblem.badRequest(what + " must be a string");
        }
        String s = n.asText();
        if (s.isBlank()) {
            throw ApiProblem.badRequest(what + " must not be empty");
        }
        if (s.length() > max) {
            throw ApiProblem.badRequest(what + " is longer than " + max + " characters");
        }
        return s;
    }

    /** A required array of {@code 1..maxItems} strings of {@code 1..maxLength} characters. */
    List<String> texts(String field, int maxItems, int maxLength) {
        JsonNode n = array(field, maxItems, "strings");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(checkText(n.get(i), "'" + field + "[" + i + "]'", maxLength));
        }
        return out;
    }

    private JsonNode array(String field, int maxItems, String of) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw ApiProblem.badRequest("'" + field + "' is required");
        }
        if (!n.isArray() || n.isEmpty()) {
            throw ApiProblem.badRequest("'" + field + "' must be a non-empty array of " + of);
        }
        if (n.size() > maxItems) {
            throw ApiProblem.badRequest("'" + field + "' has more than " + maxItems + " items");
        }
        return n;
    }

    /** An optional integer in {@code min..max}, or {@code fallback} when absent. */
    Integer optionalInt(String field, int min, int max, Integer fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw ApiProblem.badRequest("'" + field + "' must be an integer");
        }
        int v = n.intValue();
        if (v < min || v > max) {
            throw ApiProblem.badRequest("'" + field + "' must be " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    /** A required array of {@code 1..maxItems} JSON objects, each read with {@link #element}. */
    List<JsonInput> objects(String field, int maxItems) {
        List<JsonInput> out = elements(field, maxItems);
        for (int i = 0; i < out.size(); i++) {
            out.get(i).requireObject(field + "[" + i + "]");
        }
        return out;
    }

    /**
     * A required array of {@code 1..maxItems} values of any kind, each to be checked on its own ({@link #requireObject},
     * {@link #element}): what a batch reads when one bad element must not reject the others.
     */
    List<JsonInput> elements(String field, int maxItems) {
        JsonNode n = array(field, maxItems, "objects");
        List<JsonInput> out = new ArrayList<>(n.size());
        n.forEach(e -> out.add(new JsonInput(e)));
        return out;
    }

    /** This value, which must be a JSON object, named {@code where} in errors. */
    JsonInput requireObject(String where) {
        if (!root.isObject()) {
            throw ApiProblem.badRequest("'" + where + "' must be a JSON object");
        }
        return this;
    }

    /**
     * Refuses fields other than {@code known}: a misspelt or unsupported field is a 400 naming it, never silently
     * ignored. {@code where} names this object in errors (null for the body).
     */
    JsonInput only(String where, java.util.Set<String> known) {
        for (java.util.Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiProblem.badRequest("unknown field '" + (where == null ? "" : where + ".") + name + "'; known: "
                        + known.stream().sorted().collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        return this;
    }

    /** A required string field of an element of an array, named {@code where} in errors. */
    String element(String field, int max, String where) {
        return required(field, "'" + where + "." + field + "'", max);
    }

    /** An optional string field of an element of an array, or null. */
    String optionalElement(String field, int max, String where) {
        return optional(field, "'" + where + "." + field + "'", max);
    }

    /** An optional JSON object, or null. */
    JsonNode optionalObject(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw ApiProblem.badRequest("'" + field + "' must be a JSON object");
        }
        return n;
    }

    /** An optional metadata object within {@link MetadataLimits}, as compact JSON text, or null; 400 beyond them. */
    String optionalMetadata(String field, ObjectMapper mapper) {
        JsonNode n = optionalObject(field);
        if (n == null) {
            return null;
        }
        try {
            String compact = mapper.writeValueAsString(n);
            MetadataLimits.check(compact);
            return compact;
        } catch (IOException | IllegalArgumentException e) {
            throw ApiProblem.badRequest("'" + field + "': " + e.getMessage());
        }
    }

    /** An optional number in {@code min..max}, or {@code fallback} when absent. */
    Double optionalNumber(String field, double min, double max, Double fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber() || !(n.doubleValue() >= min && n.doubleValue() <= max)) {
            throw ApiProblem.badRequest("'" + field + "' must be a number " + min + ".." + max);
        }
        return n.doubleValue();
    }

    /** An optional boolean, or {@code fallback} when absent. */
    boolean optionalBoolean(String field, boolean fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw ApiProblem.badRequest("'" + field + "' must be true or false");
        }
        return n.booleanValue();
    }

    /** An optional decimal field of an element of an array, or null; named {@code where} in errors. */
    java.math.BigDecimal optionalDecimal(String field, String where) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw ApiProblem.badRequest("'" + where + "." + field + "' must be a number");
        }
        return n.decimalValue();
    }

    /** An optional {@code YYYY-MM-DD} field of an element of an array, or null; named {@code where} in errors. */
    java.time.LocalDate optionalDate(String field, String where) {
        String s = optionalElement(field, 10, where);
        if (s == null) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiProblem.badRequest("'" + where + "." + field + "' must be a date YYYY-MM-DD, got '" + s + "'");
        }
    }
}
