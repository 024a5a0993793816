package io.txmatch.index.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {
    @TempDir
    Path dir;

    @Test
    void the_lock_file_names_the_holder_and_a_second_acquire_is_refused() throws IOException {
        try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
            assertThat(Files.readString(lock.file())).startsWith("pid=" + ProcessHandle.current().pid() + " host=")
                    .contains(" started=");
            assertThatThrownBy(() -> DirectoryLock.acquire(dir.resolve(".").resolve("..").resolve(dir.getFileName())))
                    .as("another spelling of the same directory").isInstanceOf(DirectoryLockedException.class)
                    .hasMessageContaining("already open in this process");
        }
        DirectoryLock.acquire(dir).close();
    }

    @Test
    void a_lock_held_through_another_channel_of_this_process_is_refused_too() throws IOException {
        try (FileChannel ch = FileChannel.open(dir.resolve(DirectoryLock.FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = ch.lock()) {
            assertThatThrownBy(() -> DirectoryLock.acquire(dir)).isInstanceOf(DirectoryLockedException.class)
                    .hasMessageContaining("in use by another process");
            assertThat(held.isValid()).as("the refused acquire did not release the holder's lock").isTrue();
        }
    }

    @Test
    void an_empty_path_or_a_file_is_no_data_directory() throws IOException {
        assertThatThrownBy(() -> DirectoryLock.acquire(Path.of(""))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty path");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> DirectoryLock.acquire(file)).isInstanceOf(NotDirectoryException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not a directory");
    }
}
