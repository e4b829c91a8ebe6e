package io.llmcm.store.postgres;

import io.llmcm.core.StoreException;
import io.llmcm.store.jdbc.JdbcSql;
import io.llmcm.store.sqlite.QuietFlywayLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Creates the store's schema when missing and brings it up to date with the Flyway migrations
 * under {@code db/postgresql}; the history table ({@code flyway_schema_history}) lives in that
 * schema too, so stores in different schemas of one database migrate independently. Flyway takes
 * a PostgreSQL advisory lock while it migrates, so instances starting together migrate once.
 */
final class PgMigrations {
    static final String LOCATION = "classpath:db/postgresql";
    /** The highest migration under {@link #LOCATION}; {@code PgMigrationsTest} keeps it honest. */
    static final int LATEST = 2;

    private PgMigrations() {}

    /** Applies pending migrations; returns how many ran. */
    static int run(DataSource dataSource, PgUrl url) {
        createSchema(dataSource, url);
        if (appliedVersion(dataSource, url.schema()) == LATEST) {
            return 0; // the common case: no Flyway start-up cost
        }
        try {
            return Flyway.configure(PgMigrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .schemas(url.schema())
                    .defaultSchema(url.schema())
                    .createSchemas(false)
                    .locations(LOCATION)
                    .loggers(QuietFlywayLog.class.getName())
                    .load()
                    .migrate()
                    .migrationsExecuted;
        } catch (FlywayException e) {
            throw new StoreException("store " + url + ": cannot migrate the schema: " + JdbcSql.firstLine(e.getMessage()), e);
        }
    }

    /**
     * Creates the schema when it is missing. Existence is checked first: CREATE SCHEMA IF NOT
     * EXISTS needs the CREATE privilege on the database even when the schema exists, which an
     * application role given a schema made by its DBA does not have.
     */
    private static void createSchema(DataSource dataSource, PgUrl url) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
                ps.setString(1, url.schema());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            JdbcSql.exec(c, "CREATE SCHEMA IF NOT EXISTS " + url.quotedSchema());
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("08")) {
                throw JdbcSql.failure(url.name(), "connect", e);
            }
            // two instances creating it at once: one of them loses the race on the catalog's unique index
            if (!state.equals("23505") && !state.equals("42P06")) {
                throw JdbcSql.failure(url.name(), "create schema " + url.schema(), e);
            }
        }
    }

    /** The highest successfully applied migration, or -1 when there is none (a new schema). */
    static int appliedVersion(DataSource dataSource, String schema) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, '"' + schema + "\".flyway_schema_history");
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return -1;
                }
            }
            try (PreparedStatement max = c.prepareStatement("SELECT MAX(CAST(version AS integer)) FROM \"" + schema
                            + "\".flyway_schema_history WHERE success AND version IS NOT NULL");
                    ResultSet rs = max.executeQuery()) {
                return rs.next() && rs.getObject(1) != null ? rs.getInt(1) : -1;
            }
        } catch (SQLException e) {
            return -1; // let Flyway say what is wrong
        }
    }
}
