package io.llmcm.store.postgres;

import io.llmcm.core.store.Store;
import io.llmcm.core.store.StoreConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * The whole store conformance suite (with the tenant purge, keys/audit/leases and randomized
 * suites it extends) on the real PostgreSQL. The class works in a schema of its own, created and
 * migrated by the first test and dropped after the last; each later test (a new directory from
 * the suite) starts from its tables emptied and its counter rows reset, as a new store has them,
 * and reopening the same directory reopens the same schema.
 */
class PgStoreConformanceTest extends StoreConformanceTest {
    private static final String SCHEMA = PgTestDatabase.newSchema();
    private static Path current;

    @Override
    protected Store open(Path dir) {
        if (!dir.equals(current)) {
            if (current == null) {
                PgTestDatabase.drop(SCHEMA); // the first test creates and migrates the schema
            } else {
                PgTestDatabase.empty(SCHEMA); // later ones start from its tables emptied: the same as new, and quicker
            }
            current = dir;
        }
        return PostgresStore.open(PgTestDatabase.url(SCHEMA));
    }

    @AfterAll
    static void dropSchema() {
        PgTestDatabase.drop(SCHEMA);
    }
}
