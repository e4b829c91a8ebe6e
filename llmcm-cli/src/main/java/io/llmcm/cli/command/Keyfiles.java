package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.Inputs;
import io.llmcm.core.ConflictException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** PEM key files: read with one-line errors, written new only (a key is never overwritten). */
final class Keyfiles {
    private Keyfiles() {}

    static String read(Path file) {
        return Inputs.readFile(file);
    }

    /**
     * Creates {@code file} holding {@code pem}; a private key's file is created with mode 0600
     * (where the file system has modes), so it is never readable by others, not even for a moment.
     */
    static void create(Path file, String pem, boolean ownerOnly) {
        boolean posix = file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = ownerOnly && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
                : new FileAttribute<?>[0];
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
            ch.write(ByteBuffer.wrap(pem.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        } catch (FileAlreadyExistsException e) {
            throw new ConflictException(file + " already exists; refusing to overwrite a key");
        } catch (NoSuchFileException e) {
            throw new CliException(CliException.ERROR, "cannot write " + file + ": no such directory");
        } catch (AccessDeniedException e) {
            throw new CliException(6, "cannot write " + file + ": permission denied");
        } catch (IOException e) {
            throw new CliException(CliException.ERROR, "cannot write " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
