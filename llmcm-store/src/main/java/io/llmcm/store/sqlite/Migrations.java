package io.llmcm.store.sqlite;

import io.llmcm.core.StoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Brings a store's schema up to date with the Flyway migrations under {@code db/sqlite}. */
final class Migrations {
    static final String LOCATION = "classpath:db/sqlite";

    private Migrations() {}

    /** Applies pending migrations; returns how many ran. */
    static int run(DataSource dataSource, String store) {
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
                    "store " + store + ": cannot migrate the schema: " + Sql.firstLine(e.getMessage()), e);
        }
    }
}
