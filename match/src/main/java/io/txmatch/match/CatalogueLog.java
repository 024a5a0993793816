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
 *   <li>{@code delete}: nothing more;</li>
 *   <li>{@code put}: as {@code enrol}, with {@code "externalId"} after {@code "tenant"}: the merchant's whole state
 *       but its negatives, created or replaced (a merchant known by its external id, {@code PUT
 *       /v1/merchants/{externalId}}); its negatives stay;</li>
 *   <li>{@code fields}: then {@code "name"}, {@code "category"} and {@code "metadata"} (each only when set): the
 *       merchant's fields after a patch, an absent one unset;</li>
 *   <li>{@code remove-example}: then {@code "index"}, the 0-based index of the example removed (later ones move up);</li>
 *   <li>{@code negatives}: then {@code "texts"}, texts added as not this merchant.</li>
 * </ul>
 * The log holds texts, not codes: on start every exemplar is encoded again by the loaded model. A reader
 * rejects a record of another version or kind rather than skip it. An {@code enrol} record without a tenant
 * (written before tenants existed) belongs to {@link Catalogue#DEFAULT_TENANT}. Version history: 1 (first
 * release: {@code enrol}, {@code examples}, {@code delete}); still 1 with the kinds {@code put}, {@code fields},
 * {@code remove-example} and {@code negatives} added (the records of the first release are unchanged, byte for
 * byte, so every older log opens; a build before them refuses a log holding one as a record of unknown kind,
 * rather than lose what it says).
 *
 * <p>The log is {@link RecordLog.Mode#CHECKPOINTED}: {@value #FILE}{@code .ckpt} records how much of it was
 * acknowledged, so a log cut short refuses to open (see {@link RecordLog} for the rule), and {@link #compact}
 * rewrites it as one {@code enrol} record per live merchant ({@code put} for one with an external id), followed by
 * {@code examples} records when its examples do not fit one record and by {@code negatives} records when it has
 * negatives. A log of a build before the checkpoint opens and gets one. The open
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
    public sealed interface Entry permits Enrol, Examples, Delete, Put, Fields, RemoveExample, Negatives {
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

    /** A merchant with an external id created or replaced: all of {@code merchant} but its negatives. */
    public record Put(Catalogue.Merchant merchant) implements Entry {
        @Override
        public String id() {
            return merchant.id();
        }
    }

    /** Merchant {@code id}'s name, category and metadata are now these (null: unset). */
    public record Fields(String id, String name, String category, String metadata) implements Entry {
    }

    /** Merchant {@code id}'s example {@code index} removed. */
    public record RemoveExample(String id, int index) implements Entry {
    }

    /** Texts added as not merchant {@code id}. */
    public record Negatives(String id, List<String> texts) implements Entry {
        public Negatives {
            texts = List.copyOf(texts);
        }
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

    /**
     * Rewrites the log as the records of {@code live}, the catalogue's merchants now, each whole: fields, external id,
     * examples and negatives (see {@link RecordLog#compact}).
     */
    public void compact(Collection<Catalogue.Merchant> live) throws IOException {
        List<byte[]> records = new ArrayList<>(live.size());
        for (Catalogue.Merchant m : live) {
            byte[] whole = encode(head(m, m.examples()));
            List<String> ex = m.examples();
            int first = whole.length <= RecordLog.MAX_RECORD ? ex.size() : Math.min(EXAMPLES_PER_RECORD, ex.size());
            records.add(first == ex.size() ? whole : encode(head(m, ex.subList(0, first))));
            for (int i = first; i < ex.size(); i += EXAMPLES_PER_RECORD) {
                records.add(encode(new Examples(m.id(), ex.subList(i, Math.min(ex.size(), i + EXAMPLES_PER_RECORD)))));
            }
            List<String> neg = m.negatives();
            for (int i = 0; i < neg.size(); i += EXAMPLES_PER_RECORD) {
                records.add(encode(new Negatives(m.id(), neg.subList(i, Math.min(neg.size(), i + EXAMPLES_PER_RECORD)))));
            }
        }
        log.compact(records);
    }

    /** The first record of {@code m} in a compacted log, holding {@code examples}: {@code put} with an external id. */
    private static Entry head(Catalogue.Merchant m, List<String> examples) {
        Catalogue.Merchant first = new Catalogue.Merchant(m.tenant(), m.id(), m.name(), m.category(), m.metadata(),
                examples, m.createdAt(), m.externalId(), List.of());
        return m.externalId() == null ? new Enrol(first) : new Put(first);
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
        r.put("op", op(entry));
        r.put("id", entry.id());
        if (entry instanceof Enrol e) {
            merchant(r, e.merchant());
        } else if (entry instanceof Put p) {
            merchant(r, p.merchant());
        } else if (entry instanceof Examples x) {
            r.set("texts", texts(x.texts()));
        } else if (entry instanceof Fields f) {
            r.put("name", f.name());
            fields(r, f.category(), f.metadata());
        } else if (entry instanceof RemoveExample x) {
            r.put("index", x.index());
        } else if (entry instanceof Negatives n) {
            r.set("texts", texts(n.texts()));
        }
        try {
            return JSON.writeValueAsBytes(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code "op"} of an entry's record. */
    public static String op(Entry entry) {
        if (entry instanceof Enrol) {
            return "enrol";
        } else if (entry instanceof Examples) {
            return "examples";
        } else if (entry instanceof Delete) {
            return "delete";
        } else if (entry instanceof Put) {
            return "put";
        } else if (entry instanceof Fields) {
            return "fields";
        } else if (entry instanceof RemoveExample) {
            return "remove-example";
        }
        return "negatives";
    }

    /** The fields of an {@code enrol} or {@code put} record after its id. */
    private static void merchant(ObjectNode r, Catalogue.Merchant m) {
        r.put("tenant", m.tenant());
        if (m.externalId() != null) {
            r.put("externalId", m.externalId());
        }
        r.put("name", m.name());
        fields(r, m.category(), m.metadata());
        r.set("examples", texts(m.examples()));
        r.put("createdAt", m.createdAt());
    }

    private static void fields(ObjectNode r, String category, String metadata) {
        if (category != null) {
            r.put("category", category);
        }
        if (metadata != null) {
            r.set("metadata", metadata(metadata));
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
            case "put" -> new Put(new Catalogue.Merchant(r.getOrDefault("tenant", Catalogue.DEFAULT_TENANT), id,
                    r.getOrDefault("name", ""), r.get("category"), metadata, texts, r.getOrDefault("createdAt", ""),
                    required(r, "externalId"), List.of()));
            case "fields" -> new Fields(id, r.getOrDefault("name", ""), r.get("category"), metadata);
            case "remove-example" -> new RemoveExample(id, Integer.parseInt(required(r, "index")));
            case "negatives" -> new Negatives(id, texts);
            default -> throw new IllegalStateException("catalogue record of unknown kind '" + op + "'");
        };
    }

    private static String required(Map<String, String> r, String field) {
        String v = r.get(field);
        if (v == null) {
            throw new IllegalStateException("catalogue record '" + r.get("op") + "' without '" + field + "'");
        }
        return v;
    }

    /**
     * The top-level fields of a metadata object whose values are scalars (not null, not objects or arrays), each as
     * the compact JSON text of its value: what a match filter compares. Read by streaming (nested values skipped),
     * never as a tree.
     */
    public static Map<String, String> scalarFields(String metadata) {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = JSON.getFactory().createParser(metadata)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("merchant metadata must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    out.put(field, JSON.writeValueAsString(p.getText()));
                } else if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    out.put(field, p.getText());
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }

    /**
     * {@code patch}, the JSON text of an object, applied to the metadata object {@code current} (null: none yet) as a
     * JSON merge patch (RFC 7396): its keys set, its null-valued keys removed, objects merged key by key. Returns the
     * compact text of the result.
     */
    public static String mergePatch(String current, String patch) {
        ObjectNode target = current == null ? JSON.createObjectNode() : (ObjectNode) metadata(current);
        merge(target, (ObjectNode) metadata(patch));
        return write(target);
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
        patch.fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            if (v.isNull()) {
                target.remove(f.getKey());
            } else if (v.isObject()) {
                JsonNode t = target.get(f.getKey());
                ObjectNode into = t != null && t.isObject() ? (ObjectNode) t : JSON.createObjectNode();
                merge(into, (ObjectNode) v);
                target.set(f.getKey(), into);
            } else {
                target.set(f.getKey(), v);
            }
        });
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
