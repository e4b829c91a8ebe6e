package io.llmcm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.StoreException;
import io.llmcm.core.store.Store;
import io.llmcm.store.Stores;
import io.llmcm.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Stores} opens a PostgreSQL store for a URL and a SQLite store for a directory. */
class PgStoresFactoryTest {
    private static final String SCHEMA = PgTestDatabase.newSchema();

    @AfterAll
    static void dropSchema() {
        PgTestDatabase.drop(SCHEMA);
    }

    @Test
    void aUrlOpensPostgresAndADirectorySqlite(@TempDir Path dir) {
        String url = PgTestDatabase.url(SCHEMA);
        assertThat(Stores.isUrl(url)).isTrue();
        assertThat(Stores.exists(url)).as("no schema yet").isFalse();
        assertThat(Stores.exists(url)).as("and asking does not create it").isFalse();
        try (Store s = Stores.open(url, Duration.ZERO)) {
            assertThat(s).isInstanceOf(PostgresStore.class);
            assertThat(((PostgresStore) s).schema()).isEqualTo(SCHEMA);
        }
        assertThat(Stores.exists(url)).isTrue();
        assertThatThrownBy(() -> Stores.exists("postgresql://127.0.0.1:1/test?password=hunter2&schema=" + SCHEMA))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("store postgresql://127.0.0.1:1/test?schema=" + SCHEMA + ": cannot connect: ")
                .hasMessageNotContaining("hunter2");
        assertThat(Stores.isUrl(dir.toString())).isFalse();
        assertThat(Stores.exists(dir.toString())).isFalse();
        try (Store s = Stores.open(dir.toString(), Duration.ZERO)) {
            assertThat(s).isInstanceOf(SqliteStore.class);
        }
        assertThat(Stores.exists(dir.toString())).isTrue();
    }
}
