package io.txmatch.match;

import io.txmatch.model.ExactJson;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.txmatch.index.store.DirectoryLock;
import io.txmatch.index.store.RecordLog;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The catalogue's durable record format, on a {@link RecordLog} (which frames, checksums and forces each
 * record) in {@value #FILE} of the data directory.
 *
 * <pre>{@code
 * try (CatalogueLog log = CatalogueLog.open(dataDir, entry -> System.out.println(entry))) {
 *     log.append(new CatalogueLog.Delete("m_0123456789abcdef"));
 * }
 * }</pre>
 *
 * <p>Each record's payload is one compact UTF-8 JSON object whose first three fields are {@code "v"} (the record
 * version, {@value #RECORD_VERSION}), {@code "op"} and {@code "id"} (the merchant id), in this order:
 * <ul>
 *   <li>{@code enrol}: then {@code "tenant"}, {@code "name"}, {@code "category"} (only when set),
 *       {@code "metadata"} (an object, only when set), {@code "examples"} (array of strings),
 *       {@code "createdAt"} (ISO-8601 instant);</li>
 *   <li>{@code examples}: then {@code "texts"}, the example texts added to the merchant;</li>
 *   <li>{@code delete}: nothing more.</li>
 * </ul>
 * The log holds texts, not codes: on start every exemplar is encoded again by the loaded model. A reader
 * rejects a record of another version or kind rather than skip it. An {@code enrol} record without a tenant
 * (written before tenants existed) belongs to {@link Catalogue#DEFAULT_TENANT}. Version history: 1 (first
 * release).
 *
 * <p>The log is {@link RecordLog.Mode#CHECKPOINTED}: {@value #FILE}{@code .ckpt} records how much of it was
 * acknowledged, so a log cut short refuses to open (see {@link RecordLog} for the rule), and {@link #compact}
 * rewrites it as one {@code enrol} record per live merchant (followed by {@code examples} records when one
 * merchant's examples do not fit one record). A log of a build before the checkpoint opens and gets one. The open
 * log holds the data directory's {@link DirectoryLock}: a second open, in this process or another, is refused.
 */
public final class CatalogueLog implements Closeable {
    /** The log's file name inside the data directory. */
    public static final String FILE = "catalogue.log";
    /** The record version this build writes and reads. */
    public static final int RECORD_VERSION = 1;
    // Exact decimals: metadata keeps every digit it was given.
    private static final ObjectMapper JSON = ExactJson.mapper();

    /** One record of the log. */
    public sealed interface Entry permits Enrol, Examples, Delete {
        /** The merchant the record is about. */
        String id();
    }

    /** A merchant enrolled with its first examples. */
    public record Enrol(Catalogue.Merchant merchant) implements Entry {
        @Override
        public String id() {
            return merchant.id();
        }
    }

    /** Example texts added to merchant {@code id}. */
    public record Examples(String id, List<String> texts) implements Entry {
        public Examples {
            texts = List.copyOf(texts);
        }
    }

    /** Merchant {@code id} deleted. */
    public record Delete(String id) implements Entry {
    }

    // Examples per record of a compacted merchant whose examples do not fit one record.
    private static final int EXAMPLES_PER_RECORD = 256;

    private final DirectoryLock lock;
    private final RecordLog log;

    private CatalogueLog(DirectoryLock lock, RecordLog log) {
        this.lock = lock;
        this.log = log;
    }

    /**
     * Locks {@code dataDir} (created when missing) and opens (or creates) the log in it, handing every intact record
     * to {@code replay} in order.
     *
     * @throws io.txmatch.index.store.DirectoryLockedException when another open catalogue holds the directory
     */
    public static CatalogueLog open(Path dataDir, Consumer<Entry> replay) throws IOException {
        DirectoryLock lock = DirectoryLock.acquire(dataDir);
        try {
            return new CatalogueLog(lock, RecordLog.open(dataDir.resolve(FILE), payload -> replay.accept(decode(payload)),
                    RecordLog.Mode.CHECKPOINTED));
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Appends {@code entry}; durable when this returns.
     *
     * @throws io.txmatch.index.store.NoSpaceLeftException when the disk is full; nothing was stored
     */
    public void append(Entry entry) throws IOException {
        log.append(encode(entry));
    }

    /** Rewrites the log as the records of {@code live}, the catalogue's merchants now (see {@link RecordLog#compact}). */
    public void compact(Collection<Catalogue.Merchant> live) throws IOException {
        List<byte[]> records = new ArrayList<>(live.size());
        for (Catalogue.Merchant m : live) {
            byte[] whole = encode(new Enrol(m));
            if (whole.length <= RecordLog.MAX_RECORD) {
                records.add(whole);
                continue;
            }
            List<String> ex = m.examples();
            int first = Math.min(EXAMPLES_PER_RECORD, ex.size());
            records.add(encode(new Enrol(new Catalogue.Merchant(m.tenant(), m.id(), m.name(), m.category(), m.metadata(),
                    ex.subList(0, first), m.createdAt()))));
            for (int i = first; i < ex.size(); i += EXAMPLES_PER_RECORD) {
                records.add(encode(new Examples(m.id(), ex.subList(i, Math.min(ex.size(), i + EXAMPLES_PER_RECORD)))));
            }
        }
        log.compact(records);
    }

    /** Records in the log now: replayed at open plus appended since (or written by the last compaction). */
    public long records() {
        return log.records();
    }

    /** The log's length in bytes. */
    public long bytes() {
        return log.end();
    }

    /** Why the log cannot take writes now (a full disk, a failed force), or null: {@link RecordLog#writeProblem}. */
    public String writeProblem() {
        return log.writeProblem();
    }

    /** The payload bytes of {@code entry}. */
    public static byte[] encode(Entry entry) {
        ObjectNode r = JSON.createObjectNode();
        r.put("v", RECORD_VERSION);
        if (entry instanceof Enrol e) {
            Catalogue.Merchant m = e.merchant();
            r.put("op", "enrol");
            r.put("id", m.id());
            r.put("tenant", m.tenant());
            r.put("name", m.name());
            if (m.category() != null) {
                r.put("category", m.category());
            }
            if (m.metadata() != null) {
                r.set("metadata", metadata(m.metadata()));
            }
            r.set("examples", texts(m.examples()));
            r.put("createdAt", m.createdAt());
        } else if (entry instanceof Examples x) {
            r.put("op", "examples");
            r.put("id", x.id());
            r.set("texts", texts(x.texts()));
        } else {
            r.put("op", "delete");
            r.put("id", entry.id());
        }
        try {
            return JSON.writeValueAsBytes(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The entry of a payload; {@link IllegalStateException} for another version or an unknown kind. Read by
     * streaming, the metadata copied through as compact text: replaying a record never builds a tree of it, so
     * start-up needs memory in proportion to the bytes of the records, not the shape of their metadata.
     */
    public static Entry decode(byte[] payload) {
        try (JsonParser p = JSON.getFactory().createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("catalogue record is not a JSON object");
            }
            Map<String, String> scalars = new HashMap<>();
            String metadata = null;
            List<String> texts = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("metadata") && value == JsonToken.START_OBJECT) {
                    metadata = copyObject(p);
                } else if ((field.equals("examples") || field.equals("texts")) && value == JsonToken.START_ARRAY) {
                    List<String> all = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        all.add(p.getValueAsString(""));
                        p.skipChildren();
                    }
                    texts = List.copyOf(all);
                } else if (value.isScalarValue()) {
                    if (value != JsonToken.VALUE_NULL) {
                        scalars.put(field, p.getValueAsString());
                    }
                } else {
                    p.skipChildren();
                }
            }
            return entry(scalars, metadata, texts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object at the parser, as compact text; numbers keep their stored text, digit for digit. */
    private static String copyObject(JsonParser p) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            int depth = 0;
            JsonToken t = p.currentToken();
            do {
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    g.writeNumber(p.getText());
                } else {
                    g.copyCurrentEvent(p);
                }
                depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
                t = depth > 0 ? p.nextToken() : null;
            } while (t != null);
        }
        return out.toString();
    }

    private static Entry entry(Map<String, String> r, String metadata, List<String> texts) {
        String op = r.getOrDefault("op", "");
        String id = r.getOrDefault("id", "");
        if (!String.valueOf(RECORD_VERSION).equals(r.get("v"))) {
            throw new IllegalStateException("catalogue record of unknown version " + r.getOrDefault("v", "(none)"));
        }
        return switch (op) {
            case "enrol" -> new Enrol(new Catalogue.Merchant(r.getOrDefault("tenant", Catalogue.DEFAULT_TENANT), id,
                    r.getOrDefault("name", ""), r.get("category"), metadata, texts, r.getOrDefault("createdAt", "")));
            case "examples" -> new Examples(id, texts);
            case "delete" -> new Delete(id);
            default -> throw new IllegalStateException("catalogue record of unknown kind '" + op + "'");
        };
    }

    /**
     * Checks that {@code metadata} is the JSON text of an object and returns it compact, as the log stores it: what
     * a merchant's metadata is once enrolled.
     */
    public static String canonicalMetadata(String metadata) {
        return write(metadata(metadata));
    }

    private static JsonNode metadata(String text) {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("merchant metadata is not valid JSON", e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("merchant metadata must be a JSON object");
        }
        return n;
    }

    private static String write(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ArrayNode texts(List<String> texts) {
        ArrayNode a = JSON.createArrayNode();
        texts.forEach(a::add);
        return a;
    }

    /** The log file. */
    public Path path() {
        return log.path();
    }

    @Override
    public void close() throws IOException {
        try (DirectoryLock l = lock) {
            log.close();
        }
    }
}
