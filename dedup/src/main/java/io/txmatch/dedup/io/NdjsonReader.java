package io.txmatch.dedup.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.txmatch.dedup.DedupRecord;
import io.txmatch.model.ExactJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * NDJSON input: one JSON object per line, blank lines skipped, a leading byte-order mark ignored. A field is
 * a string or a number; numbers are read exactly ({@link ExactJson}), so an amount keeps every digit. The id,
 * the text and every key field are required; amount and date may be missing or null.
 */
public final class NdjsonReader implements RecordReader {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final Columns columns;
    /** Made on first use, also after the reader travelled to another JVM. */
    private transient ObjectMapper json;

    /** A reader of input named {@code source} in messages. */
    public NdjsonReader(String source, Columns columns) {
        this.source = source;
        this.columns = columns;
    }

    @Override
    public void readRows(Reader in, boolean fields, Rows sink) throws IOException {
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
        String line;
        long number = 0;
        boolean any = false;
        while ((line = lines.readLine()) != null) {
            number++;
            any |= !line.replace("\uFEFF", "").isBlank();
            try {
                JsonNode node = object(line, number);
                if (node != null) {
                    sink.record(number, record(node, number), fields ? fields(node) : Map.of());
                }
            } catch (BadRow e) {
                sink.bad(e.withRow(source, line));
            }
        }
        if (!any) {
            throw new IllegalArgumentException(source + ": empty file (no JSON lines)");
        }
    }

    private static Map<String, Object> fields(JsonNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue()));
        return out;
    }

    /** {@inheritDoc} A blank line holds none. */
    @Override
    public DedupRecord readLine(String line, long number) {
        JsonNode node = object(line, number);
        return node == null ? null : record(node, number);
    }

    /** The JSON object on a line, or null for a blank line; throws {@link BadRow}. */
    private JsonNode object(String line, long number) {
        String s = line.strip();
        if (s.startsWith("\uFEFF")) {
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            return null;
        }
        if (json == null) {
            json = ExactJson.mapper();
        }
        JsonNode node;
        try {
            node = json.readTree(s);
        } catch (JacksonException e) {
            throw new BadRow(source, number, "not a JSON object: " + e.getOriginalMessage(), null);
        }
        if (node == null || !node.isObject()) {
            throw new BadRow(source, number, "not a JSON object", null);
        }
        return node;
    }

    private DedupRecord record(JsonNode node, long number) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String k : columns.keys()) {
            keys.put(k, scalar(number, node, k, true));
        }
        return Fields.record(source, number, scalar(number, node, columns.id(), true), scalar(number, node, columns.text(), true),
                columns.amount() == null ? null : amount(number, node, columns.amount()),
                columns.date() == null ? null : scalar(number, node, columns.date(), false), keys);
    }

    private String scalar(long line, JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new BadRow(source, line, "field \"" + field + "\" is missing", null);
            }
            return null;
        }
        if (!v.isValueNode()) {
            throw new BadRow(source, line, "field \"" + field + "\" must be a string or number", null);
        }
        return v.isNumber() ? Fields.plain(source, line, field, v.decimalValue()) : v.asText();
    }

    /** The amount field as text for {@link Fields}: a number in its exact short form ({@code 1E+3}), never spelt out. */
    private String amount(long line, JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isNumber() ? v.decimalValue().toString() : scalar(line, node, field, false);
    }
}
