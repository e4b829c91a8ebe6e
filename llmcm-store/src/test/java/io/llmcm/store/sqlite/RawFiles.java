package io.llmcm.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Searches the raw bytes of a store's database, WAL and shared-memory files, as an attacker with the disk would. */
final class RawFiles {
    static final List<String> FILES = List.of(SqliteStore.DATABASE_FILE, SqliteStore.DATABASE_FILE + "-wal",
            SqliteStore.DATABASE_FILE + "-shm");

    private RawFiles() {}

    /** The files (of {@link #FILES}, those that exist) whose bytes contain {@code needle}. */
    static List<String> containing(Path dir, byte[] needle) throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : FILES) {
            Path file = dir.resolve(name);
            if (Files.exists(file) && indexOf(Files.readAllBytes(file), needle) >= 0) {
                out.add(name);
            }
        }
        return out;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A slice from the middle of {@code bytes}: found only where the whole value was stored. */
    static byte[] middle(byte[] bytes, int length) {
        int from = (bytes.length - length) / 2;
        return Arrays.copyOfRange(bytes, from, from + length);
    }
}
