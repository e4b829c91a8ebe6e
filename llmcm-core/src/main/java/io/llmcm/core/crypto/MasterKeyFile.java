package io.llmcm.core.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import io.llmcm.core.KeyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Reads and writes the master key file: a Tink keyset in cleartext JSON, mode 0600. Writes go to a
 * temporary file created with mode 0600 (never widened and narrowed later), are synced, and then
 * take the file's place in one step, so a crash leaves the old file or the new one, never half.
 */
final class MasterKeyFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private MasterKeyFile() {}

    /** The keyset in {@code file}, after checking that nobody but the owner can read it. */
    static KeysetHandle read(Path file) {
        checkMode(file);
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new KeyException("master key file " + file + " is missing");
        } catch (AccessDeniedException e) {
            throw new KeyException("master key file " + file + " cannot be read: permission denied");
        } catch (IOException e) {
            throw new KeyException("master key file " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
        KeysetHandle keys;
        try {
            keys = TinkJsonProtoKeysetFormat.parseKeyset(json, TinkSetup.config(), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyException("master key file " + file + " is damaged: it is not a key set");
        }
        for (int i = 0; i < keys.size(); i++) {
            if (!(keys.getAt(i).getKey() instanceof AesGcmKey k) || !k.getParameters().equals(VersionedKek.PARAMETERS)) {
                throw new KeyException("master key file " + file + " is damaged: it holds a key that is not AES-256-GCM");
            }
        }
        return keys;
    }

    /** Writes a new file; refuses when one exists (it may protect another store). */
    static void create(Path file, KeysetHandle keys) {
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw exists(file);
        }
        Path tmp = writeTemporary(file, keys);
        try {
            // link(2) fails when the name exists, so a file that appeared meanwhile is not replaced
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            throw exists(file);
        } catch (UnsupportedOperationException | IOException e) {
            moveInto(tmp, file, false);
        } finally {
            deleteQuietly(tmp);
        }
        syncDirectory(file);
    }

    /** Replaces the file's content in one step (rotation and retirement). */
    static void replace(Path file, KeysetHandle keys) {
        Path tmp = writeTemporary(file, keys);
        try {
            moveInto(tmp, file, true);
        } finally {
            deleteQuietly(tmp);
        }
        syncDirectory(file);
    }

    private static KeyException exists(Path file) {
        return new KeyException("master key file " + file + " already exists; refusing to overwrite it (it may protect another store)");
    }

    private static Path writeTemporary(Path file, KeysetHandle keys) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + HexFormat.of().formatHex(randomBytes(6)));
        try {
            Files.createDirectories(dir);
            String json = TinkJsonProtoKeysetFormat.serializeKeyset(keys, TinkSetup.config(), InsecureSecretKeyAccess.get());
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(dir))) {
                ch.write(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            return tmp;
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new KeyException("cannot write master key file " + file + ": " + e.getClass().getSimpleName());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot serialize a keyset", e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    }

    private static void moveInto(Path tmp, Path file, boolean replace) {
        try {
            if (replace) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(tmp, file);
            }
        } catch (FileAlreadyExistsException e) {
            throw exists(file);
        } catch (IOException e) {
            throw new KeyException("cannot write master key file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static void checkMode(Path file) {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (NoSuchFileException e) {
            throw new KeyException("master key file " + file + " is missing");
        } catch (IOException e) {
            throw new KeyException("master key file " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
        EnumSet<PosixFilePermission> others = EnumSet.copyOf(perms);
        others.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        if (!others.isEmpty()) {
            boolean readable = others.contains(PosixFilePermission.GROUP_READ) || others.contains(PosixFilePermission.OTHERS_READ);
            throw new KeyException("master key file " + file + " is " + (readable ? "readable" : "writable")
                    + " by others (mode " + octal(perms) + "); chmod 600 it");
        }
    }

    /** {@code 0644} for rw-r--r--. */
    static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", mode);
    }

    private static void syncDirectory(Path file) {
        // makes the new directory entry durable; not every platform can open a directory
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temporary file holds a key but is mode 0600 like the real one
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
