package io.llmcm.store.sqlite;

import io.llmcm.core.LlmcmException;
import io.llmcm.core.PermissionDeniedException;
import io.llmcm.core.StoreException;
import io.llmcm.store.jdbc.JdbcSql;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/** The SQLite store's file error helper; the JDBC helpers are {@link JdbcSql}. */
final class Sql {
    private Sql() {}

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
            default -> JdbcSql.firstLine(e.getMessage());
        };
        return new StoreException("cannot " + what + " " + path + ": " + reason, e);
    }
}
