package io.llmcm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** What a store failure says: the server's reason, never a statement with its values bound. */
class JdbcSqlTest {

    @Test
    void aFailedBatchIsDescribedByTheServersReasonNotByItsStatement() {
        // pgjdbc's text for a batch cut by a restart, quoting the statement with the values bound
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO versions VALUES ('acme', 'providers/openai', 'sk-plain-value')"
                + " was aborted: FATAL: terminating connection due to administrator command  Call getNextException to see other errors in the batch.",
                "57P01", new int[0]);
        batch.setNextException(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));

        String said = JdbcSql.failure("postgresql://db/x?schema=s", "append revisions 59..59", batch).getMessage();

        assertThat(said).isEqualTo("store postgresql://db/x?schema=s: cannot append revisions 59..59: FATAL: terminating connection due to administrator command");
        assertThat(said).doesNotContain("INSERT", "sk-plain-value", "providers/openai", "getNextException");
    }

    @Test
    void aBatchWithoutTheServersReasonSaysOnlyThatItFailed() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 3 UPDATE versions SET value = 'x' was aborted", "08006", new int[0]);

        assertThat(JdbcSql.describe(batch)).isEqualTo("a batched statement failed (SQLSTATE 08006)");
    }

    @Test
    void otherErrorsKeepTheirFirstLineOnly() {
        SQLException e = new SQLException("ERROR: duplicate key value violates unique constraint \"leases_credential_hash_key\"\n"
                + "  Detail: Key (credential_hash)=(abc) already exists.", "23505");

        assertThat(JdbcSql.describe(e)).isEqualTo("ERROR: duplicate key value violates unique constraint \"leases_credential_hash_key\"");
    }
}
