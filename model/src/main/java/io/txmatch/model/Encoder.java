package io.txmatch.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Serving-side model: text in, L2-normalised embedding and binary code out.
 *
 * <pre>{@code
 * Encoder encoder = Encoder.load(Path.of("models/default.txmb"));
 * Encoder.Encoded e = encoder.encode(List.of("CHECKCARD 0615 OUTBACK 0310 TEMPE AZ"));
 * long[] code = e.codes()[0];
 * }</pre>
 *
 * <p>Plain Java ({@link ForwardPass}), no native library. Safe for concurrent use: weights are only read.
 */
public final class Encoder {
    /** Embeddings and codes of a batch, in input order. */
    public record Encoded(float[][] embeddings, long[][] codes) {
    }

    private final ModelBundle bundle;
    private final EncoderSpec spec;
    private final TextNormaliser normaliser;
    private final Featurizer featurizer;
    private final ForwardPass forward;

    private Encoder(ModelBundle bundle) throws BundleFormatException {
        this.bundle = bundle;
        this.spec = bundle.manifest().spec();
        try {
            this.normaliser = TextNormaliser.of(bundle.manifest().normaliserVersion());
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException("bundle trained with " + e.getMessage());
        }
        this.featurizer = new Featurizer(spec);
        Map<String, ModelBundle.Tensor> tensors = bundle.tensors();
        List<String> missing = new ArrayList<>();
        spec.tensorShapes().forEach((name, shape) -> {
            ModelBundle.Tensor t = tensors.get(name);
            if (t == null || !Arrays.equals(t.shape(), shape)) {
                missing.add(name + Arrays.toString(shape));
            }
        });
        if (!missing.isEmpty()) {
            throw new BundleFormatException("bundle lacks tensors or has wrong shapes: " + missing);
        }
        this.forward = new ForwardPass(spec, featurizer, tensors);
    }

    /** Loads a bundle file and checks its tensors. */
    public static Encoder load(Path path) throws IOException {
        return new Encoder(ModelBundle.read(path));
    }

    /** An encoder of an already read bundle; refuses one that lacks a tensor of {@link EncoderSpec#tensorShapes()}. */
    public static Encoder of(ModelBundle bundle) throws BundleFormatException {
        return new Encoder(bundle);
    }

    public BundleManifest manifest() {
        return bundle.manifest();
    }

    public EncoderSpec spec() {
        return spec;
    }

    /**
     * The normaliser the bundle was trained with, the one {@link #encode} applies: for callers that group or
     * compare texts as this encoder sees them (dedup nodes, the TF-IDF baseline).
     */
    public TextNormaliser normaliser() {
        return normaliser;
    }

    /** Code width in bits. */
    public int bits() {
        return spec.bits();
    }

    /**
     * Normalises (with {@link #normaliser()}) and encodes raw texts: the served path, a plain-Java forward pass over the bundle's
     * tensors (the same function as the trainer's SameDiff graph, held to it by the trainer's {@code ForwardPassTest}).
     * Thread-safe.
     */
    public Encoded encode(List<String> rawTexts) {
        int n = rawTexts.size();
        float[][] embeddings = new float[n][];
        long[][] codes = new long[n][];
        float[] logits = new float[spec.bits()];
        for (int i = 0; i < n; i++) {
            embeddings[i] = new float[spec.embeddingDim()];
            forward.run(normaliser.normalise(rawTexts.get(i)), embeddings[i], logits);
            codes[i] = pack(logits);
        }
        return new Encoded(embeddings, codes);
    }

    /** Packs signs into a code: bit {@code i} is set when {@code logits[i] > 0}. */
    public static long[] pack(float[] logits) {
        long[] code = new long[(logits.length + 63) >>> 6];
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] > 0) {
                code[i >>> 6] |= 1L << (i & 63);
            }
        }
        return code;
    }

    /** Cosine of two L2-normalised embeddings. */
    public static float cosine(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
