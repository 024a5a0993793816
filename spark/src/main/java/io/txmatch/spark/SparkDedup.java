package io.txmatch.spark;

import io.txmatch.dedup.Clustering;
import io.txmatch.dedup.DedupEngine;
import io.txmatch.dedup.DedupFiles;
import io.txmatch.dedup.DedupNodes;
import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.DedupProgress;
import io.txmatch.dedup.DedupRecord;
import io.txmatch.dedup.DedupResult;
import io.txmatch.dedup.Edges;
import io.txmatch.dedup.Linker;
import io.txmatch.dedup.NodeVectors;
import io.txmatch.index.Codes;
import io.txmatch.model.Encoder;
import io.txmatch.model.ModelBundle;
import io.txmatch.model.TextNormaliser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * The dedup engine's steps as a Spark job, for inputs that outgrow one machine. Distributed: reading and
 * parsing lines, grouping records into nodes (distinct normalised texts), encoding (the model bundle is
 * broadcast as bytes and loaded once per executor JVM), and blocking plus verification (the node codes and
 * embeddings are broadcast; each executor builds the Multi-Index Hashing tables over the code bands once and
 * links the nodes of its partitions). On the driver: the verified edges are clustered by the engine's own
 * {@link Clustering} and the output file written by {@link DedupFiles}. Node numbering, vectors, edges and
 * tie-breaks are the embedded engine's, so the output is the same, byte for byte.
 *
 * <p>What the driver holds: per distinct text its vectors (about 0.5 KB at 128 dimensions) and per record its
 * id and node; per verified edge 12 bytes.
 */
public final class SparkDedup {
    private static final Map<String, Encoder> ENCODERS = new ConcurrentHashMap<>();
    private static final Map<String, Linker> LINKERS = new ConcurrentHashMap<>();

    private SparkDedup() {
    }

    /** What a node needs on its way through the job. */
    private record NodeInfo(long firstRecord, String text, String groupKey, int epochDay) implements Serializable {
    }

    /** What the linking step needs on every executor; {@code job} names this job's tables in the executor's cache. */
    private record Linking(String job, NodeVectors vectors, int[] group, int[] epochDay, DedupOptions options)
            implements Serializable {
    }

    /**
     * Deduplicates the records of {@code input} (CSV with a header row, one record per line; or NDJSON).
     *
     * @param bundle the model bundle's bytes (as in the {@code .txmb} file)
     */
    public static DedupResult run(JavaSparkContext sc, String input, DedupFiles.Columns columns, DedupOptions options,
                                  byte[] bundle, int partitions) throws IOException {
        Map<String, Long> millis = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Broadcast<byte[]> model = sc.broadcast(bundle);
        String modelKey = Integer.toHexString(java.util.Arrays.hashCode(bundle)) + "-" + bundle.length;
        Encoder driverSide = encoder(model, modelKey);
        DedupEngine.checkRadius(options, driverSide.bits());
        JavaRDD<String> lines = sc.textFile(input, partitions);
        List<String> head = lines.take(1);
        if (head.isEmpty()) {
            throw new IllegalArgumentException(input + ": no records");
        }
        Boolean byName = DedupFiles.ndjsonByName(Path.of(input).getFileName());
        boolean ndjson = byName != null ? byName : head.get(0).stripLeading().replace("\uFEFF", "").startsWith("{");
        DedupFiles.LineParser parser = ndjson ? DedupFiles.LineParser.ndjson(input, columns)
                : DedupFiles.LineParser.csv(input, head.get(0), columns);
        // Records in input order, numbered 0..n-1 (zipWithIndex keeps partition order).
        JavaPairRDD<DedupRecord, Long> records = lines.zipWithIndex().flatMap(t -> {
            if (!ndjson && t._2() == 0) {
                return java.util.Collections.emptyIterator();
            }
            DedupRecord r = parser.parse(t._1(), t._2() + 1);
            return r == null ? java.util.Collections.emptyIterator() : List.of(r).iterator();
        }).zipWithIndex().cache();
        List<Tuple2<String, Integer>> repeated = records.mapToPair(t -> new Tuple2<>(t._1().id(), 1))
                .reduceByKey(Integer::sum).filter(t -> t._2() > 1).take(1);
        if (!repeated.isEmpty()) {
            throw new IllegalArgumentException("record id '" + repeated.get(0)._1() + "' occurs more than once");
        }

        // Nodes: numbered by their first record, as the embedded engine numbers them.
        // Texts normalised as the bundle's encoder normalises them (TextNormaliser is serializable).
        TextNormaliser normaliser = driverSide.normaliser();
        JavaPairRDD<String, NodeInfo> byKey = records
                .mapToPair(t -> new Tuple2<>(DedupNodes.nodeKey(t._1(), options, normaliser),
                        new NodeInfo(t._2(), t._1().text(), DedupNodes.groupKey(t._1(), options),
                                options.datesMatter() ? (int) t._1().date().toEpochDay() : 0)))
                .reduceByKey((a, b) -> a.firstRecord() <= b.firstRecord() ? a : b);
        JavaPairRDD<String, Tuple2<NodeInfo, Long>> nodes = byKey.mapToPair(t -> new Tuple2<>(t._2().firstRecord(), t))
                .sortByKey().values().zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._1()._1(), new Tuple2<>(t._1()._2(), t._2()))).cache();
        int nodeCount = (int) nodes.count();
        if (nodeCount == 0) {
            throw new IllegalArgumentException(input + ": no records");
        }
        int[] firstRecord = new int[nodeCount];
        int[] group = new int[nodeCount];
        int[] epochDay = new int[nodeCount];
        Map<String, Integer> groups = new java.util.HashMap<>();
        // Groups are numbered in node order, as DedupNodes numbers them.
        List<Tuple2<Long, NodeInfo>> info = nodes.mapToPair(t -> new Tuple2<>(t._2()._2(), t._2()._1())).sortByKey().collect();
        for (Tuple2<Long, NodeInfo> t : info) {
            int node = t._1().intValue();
            firstRecord[node] = (int) t._2().firstRecord();
            group[node] = groups.computeIfAbsent(t._2().groupKey(), k -> groups.size());
            epochDay[node] = t._2().epochDay();
        }
        int[] nodeOfRecord = new int[(int) records.count()];
        List<String> ids = new ArrayList<>(nodeOfRecord.length);
        List<Tuple2<Long, Tuple2<String, Long>>> perRecord = records
                .mapToPair(t -> new Tuple2<>(DedupNodes.nodeKey(t._1(), options, normaliser), new Tuple2<>(t._2(), t._1().id())))
                .join(nodes)
                .mapToPair(t -> new Tuple2<>(t._2()._1()._1(), new Tuple2<>(t._2()._1()._2(), t._2()._2()._2())))
                .sortByKey().collect();
        for (Tuple2<Long, Tuple2<String, Long>> t : perRecord) {
            ids.add(t._2()._1());
            nodeOfRecord[t._1().intValue()] = t._2()._2().intValue();
        }
        long t1 = System.nanoTime();
        millis.put("nodes", (t1 - t0) / 1_000_000);

        // Encode, a partition at a time, with the broadcast bundle.
        List<Tuple2<Long, Tuple2<float[], long[]>>> encoded = nodes.mapToPair(t -> new Tuple2<>(t._2()._2(), t._2()._1().text()))
                .mapPartitionsToPair(it -> encodePartition(it, model, modelKey)).collect();
        int dim = driverSide.spec().embeddingDim();
        int words = Codes.words(driverSide.bits());
        float[] emb = new float[nodeCount * dim];
        long[] codes = new long[nodeCount * words];
        for (Tuple2<Long, Tuple2<float[], long[]>> t : encoded) {
            int node = t._1().intValue();
            System.arraycopy(t._2()._1(), 0, emb, node * dim, dim);
            System.arraycopy(t._2()._2(), 0, codes, node * words, words);
        }
        NodeVectors vectors = new NodeVectors(driverSide.bits(), dim, emb, codes);
        long t2 = System.nanoTime();
        millis.put("encode", (t2 - t1) / 1_000_000);

        // Block and verify: each executor builds the code-band tables once from the broadcast vectors.
        Broadcast<Linking> linking = sc.broadcast(new Linking(java.util.UUID.randomUUID().toString(), vectors, group, epochDay,
                options));
        int slices = Math.max(1, Math.min(nodeCount, partitions * 4));
        List<Integer> sliceIds = new ArrayList<>();
        for (int s = 0; s < slices; s++) {
            sliceIds.add(s);
        }
        List<long[]> found = sc.parallelize(sliceIds, partitions).map(s -> linkSlice(linking, s, slices, nodeCount)).collect();
        Edges edges = new Edges();
        long candidates = 0;
        for (long[] part : found) {
            candidates += part[0];
            for (int i = 1; i < part.length; i += 2) {
                edges.add((int) (part[i] >>> 32), (int) part[i], Float.intBitsToFloat((int) part[i + 1]));
            }
        }
        Edges sorted = edges.sorted();
        long t3 = System.nanoTime();
        millis.put("block", (t3 - t2) / 1_000_000);
        Clustering.Assignment a = Clustering.cluster(vectors, epochDay, options, sorted, DedupProgress.NONE);
        millis.put("cluster", (System.nanoTime() - t3) / 1_000_000);
        records.unpersist();
        nodes.unpersist();
        return DedupResult.of(ids, nodeOfRecord, firstRecord, a, candidates, sorted.size(), millis);
    }

    private static Encoder encoder(Broadcast<byte[]> model, String key) {
        return ENCODERS.computeIfAbsent(key, k -> {
            try {
                return Encoder.of(ModelBundle.read(new ByteArrayInputStream(model.value()), "broadcast bundle"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Iterator<Tuple2<Long, Tuple2<float[], long[]>>> encodePartition(Iterator<Tuple2<Long, String>> it,
                                                                                 Broadcast<byte[]> model, String key) {
        List<Long> nodes = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        it.forEachRemaining(t -> {
            nodes.add(t._1());
            texts.add(t._2());
        });
        if (nodes.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        NodeVectors v = NodeVectors.encode(encoder(model, key), texts);
        List<Tuple2<Long, Tuple2<float[], long[]>>> out = new ArrayList<>(nodes.size());
        int dim = v.dim();
        for (int i = 0; i < nodes.size(); i++) {
            out.add(new Tuple2<>(nodes.get(i), new Tuple2<>(java.util.Arrays.copyOfRange(v.embeddings(), i * dim, (i + 1) * dim),
                    v.code(i))));
        }
        return out.iterator();
    }

    /** Links the nodes {@code slice, slice + slices, ...}; returns the candidate count, then (pair, cosine bits) per edge. */
    private static long[] linkSlice(Broadcast<Linking> b, int slice, int slices, int n) {
        // Keyed by a per-job id, not the broadcast id: broadcast ids start again in every SparkContext.
        Linking l = b.value();
        LINKERS.keySet().removeIf(id -> !id.equals(l.job())); // one job's tables at a time per executor
        Linker linker = LINKERS.computeIfAbsent(l.job(), id -> new Linker(l.vectors(), l.group(), l.epochDay(), l.options()));
        Edges e = new Edges();
        long candidates = 0;
        for (int i = slice; i < n; i += slices) {
            candidates += linker.link(i, e);
        }
        long[] out = new long[1 + 2 * e.size()];
        out[0] = candidates;
        for (int i = 0; i < e.size(); i++) {
            out[1 + 2 * i] = ((long) e.a(i) << 32) | (e.b(i) & 0xFFFFFFFFL);
            out[2 + 2 * i] = Float.floatToRawIntBits(e.weight(i));
        }
        return out;
    }

    /** Reads the bundle file's bytes. */
    public static byte[] bundleBytes(Path bundle) throws IOException {
        return Files.readAllBytes(bundle);
    }
}
