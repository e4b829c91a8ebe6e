package io.llmcm.store.sqlite;

import io.llmcm.core.store.AllDedicated;
import io.llmcm.core.store.AllDedicatedConformanceTest;
import io.llmcm.core.store.Store;
import java.nio.file.Path;
import java.time.Duration;

/** The conformance suite on SQLite with every tenant but global in a file of its own. */
class SqliteAllDedicatedTest extends AllDedicatedConformanceTest {
    @Override
    protected Store open(Path dir) {
        return new AllDedicated(SqliteStore.open(dir, Duration.ofSeconds(5)));
    }
}
