package io.llmcm.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Replaces a file so that a reader sees the old content or the new, never a part: the bytes go to
 * a temporary file in the same directory (same file system, so the rename is atomic), are forced
 * to disk, then the temporary file is renamed over the target ({@code ATOMIC_MOVE}; a plain
 * replace where the file system cannot). The temporary file is removed when anything fails.
 * Used by the SDK's snapshot file and the agent's rendered files.
 */
public final class AtomicFile {
    /** The permissions the written file gets on POSIX file systems (elsewhere the directory's rules apply). */
    public record Mode(Set<PosixFilePermission> newFile, boolean keepExisting) {
        public Mode {
            newFile = Set.copyOf(newFile);
        }

        /** Owner read and write only ({@code rw-------}), whatever the file had. */
        public static Mode ownerOnly() {
            return new Mode(PosixFilePermissions.fromString("rw-------"), false);
        }

        /** An existing file keeps its permissions; a new one gets {@code posix}, e.g. {@code rw-r--r--}. */
        public static Mode keepExistingElse(String posix) {
            return new Mode(PosixFilePermissions.fromString(posix), true);
        }
    }

    private AtomicFile() {}

    /** Writes {@code bytes} as the whole content of {@code target}; its directory must exist. */
    public static void write(Path target, byte[] bytes, Mode mode) throws IOException {
        Objects.requireNonNull(mode, "mode");
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp"); // owner-only on POSIX
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            permissions(tmp, target, mode);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void permissions(Path tmp, Path target, Mode mode) {
        try {
            Set<PosixFilePermission> p = mode.keepExisting() && Files.exists(target) ? Files.getPosixFilePermissions(target) : mode.newFile();
            Files.setPosixFilePermissions(tmp, p);
        } catch (UnsupportedOperationException | IOException e) {
            // not POSIX: the directory's rules apply
        }
    }
}
