package io.txmatch.spark;

import io.txmatch.dedup.Clustering;
import io.txmatch.dedup.DedupEngine;
import io.txmatch.dedup.DedupNodes;
import io.txmatch.dedup.DedupOptions;
import io.txmatch.dedup.DedupProgress;
import io.txmatch.dedup.DedupRecord;
import io.txmatch.dedup.DedupResult;
import io.txmatch.dedup.Edges;
import io.txmatch.dedup.Linker;
import io.txmatch.dedup.NodeVectors;
import io.txmatch.dedup.io.Columns;
import io.txmatch.dedup.io.CsvReader;
import io.txmatch.dedup.io.Format;
import io.txmatch.dedup.io.NdjsonReader;
import io.txmatch.dedup.io.RecordReader;
import io.txmatch.dedup.io.ResultWriter;
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
 * parsing lines (the engine's {@link RecordReader}s, a line at a time), finding each node's first record
 * (a node is a distinct normalised text), encoding (the model bundle is
 * broadcast as bytes and loaded once per executor JVM), and blocking plus verification (the node codes and
 * embeddings are broadcast; each executor builds the Multi-Index Hashing tables over the code bands once and
 * links the nodes of its partitions). On the driver: the verified edges are clustered by the engine's own
 * {@link Clustering} and the output file written by {@link ResultWriter}. The checks
 * ({@link DedupNodes.Checker}), the node numbering ({@link DedupNodes.Numbering}), vectors, edges and tie-breaks
 * are the embedded engine's, so the output is the same, byte for byte.
 *
 * <p>What the driver holds: per distinct text its key, text and vectors (about 0.5 KB at 128 dimensions), per
 * record its id and node, per verified edge 12 bytes; the key-to-node map is broadcast to the executors.
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
    public static DedupResult run(JavaSparkContext sc, String input, Columns columns, DedupOptions options,
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
        Format format = Format.detect(Path.of(input).getFileName().toString(), head.get(0));
        RecordReader reader = format == Format.CSV ? new CsvReader(input, columns).withHeader(head.get(0))
                : new NdjsonReader(input, columns);
        // Records in input order, numbered 0..n-1 (zipWithIndex keeps partition order).
        JavaPairRDD<DedupRecord, Long> records = lines.zipWithIndex().flatMap(t -> {
            if (format == Format.CSV && t._2() == 0) {
                return java.util.Collections.emptyIterator();
            }
            DedupRecord r = reader.readLine(t._1(), t._2() + 1);
            return r == null ? java.util.Collections.emptyIterator() : List.of(r).iterator();
        }).zipWithIndex().cache();

        // The engine's checks, on the driver, in input order: the same first bad record, the same message.
        List<Tuple2<String, Boolean>> checked = records.map(t -> new Tuple2<>(t._1().id(), t._1().date() != null)).collect();
        if (checked.isEmpty()) {
            throw new IllegalArgumentException(input + ": no records");
        }
        DedupNodes.Checker checker = new DedupNodes.Checker(options);
        List<String> ids = new ArrayList<>(checked.size());
        for (Tuple2<String, Boolean> t : checked) {
            checker.check(t._1(), t._2());
            ids.add(t._1());
        }

        // Nodes: each key's first record found distributed, then numbered on the driver by the engine's own
        // numbering, fed in order of first record. Texts normalised as the bundle's encoder normalises them
        // (TextNormaliser is serializable).
        TextNormaliser normaliser = driverSide.normaliser();
        List<Tuple2<String, NodeInfo>> firsts = records
                .mapToPair(t -> new Tuple2<>(DedupNodes.nodeKey(t._1(), options, normaliser),
                        new NodeInfo(t._2(), t._1().text(), DedupNodes.groupKey(t._1(), options),
                                DedupNodes.epochDay(t._1(), options))))
                .reduceByKey((a, b) -> a.firstRecord() <= b.firstRecord() ? a : b)
                .mapToPair(t -> new Tuple2<>(t._2().firstRecord(), t)).sortByKey().values().collect();
        DedupNodes.Numbering numbering = new DedupNodes.Numbering(options, normaliser);
        Map<String, Integer> nodeOfKey = new java.util.HashMap<>(firsts.size() * 2);
        List<Tuple2<Integer, String>> texts = new ArrayList<>(firsts.size());
        for (Tuple2<String, NodeInfo> t : firsts) {
            NodeInfo n = t._2();
            int node = numbering.addNode(t._1(), (int) n.firstRecord(), n.text(), n.groupKey(), n.epochDay());
            nodeOfKey.put(t._1(), node);
            texts.add(new Tuple2<>(node, n.text()));
        }
        int nodeCount = numbering.size();
        int[] firstRecord = numbering.firstRecords();
        int[] group = numbering.groups();
        int[] epochDay = numbering.epochDays();
        Broadcast<Map<String, Integer>> nodes = sc.broadcast(nodeOfKey);
        // Per record its node, in input order (a map keeps the order; no shuffle).
        List<Integer> perRecord = records.map(t -> nodes.value().get(DedupNodes.nodeKey(t._1(), options, normaliser))).collect();
        int[] nodeOfRecord = perRecord.stream().mapToInt(Integer::intValue).toArray();
        long t1 = System.nanoTime();
        millis.put("nodes", (t1 - t0) / 1_000_000);

        // Encode, a partition at a time, with the broadcast bundle.
        List<Tuple2<Integer, Tuple2<float[], long[]>>> encoded = sc.parallelizePairs(texts, partitions)
                .mapPartitionsToPair(it -> encodePartition(it, model, modelKey)).collect();
        int dim = driverSide.spec().embeddingDim();
        int words = Codes.words(driverSide.bits());
        float[] emb = new float[nodeCount * dim];
        long[] codes = new long[nodeCount * words];
        for (Tuple2<Integer, Tuple2<float[], long[]>> t : encoded) {
            int node = t._1();
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
        nodes.destroy();
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

    private static Iterator<Tuple2<Integer, Tuple2<float[], long[]>>> encodePartition(Iterator<Tuple2<Integer, String>> it,
                                                                                    Broadcast<byte[]> model, String key) {
        List<Integer> nodes = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        it.forEachRemaining(t -> {
            nodes.add(t._1());
            texts.add(t._2());
        });
        if (nodes.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        NodeVectors v = NodeVectors.encode(encoder(model, key), texts);
        List<Tuple2<Integer, Tuple2<float[], long[]>>> out = new ArrayList<>(nodes.size());
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
