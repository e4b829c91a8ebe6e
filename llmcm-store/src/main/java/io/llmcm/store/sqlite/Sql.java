package io.llmcm.store.sqlite;

import io.llmcm.core.LlmcmException;
import io.llmcm.core.PermissionDeniedException;
import io.llmcm.core.StoreException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Small JDBC and error helpers shared by the SQLite store's classes. */
final class Sql {
    private Sql() {}

    /** A unit of JDBC work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** "store DIR: cannot WHAT: REASON", one line; the SQL exception stays as the cause. */
    static StoreException failure(String store, String what, SQLException e) {
        return new StoreException("store " + store + ": cannot " + what + ": " + firstLine(e.getMessage()), e);
    }

    /**
     * A failed file operation on the store as a user error: the operating system refusing access is
     * a permission problem, anything else a store failure.
     */
    static LlmcmException fileFailure(String what, Path path, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new PermissionDeniedException("cannot " + what + " " + path + ": permission denied");
        }
        String reason = switch (e) {
            case FileAlreadyExistsException x -> "a file is in the way";
            case FileSystemException x when x.getReason() != null -> x.getReason(); // the message repeats the path
            default -> firstLine(e.getMessage());
        };
        return new StoreException("cannot " + what + " " + path + ": " + reason, e);
    }

    static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        String trimmed = message.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
    }
}
