package io.txmatch.dedup.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.txmatch.dedup.DedupRecord;
import io.txmatch.model.ExactJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    public List<DedupRecord> readAll(Reader in) throws IOException {
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
        List<DedupRecord> out = new ArrayList<>();
        String line;
        long number = 0;
        while ((line = lines.readLine()) != null) {
            DedupRecord r = readLine(line, ++number);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** {@inheritDoc} A blank line holds none. */
    @Override
    public DedupRecord readLine(String line, long number) {
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
            throw new IllegalArgumentException(source + ": line " + number + ": not a JSON object: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(source + ": line " + number + ": not a JSON object");
        }
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
                throw new IllegalArgumentException(source + ": line " + line + ": field \"" + field + "\" is missing");
            }
            return null;
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException(source + ": line " + line + ": field \"" + field + "\" must be a string or number");
        }
        return v.isNumber() ? Fields.plain(source, line, field, v.decimalValue()) : v.asText();
    }

    /** The amount field as text for {@link Fields}: a number in its exact short form ({@code 1E+3}), never spelt out. */
    private String amount(long line, JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isNumber() ? v.decimalValue().toString() : scalar(line, node, field, false);
    }
}
