package io.llmcm.cli.remote;

import io.llmcm.cli.CliException;
import io.llmcm.cli.Context;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.json.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code llmcm login} remembers: the server and its token, in {@code profile.json} under
 * {@code $LLMCM_CONFIG_DIR} (default {@code ~/.config/llmcm}), readable by the owner only.
 */
public record Profile(String server, String token) {
    public static final String CONFIG_DIR_ENV = "LLMCM_CONFIG_DIR";
    public static final String FILE_NAME = "profile.json";

    /** Where the profile lives for this context. */
    public static Path file(Context context) {
        String dir = context.env(CONFIG_DIR_ENV, null);
        Path d = dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".config", "llmcm");
        return d.resolve(FILE_NAME);
    }

    /** The profile in {@code file}, or null when there is none. */
    public static Profile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CliException(CliException.ERROR, "cannot read the profile " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        try {
            JsonNode o = Json.parse(bytes);
            String server = o.path("server").asString("");
            if (server.isEmpty()) {
                throw new CliException(CliException.ERROR, "the profile " + file + " names no server; run llmcm login again");
            }
            String token = o.path("token").asString("");
            return new Profile(server, token.isEmpty() ? null : token);
        } catch (LlmcmException e) {
            throw new CliException(CliException.ERROR, "the profile " + file + " is not valid JSON; run llmcm login again (or llmcm logout)");
        }
    }

    /**
     * Writes the profile: a new file created with mode 0600 (where the file system has POSIX
     * permissions) in a directory created 0700, then moved over the old one, so the token is never
     * readable by others, not even for a moment.
     */
    public void write(Path file) {
        ObjectNode o = Json.NODES.objectNode().put("server", server).put("token", token);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try {
            boolean posix = Files.getFileStore(existing(dir)).supportsFileAttributeView("posix");
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            Files.deleteIfExists(tmp);
            if (posix) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            Files.write(tmp, (Json.pretty(o) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileAlreadyExistsException e) {
            throw new CliException(CliException.ERROR, "cannot write the profile " + file + ": " + e.getFile() + " is in the way");
        } catch (IOException e) {
            throw new CliException(CliException.ERROR, "cannot write the profile " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Removes the profile; false when there was none. */
    public static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CliException(CliException.ERROR, "cannot remove the profile " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Path existing(Path dir) {
        Path d = dir;
        while (d != null && !Files.exists(d)) {
            d = d.getParent();
        }
        return d == null ? Path.of(".").toAbsolutePath() : d;
    }

    @Override
    public String toString() { // never the token
        return "Profile[server=" + server + "]";
    }
}
