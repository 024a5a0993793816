package io.txmatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corruption: a byte of the durable catalogue flipped, or the file cut, at a random offset. The server must
 * either refuse to start with a clear one-line error, or start with exactly the merchants enrolled before the
 * damage (a prefix of the enrolment order), each intact and matching its own text first: never a wrong answer.
 */
@Tag("reliability")
class CorruptionTest {
    private static final int MERCHANTS = 30;
    private static final int TRIALS = 40;

    @TempDir
    Path dir;

    @Test
    void damage_gives_a_clear_refusal_or_a_clean_prefix_never_a_wrong_answer() throws Exception {
        Path keys = LocalTxmatch.writeKeys(dir);
        Path pristine = dir.resolve("pristine");
        Map<String, String> enrolled = new LinkedHashMap<>(); // in enrolment order
        Random random = new Random(4242);
        Set<String> used = new HashSet<>();
        try (LocalTxmatch txmatch = LocalTxmatch.start(pristine, keys)) {
            Api api = new Api(txmatch.awaitReady(120), LocalTwinEndToEndTest.KEY);
            for (int i = 0; i < MERCHANTS; i++) {
                String text = Catalogue.uniqueText(random, used);
                enrolled.put(Scenario.enrol(api, "merchant " + i, text), text);
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(pristine)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).as("durable files in the data directory").isNotEmpty();
        List<String> ids = new ArrayList<>(enrolled.keySet());
        int recovered = 0;
        int refused = 0;
        List<String> wrong = new ArrayList<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            Path data = dir.resolve("trial-" + trial);
            copy(pristine, data);
            Path victim = data.resolve(files.get(random.nextInt(files.size())).getFileName());
            byte[] bytes = Files.readAllBytes(victim);
            int offset = random.nextInt(bytes.length);
            String damage;
            if (trial % 2 == 0) {
                bytes[offset] ^= (byte) (1 + random.nextInt(255));
                Files.write(victim, bytes);
                damage = "flip at " + offset;
            } else {
                Files.write(victim, java.util.Arrays.copyOf(bytes, offset));
                damage = "cut at " + offset;
            }
            LocalTxmatch txmatch = LocalTxmatch.start(data, keys);
            try {
                Api api = new Api(txmatch.awaitReady(120), LocalTwinEndToEndTest.KEY);
                Map<String, JsonNode> listed = Catalogue.list(api);
                int k = listed.size();
                // A clean recovery keeps the first k enrolments exactly, and each still matches its own text.
                Map<String, String> prefix = new LinkedHashMap<>();
                ids.subList(0, Math.min(k, ids.size())).forEach(id -> prefix.put(id, enrolled.get(id)));
                if (k > ids.size() || !listed.keySet().equals(prefix.keySet())
                        || !Catalogue.missingOrUnmatched(api, prefix).isEmpty()) {
                    wrong.add(damage + ": " + k + " merchants listed");
                }
                recovered++;
            } catch (java.util.concurrent.ExecutionException e) {
                int code = txmatch.awaitExit(30);
                String out = txmatch.output();
                if (code == 1 && out.contains("error: ") && !out.contains("\tat ")) {
                    refused++;
                } else {
                    wrong.add(damage + ": exit " + code + " without a clear error:\n" + out);
                }
            } finally {
                txmatch.close();
            }
        }
        System.out.printf("corruption trials=%d recovered=%d refused=%d wrong=%d%n", TRIALS, recovered, refused, wrong.size());
        assertThat(wrong).isEmpty();
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }
}
