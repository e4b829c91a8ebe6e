package io.llmcm.store.jdbc;

import io.llmcm.core.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** Small JDBC and error helpers of both stores. */
public final class JdbcSql {
    private JdbcSql() {}

    /** A unit of JDBC work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs one statement with the arguments bound in order; the update count. */
    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** "store NAME: cannot WHAT: REASON", one line; the SQL exception stays as the cause. */
    public static StoreException failure(String store, String what, SQLException e) {
        return new StoreException("store " + store + ": cannot " + what + ": " + describe(e), e);
    }

    /**
     * What went wrong, for a message: the first line of the driver's text. Not a batch's own text:
     * pgjdbc's quotes the failed statement with its values bound (paths, and values as stored), so
     * the error the server gave for it (the next exception) is said instead.
     */
    public static String describe(SQLException e) {
        SQLException cause = e;
        while (cause instanceof java.sql.BatchUpdateException && cause.getNextException() != null) {
            cause = cause.getNextException();
        }
        if (cause instanceof java.sql.BatchUpdateException) {
            return "a batched statement failed" + (cause.getSQLState() == null ? "" : " (SQLSTATE " + cause.getSQLState() + ")");
        }
        return firstLine(cause.getMessage());
    }

    public static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        String trimmed = message.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
    }
}
