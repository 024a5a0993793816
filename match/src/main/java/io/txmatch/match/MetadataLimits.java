package io.txmatch.match;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/**
 * What a merchant's {@code metadata} may be: a JSON object of at most {@value #MAX_BYTES} bytes in its compact UTF-8
 * form (as the catalogue stores it), nested at most {@value #MAX_DEPTH} deep (the object itself is depth 1, an
 * object or array inside it depth 2), with at most {@value #MAX_KEYS} keys in all its objects together. Checked by
 * streaming, so a document that breaks a limit never becomes a tree: what the catalogue stores, and so what it
 * replays at start, is bounded by these limits.
 *
 * <pre>{@code
 * MetadataLimits.check("{\"store\": 12, \"tags\": [\"a\", \"b\"]}");   // fine
 * MetadataLimits.check("{\"a\": [[[[[[[[[]]]]]]]]]}");                  // IllegalArgumentException: deeper than 8
 * }</pre>
 */
public final class MetadataLimits {
    /** Most bytes of the compact UTF-8 JSON text. */
    public static final int MAX_BYTES = 4096;
    /** Deepest nesting of objects and arrays, the metadata object itself counted as 1. */
    public static final int MAX_DEPTH = 8;
    /** Most keys, counted over every object inside the metadata, itself included. */
    public static final int MAX_KEYS = 64;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build()).build();

    private MetadataLimits() {
    }

    /**
     * Checks the compact JSON text of a metadata object against the limits.
     *
     * @throws IllegalArgumentException naming the limit broken, or when the text is not one JSON object
     */
    public static void check(String compact) {
        int bytes = utf8Length(compact);
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("merchant metadata is " + bytes + " bytes as compact JSON; at most "
                    + MAX_BYTES + " are allowed");
        }
        int keys = 0;
        int depth = 0;
        try (JsonParser p = JSON.createParser(compact)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("merchant metadata must be a JSON object");
            }
            depth = 1;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (depth == 0) {
                    throw new IllegalArgumentException("merchant metadata must be one JSON object");
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    if (++depth > MAX_DEPTH) {
                        throw new IllegalArgumentException(deeper());
                    }
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.FIELD_NAME && ++keys > MAX_KEYS) {
                    throw new IllegalArgumentException("merchant metadata has more than " + MAX_KEYS + " keys in all");
                }
            }
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new IllegalArgumentException(deeper(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("merchant metadata is not valid JSON", e);
        }
        if (depth != 0) {
            throw new IllegalArgumentException("merchant metadata is not valid JSON");
        }
    }

    private static String deeper() {
        return "merchant metadata nests deeper than " + MAX_DEPTH + " levels (the object itself is level 1)";
    }

    /** Bytes of {@code s} in UTF-8, counted without encoding it. */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
