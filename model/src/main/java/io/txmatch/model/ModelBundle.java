package io.txmatch.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A trained model on disk: manifest plus named float tensors (encoder and hashing layer).
 *
 * <p>Byte layout, version 1, all integers big-endian:
 * <pre>
 * int32  magic 0x54584D42 ("TXMB")
 * int32  format version (1)
 * int32  manifest length N (at most 1 MiB), then N bytes of UTF-8 JSON ({@link BundleManifest})
 * int32  tensor count T (at most 1024), then T times:
 *          int16 name length + UTF-8 name, int32 rank R (1..4), R x int64 dims, float32 values
 * int32  CRC32C of every byte before it
 * </pre>
 * Version history: 1 (first release).
 */
public final class ModelBundle {
    /** "TXMB". */
    public static final int MAGIC = 0x54584D42;
    /** The format version this build writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** Where the bundled model lies, relative to the txmatch home (the checkout or the unpacked distribution). */
    public static final String BUNDLED = "models/default.txmb";
    private static final int MAX_MANIFEST = 1 << 20;
    private static final int MAX_TENSORS = 1024;
    private static final long MAX_VALUES = 1L << 26;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A named tensor: shape and row-major values. */
    public record Tensor(long[] shape, float[] values) {
        public Tensor {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + values.length + " values");
            }
        }
    }

    private final BundleManifest manifest;
    private final Map<String, Tensor> tensors;

    public ModelBundle(BundleManifest manifest, Map<String, Tensor> tensors) {
        this.manifest = manifest;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The bundle's bytes in format version 1. */
    public byte[] toBytes() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buf);
        out.writeInt(MAGIC);
        out.writeInt(FORMAT_VERSION);
        byte[] json = JSON.writeValueAsBytes(manifest);
        out.writeInt(json.length);
        out.write(json);
        out.writeInt(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeShort(name.length);
            out.write(name);
            long[] shape = e.getValue().shape();
            out.writeInt(shape.length);
            for (long d : shape) {
                out.writeLong(d);
            }
            ByteBuffer values = ByteBuffer.allocate(e.getValue().values().length * 4);
            values.asFloatBuffer().put(e.getValue().values());
            out.write(values.array());
        }
        out.flush();
        CRC32C crc = new CRC32C();
        crc.update(buf.toByteArray());
        out.writeInt((int) crc.getValue());
        out.flush();
        return buf.toByteArray();
    }

    /** Writes the bundle atomically: to a temporary file beside {@code path}, then a rename. */
    public void write(Path path) throws IOException {
        Path abs = path.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, toBytes());
            if (Files.getFileAttributeView(tmp, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The bundled model under {@code home}: what every command and the service load unless told otherwise. */
    public static Path bundled(Path home) {
        return home.resolve(BUNDLED);
    }

    /** Reads and checks a bundle file. */
    public static ModelBundle read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new BundleFormatException("model bundle not found: " + path);
        }
        return fromBytes(Files.readAllBytes(path), path.toString());
    }

    /** Reads and checks a bundle from a stream (for bundles on the classpath). */
    public static ModelBundle read(InputStream in, String source) throws IOException {
        return fromBytes(in.readAllBytes(), source);
    }

    static ModelBundle fromBytes(byte[] bytes, String source) throws IOException {
        if (bytes.length < 16) {
            throw new BundleFormatException(source + ": too short to be a model bundle (" + bytes.length + " bytes)");
        }
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        try {
            if (in.readInt() != MAGIC) {
                throw new BundleFormatException(source + ": not a txmatch model bundle (bad magic number)");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new BundleFormatException(source + ": bundle format version " + version
                        + " is not supported (this build reads version " + FORMAT_VERSION + ")");
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
            if (stored != (int) crc.getValue()) {
                throw new BundleFormatException(source + ": checksum mismatch, the bundle is damaged");
            }
            int manifestLen = in.readInt();
            if (manifestLen < 2 || manifestLen > MAX_MANIFEST) {
                throw new BundleFormatException(source + ": manifest size out of range: " + manifestLen);
            }
            byte[] json = in.readNBytes(manifestLen);
            BundleManifest manifest = JSON.readValue(json, BundleManifest.class);
            int count = in.readInt();
            if (count < 0 || count > MAX_TENSORS) {
                throw new BundleFormatException(source + ": tensor count out of range: " + count);
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (int t = 0; t < count; t++) {
                String name = new String(in.readNBytes(in.readUnsignedShort()), StandardCharsets.UTF_8);
                int rank = in.readInt();
                if (rank < 1 || rank > 4) {
                    throw new BundleFormatException(source + ": tensor " + name + " has rank " + rank);
                }
                long[] shape = new long[rank];
                long n = 1;
                for (int r = 0; r < rank; r++) {
                    shape[r] = in.readLong();
                    if (shape[r] < 1 || shape[r] > MAX_VALUES) {
                        throw new BundleFormatException(source + ": tensor " + name + " has a bad dimension");
                    }
                    n *= shape[r];
                    if (n > MAX_VALUES) {
                        throw new BundleFormatException(source + ": tensor " + name + " is too large");
                    }
                }
                byte[] raw = in.readNBytes((int) n * 4);
                if (raw.length != n * 4) {
                    throw new EOFException();
                }
                float[] values = new float[(int) n];
                ByteBuffer.wrap(raw).asFloatBuffer().get(values);
                tensors.put(name, new Tensor(shape, values));
            }
            if (in.available() != 4) {
                throw new BundleFormatException(source + ": unexpected bytes after the last tensor");
            }
            if (!BundleManifest.CHARCNN_V1.equals(manifest.architecture())) {
                throw new BundleFormatException(source + ": unknown architecture " + manifest.architecture());
            }
            try {
                TextNormaliser.of(manifest.normaliserVersion());
            } catch (IllegalArgumentException e) {
                throw new BundleFormatException(source + ": trained with " + e.getMessage());
            }
            return new ModelBundle(manifest, tensors);
        } catch (EOFException e) {
            throw new BundleFormatException(source + ": truncated model bundle");
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new BundleFormatException(source + ": unreadable manifest: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException(source + ": " + e.getMessage());
        }
    }
}
