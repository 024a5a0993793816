package io.txmatch.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * API keys and the tenant each one acts for, read from a file of lines {@code KEY TENANT} (blank lines and
 * lines starting with {@code #} ignored). Keys are kept only as SHA-256 digests, so a lookup compares
 * digests rather than secrets. Keys: at least 16 characters without spaces; tenants: 1-64 of
 * {@code [A-Za-z0-9._-]}; a key may appear once. An operator key (for {@code /metrics} and the counts of
 * {@code /health/ready}) comes from a file of its own, one key line, and may not also be a tenant's key.
 */
final class ApiKeys {
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MIN_KEY = 16;

    private final Map<String, String> tenantByDigest;
    /** Digest of the operator key; null when there is none. */
    private final String operatorDigest;

    private ApiKeys(Map<String, String> tenantByDigest, String operatorDigest) {
        this.tenantByDigest = Map.copyOf(tenantByDigest);
        this.operatorDigest = operatorDigest;
    }

    /** Reads and checks the key file; every problem names its line. */
    static ApiKeys read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, String> byDigest = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = file + ": line " + (i + 1) + ": ";
            if (parts.length != 2) {
                throw new IllegalArgumentException(where + "expected 'KEY TENANT'");
            }
            if (parts[0].length() < MIN_KEY) {
                throw new IllegalArgumentException(where + "keys must be at least " + MIN_KEY + " characters");
            }
            if (!TENANT.matcher(parts[1]).matches()) {
                throw new IllegalArgumentException(where + "tenant must be 1-64 of A-Z a-z 0-9 . _ -");
            }
            if (byDigest.put(digest(parts[0]), parts[1]) != null) {
                throw new IllegalArgumentException(where + "this key appears twice");
            }
        }
        if (byDigest.isEmpty()) {
            throw new IllegalArgumentException(file + ": no keys");
        }
        return new ApiKeys(byDigest, null);
    }

    /** These keys and the operator key read from {@code file}: one line of at least 16 characters, no tenant's key. */
    ApiKeys withOperator(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        if (lines.size() != 1 || lines.get(0).length() < MIN_KEY || lines.get(0).contains(" ")) {
            throw new IllegalArgumentException(file + ": expected one operator key line of at least " + MIN_KEY
                    + " characters without spaces");
        }
        String digest = digest(lines.get(0));
        if (tenantByDigest.containsKey(digest)) {
            throw new IllegalArgumentException(file + ": the operator key is also a tenant's key; give it a key of its own");
        }
        return new ApiKeys(tenantByDigest, digest);
    }

    /** Whether {@code key} is the operator key. */
    boolean isOperator(String key) {
        return key != null && operatorDigest != null && operatorDigest.equals(digest(key));
    }

    /** Whether an operator key was configured. */
    boolean hasOperator() {
        return operatorDigest != null;
    }

    /** The tenant {@code key} acts for, if it is a key. */
    Optional<String> tenantOf(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(tenantByDigest.get(digest(key)));
    }

    /** Distinct tenants, for the start-up log. */
    int tenants() {
        return new TreeSet<>(tenantByDigest.values()).size();
    }

    private static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
