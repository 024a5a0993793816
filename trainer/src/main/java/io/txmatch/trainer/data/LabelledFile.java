package io.txmatch.trainer.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import io.txmatch.model.TextNormaliser;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a user's labelled descriptors: (text, merchant) pairs, as CSV with a header row naming a
 * {@code text} and a {@code merchant} column (RFC 4180 quoting; other columns ignored), or NDJSON with one
 * object {@code {"text": ..., "merchant": ...}} per line. The format follows the extension ({@code .csv},
 * {@code .ndjson}, {@code .jsonl}), else the first character ({@code '{'} means NDJSON). UTF-8 only. Every
 * problem is reported with its line and the file is rejected whole: a half-read file would train or
 * evaluate on something other than what the user gave.
 */
public final class LabelledFile {

    private LabelledFile() {
    }

    /** Reads every pair of the file at {@code path}; family is {@code "user"}. */
    public static List<Labelled> read(Path path) throws IOException {
        return read(path, null);
    }

    /**
     * Reads the pairs of the file at {@code path} whose {@code split} column (CSV) or field (NDJSON) equals
     * {@code split}; every pair when {@code split} is null. A file without that column is refused when a split is
     * asked for.
     */
    public static List<Labelled> read(Path path, String split) throws IOException {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(path + ": not valid UTF-8");
        }
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1);
        }
        boolean ndjson = name.endsWith(".ndjson") || name.endsWith(".jsonl")
                || (!name.endsWith(".csv") && content.stripLeading().startsWith("{"));
        List<Labelled> out = ndjson ? ndjson(path, content, split) : csv(path, content, split);
        if (out.isEmpty()) {
            throw new IllegalArgumentException(path + ": no labelled descriptors" + (split == null ? "" : " in split '" + split + "'"));
        }
        return out;
    }

    private static List<Labelled> csv(Path path, String content, String split) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true).build();
        List<Labelled> out = new ArrayList<>();
        try (Reader r = new BufferedReader(new java.io.StringReader(content)); CSVParser p = format.parse(r)) {
            List<String> header = p.getHeaderNames().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
            int text = header.indexOf("text");
            int merchant = header.indexOf("merchant");
            int splitColumn = header.indexOf("split");
            if (text < 0 || merchant < 0) {
                throw new IllegalArgumentException(path + ": the CSV header needs columns 'text' and 'merchant', found " + header);
            }
            if (split != null && splitColumn < 0) {
                throw new IllegalArgumentException(path + ": a split was asked for but the CSV header has no 'split' column: " + header);
            }
            for (CSVRecord rec : p) {
                long line = rec.getRecordNumber() + 1;
                if (rec.size() <= Math.max(text, merchant)) {
                    throw new IllegalArgumentException(path + ": line " + line + ": " + rec.size() + " fields, the header has "
                            + header.size());
                }
                if (split == null || (rec.size() > splitColumn && split.equals(rec.get(splitColumn).strip()))) {
                    out.add(pair(path, line, rec.get(text), rec.get(merchant)));
                }
            }
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(path + ": malformed CSV: " + e.getCause().getMessage());
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(path + ": malformed CSV: " + e.getMessage());
        }
        return out;
    }

    private static List<Labelled> ndjson(Path path, String content, String split) {
        ObjectMapper json = new ObjectMapper();
        List<Labelled> out = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (JacksonException e) {
                throw new IllegalArgumentException(path + ": line " + (i + 1) + ": not a JSON object: "
                        + e.getOriginalMessage());
            }
            if (node == null || !node.isObject() || !node.path("text").isTextual() || !node.path("merchant").isTextual()) {
                throw new IllegalArgumentException(path + ": line " + (i + 1)
                        + ": needs an object with string fields \"text\" and \"merchant\"");
            }
            if (split == null || split.equals(node.path("split").asText(null))) {
                out.add(pair(path, i + 1, node.get("text").asText(), node.get("merchant").asText()));
            }
        }
        return out;
    }

    private static Labelled pair(Path path, long line, String text, String merchant) {
        String t = text.strip();
        String m = merchant.strip();
        if (t.isEmpty() || m.isEmpty()) {
            throw new IllegalArgumentException(path + ": line " + line + ": empty text or merchant");
        }
        if (t.length() > TextNormaliser.MAX_TEXT) {
            throw new IllegalArgumentException(path + ": line " + line + ": text longer than " + TextNormaliser.MAX_TEXT + " characters");
        }
        return new Labelled(t, m, "user");
    }
}
