package io.llmcm.store.sqlite;

import io.llmcm.core.StoreException;
import io.llmcm.store.jdbc.JdbcSql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Brings a store's schema up to date with the Flyway migrations under {@code db/sqlite}. */
final class Migrations {
    static final String LOCATION = "classpath:db/sqlite";
    /** The highest migration under {@link #LOCATION}; {@code MigrationsTest} keeps it honest. */
    static final int LATEST = 6;

    private Migrations() {}

    /** Applies pending migrations; returns how many ran. */
    static int run(DataSource dataSource, String store) {
        // Flyway costs a noticeable part of a CLI command's start-up; a current schema needs none of it
        if (appliedVersion(dataSource) == LATEST) {
            return 0;
        }
        try {
            return Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(LOCATION)
                    .loggers(QuietFlywayLog.class.getName())
                    .load()
                    .migrate()
                    .migrationsExecuted;
        } catch (FlywayException e) {
            throw new StoreException(
                    "store " + store + ": cannot migrate the schema: " + JdbcSql.firstLine(e.getMessage()), e);
        }
    }

    /** The highest successfully applied migration, or -1 when unknown (new store, no history). */
    static int appliedVersion(DataSource dataSource) {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success = 1")) {
            return rs.next() && rs.getObject(1) != null ? rs.getInt(1) : -1;
        } catch (SQLException e) {
            return -1; // no history table yet: let Flyway create it
        }
    }
}
