package io.llmcm.store.postgres;

import io.llmcm.core.store.AllDedicated;
import io.llmcm.core.store.AllDedicatedConformanceTest;
import io.llmcm.core.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * The conformance suite on PostgreSQL with every tenant but global in a schema of its own; one
 * schema for the class, emptied (its tenants' schemas dropped) between tests, as in {@link
 * PgStoreConformanceTest}.
 */
class PgAllDedicatedTest extends AllDedicatedConformanceTest {
    private static final String SCHEMA = PgTestDatabase.newSchema();
    private static Path current;

    @Override
    protected Store open(Path dir) {
        if (!dir.equals(current)) {
            if (current == null) {
                PgTestDatabase.drop(SCHEMA);
            } else {
                PgTestDatabase.empty(SCHEMA);
            }
            current = dir;
        }
        return new AllDedicated(PostgresStore.open(PgTestDatabase.url(SCHEMA)));
    }

    @AfterAll
    static void dropSchema() {
        PgTestDatabase.drop(SCHEMA);
    }
}
