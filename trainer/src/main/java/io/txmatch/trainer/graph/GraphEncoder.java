package io.txmatch.trainer.graph;

import io.txmatch.model.BundleFormatException;
import io.txmatch.model.Encoder;
import io.txmatch.model.EncoderSpec;
import io.txmatch.model.ModelBundle;
import io.txmatch.model.TextNormaliser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs {@link EncoderGraph} on texts: on a training graph mid-training ({@link #embeddings}), or on a finished bundle's
 * weights ({@link #of}), the reference that serving's plain-Java {@link Encoder} is tested against.
 *
 * <pre>{@code
 * GraphEncoder graph = GraphEncoder.of(ModelBundle.read(Path.of("models/default.txmb")));
 * Encoder.Encoded e = graph.encode(List.of("CHECKCARD 0615 OUTBACK 0310 TEMPE AZ"));
 * }</pre>
 */
public final class GraphEncoder {
    /** Most texts run through the graph in one call; larger batches are split. */
    public static final int MAX_BATCH = 256;

    private final SameDiff sd;
    private final GraphFeatures features;
    private final TextNormaliser normaliser;

    private GraphEncoder(SameDiff sd, GraphFeatures features, TextNormaliser normaliser) {
        this.sd = sd;
        this.features = features;
        this.normaliser = normaliser;
    }

    /** The graph of {@code bundle}'s shape with its weights; refuses a bundle that {@link Encoder#of} refuses. */
    public static GraphEncoder of(ModelBundle bundle) throws BundleFormatException {
        Encoder.of(bundle);
        EncoderSpec spec = bundle.manifest().spec();
        SameDiff sd = SameDiff.create();
        Map<String, ModelBundle.Tensor> tensors = bundle.tensors();
        EncoderGraph.Params fromBundle = (g, name, shape) -> {
            ModelBundle.Tensor t = tensors.get(name);
            return g.var(name, Nd4j.create(t.values(), t.shape(), 'c'));
        };
        EncoderGraph.hashLogits(sd, spec, EncoderGraph.embedding(sd, spec, fromBundle), fromBundle);
        return new GraphEncoder(sd, new GraphFeatures(spec), TextNormaliser.of(bundle.manifest().normaliserVersion()));
    }

    /** Normalises and encodes raw texts through the graph, {@link #MAX_BATCH} at a time. */
    public Encoder.Encoded encode(List<String> rawTexts) {
        int n = rawTexts.size();
        float[][] embeddings = new float[n][];
        long[][] codes = new long[n][];
        for (int from = 0; from < n; from += MAX_BATCH) {
            int to = Math.min(n, from + MAX_BATCH);
            Map<String, INDArray> out = sd.output(features.features(normalise(normaliser, rawTexts.subList(from, to))),
                    EncoderGraph.EMBEDDING, EncoderGraph.HASH_LOGITS);
            float[][] emb = out.get(EncoderGraph.EMBEDDING).toFloatMatrix();
            float[][] logits = out.get(EncoderGraph.HASH_LOGITS).toFloatMatrix();
            for (int i = 0; i < emb.length; i++) {
                embeddings[from + i] = emb[i];
                codes[from + i] = Encoder.pack(logits[i]);
            }
        }
        return new Encoder.Encoded(embeddings, codes);
    }

    /**
     * Embeddings of raw texts from the {@link EncoderGraph#EMBEDDING} output of {@code sd}, any graph built by
     * {@link EncoderGraph#embedding} (a training graph mid-training), {@link #MAX_BATCH} at a time.
     */
    public static float[][] embeddings(SameDiff sd, GraphFeatures features, TextNormaliser normaliser, List<String> raw) {
        float[][] out = new float[raw.size()][];
        for (int from = 0; from < raw.size(); from += MAX_BATCH) {
            int to = Math.min(raw.size(), from + MAX_BATCH);
            float[][] e = sd.output(features.features(normalise(normaliser, raw.subList(from, to))), EncoderGraph.EMBEDDING)
                    .get(EncoderGraph.EMBEDDING).toFloatMatrix();
            System.arraycopy(e, 0, out, from, e.length);
        }
        return out;
    }

    private static List<String> normalise(TextNormaliser normaliser, List<String> raw) {
        List<String> out = new ArrayList<>(raw.size());
        for (String r : raw) {
            out.add(normaliser.normalise(r));
        }
        return out;
    }
}
