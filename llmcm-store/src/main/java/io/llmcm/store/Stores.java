package io.llmcm.store;

import io.llmcm.core.store.Store;
import io.llmcm.store.postgres.PostgresStore;
import io.llmcm.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens a store by its location, as {@code --store} gives it: a {@code postgresql://} URL (also
 * {@code postgres://}, {@code jdbc:postgresql://}) opens a {@link PostgresStore}, anything else
 * is the directory of an embedded {@link SqliteStore}.
 */
public final class Stores {
    private Stores() {}

    /** True when the location is a PostgreSQL store URL rather than a directory. */
    public static boolean isUrl(String location) {
        return PostgresStore.isUrl(location);
    }

    /**
     * Opens the store, creating it when needed (the directory and database file, or the schema and
     * its tables).
     *
     * @param lockWait how long to wait for another process to release a SQLite store (a PostgreSQL
     *     store is shared, there is nothing to wait for)
     */
    public static Store open(String location, Duration lockWait) {
        return isUrl(location) ? PostgresStore.open(location) : SqliteStore.open(Path.of(location), lockWait);
    }

    /** The location for messages: a directory as it is, a URL without its password. */
    public static String describe(String location) {
        return isUrl(location) ? PostgresStore.redact(location) : location;
    }

    /**
     * True when a store is already there: a SQLite directory holding its database file, or a
     * PostgreSQL schema holding the store's tables (whether it is initialized is for the
     * repository to say).
     *
     * @throws io.llmcm.core.StoreException when a PostgreSQL database cannot be reached
     */
    public static boolean exists(String location) {
        return isUrl(location) ? PostgresStore.exists(location) : SqliteStore.exists(Path.of(location));
    }
}
