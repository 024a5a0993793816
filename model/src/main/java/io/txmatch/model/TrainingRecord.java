package io.txmatch.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a bundle was trained: the {@code training} object of its manifest ({@link BundleManifest#training()}), as
 * {@code io.txmatch.trainer.ModelTrainer} writes it and the CLI and the eval report read it.
 *
 * <pre>{@code
 * TrainingRecord t = ModelBundle.read(Path.of("models/default.txmb")).manifest().training();
 * int locals = t.localMerchants() != null ? t.localMerchants() : 3000;
 * }</pre>
 *
 * <p>JSON keys are the component names, written in the order below, {@code null} components left out, numbers as
 * the trainer has always written them (counts as integers, rates as decimals, curve steps as decimals).
 *
 * <p><b>Missing keys</b> read as {@code null}: a bundle records what its trainer knew. The first bundles (before
 * 2026-12-02) lack {@code nsiBrands}, {@code excludedNames} and {@code hardNegatives}; bundles before
 * {@code train --names} lack {@code realNames}; {@code userData} is there only when a user's file was trained
 * on; an empty {@code training} object reads as {@link #EMPTY}. Callers choose their own fallback.
 * <b>Unknown keys</b> (written by a newer trainer) are kept, in file order, in {@link #other()} and written back after
 * the known ones, so reading and writing a manifest loses nothing. Inside {@code curves} and {@code userData} an
 * unknown key is dropped. A known key holding the wrong JSON type makes the manifest unreadable
 * ({@link BundleFormatException} from {@link ModelBundle#read}).
 *
 * @param encoderSteps    encoder steps run (early stopping may end before the options' steps)
 * @param batch           P x K, as {@code "64x2"}
 * @param loss            the loss and its parameter, as {@code "infonce, temperature 0.05"}
 * @param learningRate    Adam learning rate of the encoder
 * @param localMerchants  generated local businesses besides the chains (the eval split needs it)
 * @param nsiBrands       name-suggestion-index brands added to the training merchants
 * @param realNames       real merchant names added to the training merchants (a count, as written)
 * @param excludedNames   names kept out of training (a count)
 * @param hardNegatives   share of each batch's merchants drawn in one shared wrapper context
 * @param heldOutFamilies template families never trained on, by {@code Family} id
 * @param hasherSteps     semantic-hashing autoencoder steps
 * @param noiseSigma      final noise of the hasher's bottleneck
 * @param userData        the user's file trained on, or {@code null}
 * @param curves          training curves for the eval report's plots, or {@code null}
 * @param other           keys this build does not know, with their JSON values; never null
 */
@JsonSerialize(using = TrainingRecord.Writer.class)
@JsonDeserialize(using = TrainingRecord.Reader.class)
public record TrainingRecord(Integer encoderSteps, String batch, String loss, Double learningRate, Integer localMerchants,
                             Integer nsiBrands, Integer realNames, Integer excludedNames, Double hardNegatives,
                             List<String> heldOutFamilies, Integer hasherSteps, Double noiseSigma, UserData userData,
                             Curves curves, Map<String, JsonNode> other) {
    /** Nothing recorded. */
    public static final TrainingRecord EMPTY = new TrainingRecord(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, Map.of());

    /** Known keys, in the order they are written. */
    static final List<String> KEYS = List.of("encoderSteps", "batch", "loss", "learningRate", "localMerchants", "nsiBrands",
            "realNames", "excludedNames", "hardNegatives", "heldOutFamilies", "hasherSteps", "noiseSigma", "userData", "curves");

    public TrainingRecord {
        heldOutFamilies = heldOutFamilies == null ? null : List.copyOf(heldOutFamilies);
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        if (other != null) {
            other.forEach((k, v) -> {
                if (KEYS.contains(k)) {
                    throw new IllegalArgumentException("'" + k + "' is a known training key, not an other one");
                }
                copy.put(k, v.deepCopy());
            });
        }
        other = Collections.unmodifiableMap(copy);
    }

    /**
     * The user's labelled file a bundle was trained on ({@code userData}); a missing key reads as {@code null}.
     *
     * @param source         the file as named on the command line
     * @param sha256         hash of its records ({@code UserData.hash}), so eval can recognise the same file
     * @param descriptors    labelled descriptors read
     * @param mode           {@code "replace"} (trained on the file alone) or {@code "mix"} (with generated data)
     * @param trainMerchants merchants of the training part
     * @param split          how the file was split, in words
     */
    public record UserData(String source, String sha256, Integer descriptors, String mode, Integer trainMerchants,
                           String split) {
    }

    /**
     * Training curves, thinned to a few hundred points each; a missing curve reads as an empty list.
     *
     * @param encoderLoss    (step, batch loss) of the encoder
     * @param validationTop1 (step, validation one-shot top-1) of the encoder, step 0 untrained
     * @param hasherLoss     (step, reconstruction loss) of the hashing autoencoder
     */
    public record Curves(List<Point> encoderLoss, List<Point> validationTop1, List<Point> hasherLoss) {
        public Curves {
            encoderLoss = encoderLoss == null ? List.of() : List.copyOf(encoderLoss);
            validationTop1 = validationTop1 == null ? List.of() : List.copyOf(validationTop1);
            hasherLoss = hasherLoss == null ? List.of() : List.copyOf(hasherLoss);
        }
    }

    /** One point of a curve, written as the JSON array {@code [step, value]}. */
    public record Point(double step, double value) {
    }

    /** Writes the JSON object described in the class comment. */
    static final class Writer extends JsonSerializer<TrainingRecord> {
        @Override
        public void serialize(TrainingRecord t, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartObject();
            number(g, "encoderSteps", t.encoderSteps);
            string(g, "batch", t.batch);
            string(g, "loss", t.loss);
            number(g, "learningRate", t.learningRate);
            number(g, "localMerchants", t.localMerchants);
            number(g, "nsiBrands", t.nsiBrands);
            number(g, "realNames", t.realNames);
            number(g, "excludedNames", t.excludedNames);
            number(g, "hardNegatives", t.hardNegatives);
            if (t.heldOutFamilies != null) {
                g.writeArrayFieldStart("heldOutFamilies");
                for (String f : t.heldOutFamilies) {
                    g.writeString(f);
                }
                g.writeEndArray();
            }
            number(g, "hasherSteps", t.hasherSteps);
            number(g, "noiseSigma", t.noiseSigma);
            if (t.userData != null) {
                UserData u = t.userData;
                g.writeObjectFieldStart("userData");
                string(g, "source", u.source());
                string(g, "sha256", u.sha256());
                number(g, "descriptors", u.descriptors());
                string(g, "mode", u.mode());
                number(g, "trainMerchants", u.trainMerchants());
                string(g, "split", u.split());
                g.writeEndObject();
            }
            if (t.curves != null) {
                g.writeObjectFieldStart("curves");
                curve(g, "encoderLoss", t.curves.encoderLoss());
                curve(g, "validationTop1", t.curves.validationTop1());
                curve(g, "hasherLoss", t.curves.hasherLoss());
                g.writeEndObject();
            }
            for (Map.Entry<String, JsonNode> e : t.other.entrySet()) {
                g.writeFieldName(e.getKey());
                g.writeTree(e.getValue());
            }
            g.writeEndObject();
        }

        private static void number(JsonGenerator g, String name, Integer v) throws IOException {
            if (v != null) {
                g.writeNumberField(name, v);
            }
        }

        private static void number(JsonGenerator g, String name, Double v) throws IOException {
            if (v != null) {
                g.writeNumberField(name, v);
            }
        }

        private static void string(JsonGenerator g, String name, String v) throws IOException {
            if (v != null) {
                g.writeStringField(name, v);
            }
        }

        private static void curve(JsonGenerator g, String name, List<Point> points) throws IOException {
            g.writeArrayFieldStart(name);
            for (Point pt : points) {
                g.writeStartArray();
                g.writeNumber(pt.step());
                g.writeNumber(pt.value());
                g.writeEndArray();
            }
            g.writeEndArray();
        }
    }

    /** Reads the JSON object described in the class comment. */
    static final class Reader extends JsonDeserializer<TrainingRecord> {
        @Override
        public TrainingRecord deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
            JsonNode root = parser.readValueAsTree();
            if (!(root instanceof ObjectNode)) {
                throw JsonMappingException.from(parser, "training must be a JSON object");
            }
            Map<String, JsonNode> other = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!KEYS.contains(e.getKey())) {
                    other.put(e.getKey(), e.getValue());
                }
            }
            List<String> families = null;
            JsonNode held = present(root, "heldOutFamilies");
            if (held != null) {
                families = new ArrayList<>();
                for (JsonNode f : array(parser, "heldOutFamilies", held)) {
                    families.add(string(parser, "heldOutFamilies[]", f));
                }
            }
            UserData user = null;
            JsonNode u = present(root, "userData");
            if (u != null) {
                if (!u.isObject()) {
                    throw JsonMappingException.from(parser, "training.userData must be an object");
                }
                user = new UserData(text(parser, u, "source"), text(parser, u, "sha256"), integer(parser, u, "descriptors"),
                        text(parser, u, "mode"), integer(parser, u, "trainMerchants"), text(parser, u, "split"));
            }
            Curves curves = null;
            JsonNode c = present(root, "curves");
            if (c != null) {
                if (!c.isObject()) {
                    throw JsonMappingException.from(parser, "training.curves must be an object");
                }
                curves = new Curves(points(parser, c, "encoderLoss"), points(parser, c, "validationTop1"),
                        points(parser, c, "hasherLoss"));
            }
            return new TrainingRecord(integer(parser, root, "encoderSteps"), text(parser, root, "batch"),
                    text(parser, root, "loss"), decimal(parser, root, "learningRate"), integer(parser, root, "localMerchants"),
                    integer(parser, root, "nsiBrands"), integer(parser, root, "realNames"),
                    integer(parser, root, "excludedNames"), decimal(parser, root, "hardNegatives"), families,
                    integer(parser, root, "hasherSteps"), decimal(parser, root, "noiseSigma"), user, curves, other);
        }

        /** The value of {@code name}, or null when the key is missing or JSON null. */
        private static JsonNode present(JsonNode obj, String name) {
            JsonNode v = obj.get(name);
            return v == null || v.isNull() ? null : v;
        }

        private static Integer integer(JsonParser p, JsonNode obj, String name) throws JsonMappingException {
            JsonNode v = present(obj, name);
            if (v == null) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw JsonMappingException.from(p, "training." + name + " must be an integer, got " + v);
            }
            return v.intValue();
        }

        private static Double decimal(JsonParser p, JsonNode obj, String name) throws JsonMappingException {
            JsonNode v = present(obj, name);
            if (v == null) {
                return null;
            }
            if (!v.isNumber()) {
                throw JsonMappingException.from(p, "training." + name + " must be a number, got " + v);
            }
            return v.doubleValue();
        }

        private static String text(JsonParser p, JsonNode obj, String name) throws JsonMappingException {
            JsonNode v = present(obj, name);
            return v == null ? null : string(p, name, v);
        }

        private static String string(JsonParser p, String name, JsonNode v) throws JsonMappingException {
            if (!v.isTextual()) {
                throw JsonMappingException.from(p, "training." + name + " must be a string, got " + v);
            }
            return v.textValue();
        }

        private static JsonNode array(JsonParser p, String name, JsonNode v) throws JsonMappingException {
            if (!v.isArray()) {
                throw JsonMappingException.from(p, "training." + name + " must be an array, got " + v);
            }
            return v;
        }

        private static List<Point> points(JsonParser p, JsonNode curves, String name) throws JsonMappingException {
            JsonNode v = present(curves, name);
            if (v == null) {
                return List.of();
            }
            List<Point> out = new ArrayList<>();
            for (JsonNode pt : array(p, "curves." + name, v)) {
                if (!pt.isArray() || pt.size() != 2 || !pt.get(0).isNumber() || !pt.get(1).isNumber()) {
                    throw JsonMappingException.from(p, "training.curves." + name + " holds [step, value] pairs, got " + pt);
                }
                out.add(new Point(pt.get(0).doubleValue(), pt.get(1).doubleValue()));
            }
            return out;
        }
    }
}
