package io.llmcm.store.postgres;

import io.llmcm.core.store.Store;
import io.llmcm.core.store.StoreConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * The whole store conformance suite (with the tenant purge, keys/audit/leases and randomized
 * suites it extends) on the real PostgreSQL. The class works in a schema of its own; each test
 * (a new directory from the suite) starts from a freshly created, freshly migrated schema, and
 * reopening the same directory reopens the same schema.
 */
class PgStoreConformanceTest extends StoreConformanceTest {
    private static final String SCHEMA = PgTestDatabase.newSchema();
    private static Path current;

    @Override
    protected Store open(Path dir) {
        if (!dir.equals(current)) {
            PgTestDatabase.drop(SCHEMA);
            current = dir;
        }
        return PostgresStore.open(PgTestDatabase.url(SCHEMA));
    }

    @AfterAll
    static void dropSchema() {
        PgTestDatabase.drop(SCHEMA);
    }
}
