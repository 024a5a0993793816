package io.txmatch.index.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.txmatch.index.Query;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed version-1 store (a snapshot of 120 codes plus a log of 30 later writes, written by
 * {@link GoldenStore}) must open in this build and give exactly the answers it gave when it was written.
 * A failure means the snapshot or log format, or search, changed: bump the format version rather than
 * regenerate the files.
 */
class GoldenStoreTest {
    @TempDir
    Path dir;

    private static final String[] FILES = {"snapshot-00000000000000000120.txis", "wal-00000000000000000121.log"};

    @Test
    void writing_the_golden_store_again_gives_the_same_bytes() throws IOException {
        Path again = dir.resolve("again");
        GoldenStore.write(again, false);
        for (String name : FILES) {
            try (InputStream in = GoldenStoreTest.class.getResourceAsStream("/golden/v1/" + name)) {
                assertThat(in).as(name).isNotNull();
                assertThat(Files.readAllBytes(again.resolve(name))).as(name).isEqualTo(in.readAllBytes());
            }
        }
    }

    @Test
    void the_v1_golden_store_opens_and_answers_exactly_as_recorded() throws IOException {
        for (String name : FILES) {
            try (InputStream in = GoldenStoreTest.class.getResourceAsStream("/golden/v1/" + name)) {
                assertThat(in).as(name).isNotNull();
                Files.copy(in, dir.resolve(name));
            }
        }
        try (IndexStore store = IndexStore.open(dir, GoldenStore.BITS, IndexStore.Sync.EVERY_WRITE)) {
            assertThat(store.snapshotSequence()).isEqualTo(120);
            assertThat(store.replayed()).isEqualTo(30);
            assertThat(store.sequence()).isEqualTo(150);
            assertThat(store.index().size()).isEqualTo(123);
            String[][] expected = {
                {"39:3 78:3 99:3 137:3 27:4",
                 "39:3 78:3 99:3 137:3 27:4 45:4 54:4 66:4 3:5 18:5 21:5 24:5 48:5 69:5 75:5 81:5 93:5 101:5 102:5 120:5"
                         + " 60:6 72:6 114:6 30:7 33:7 84:7 90:7 107:7 123:7 9:8 36:8 51:8 57:8 87:8 105:8 0:9 12:9 63:9"
                         + " 6:10 96:11 42:12"},
                {"46:3 49:3 82:3 28:4 70:4",
                 "46:3 49:3 82:3 28:4 70:4 88:4 110:4 13:5 67:5 73:5 85:5 115:5 131:5 4:6 10:6 16:6 25:6 64:6 79:6 7:7"
                         + " 22:7 43:7 58:7 76:7 97:7 103:7 106:7 1:8 31:8 34:8 40:8 52:8 91:8 19:9 37:9 109:9 111:9"
                         + " 55:10 61:11"},
                {"68:1 139:1 29:2 86:2 14:3",
                 "68:1 139:1 29:2 86:2 14:3 38:3 56:3 17:4 23:4 71:4 92:4 95:4 136:4 5:5 11:5 47:5 53:5 59:5 74:5 77:5"
                         + " 113:5 32:6 83:6 119:6 135:6 35:7 41:7 50:7 65:7 80:7 98:7 26:8 100:8 108:8 20:9 44:9 62:9"
                         + " 89:9 2:10 118:11"},
            };
            for (int q = 0; q < GoldenStore.QUERIES.length; q++) {
                long[] query = GoldenStore.QUERIES[q];
                assertThat(GoldenStore.text(store.index().search(Query.knn(query, 5)).neighbors())).isEqualTo(expected[q][0]);
                assertThat(GoldenStore.text(store.index().search(Query.radius(query, 12)).neighbors())).isEqualTo(expected[q][1]);
            }
        }
    }
}
