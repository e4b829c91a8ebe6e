package io.llmcm.store.crash;

import io.llmcm.store.postgres.PgTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link CrashTest} on the real PostgreSQL: the committing client is killed with SIGKILL mid-load
 * six times; the server rolls back what was in flight (releasing the log head's row lock), and
 * every acknowledged commit must be there, whole, with no gap in the revisions.
 */
class PgCrashTest {
    private static final String SCHEMA = PgTestDatabase.newSchema();

    @AfterAll
    static void dropSchema() {
        PgTestDatabase.drop(SCHEMA);
    }

    @Test
    void everyAcknowledgedCommitSurvivesSigkillOfTheClientAndNothingIsHalfThere() throws Exception {
        CrashTest.check(PgTestDatabase.url(SCHEMA));
    }
}
