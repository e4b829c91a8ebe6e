package io.llmcm.store.sqlite;

import static io.llmcm.core.store.StoreFixtures.commit;
import static io.llmcm.core.store.StoreFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.StoreException;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.store.Store;
import io.llmcm.core.store.StoreImage;
import io.llmcm.core.store.StoreConformanceTest;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The conformance suite on SQLite, plus what only the embedded store has: its lock, pragmas and migrations. */
class SqliteStoreTest extends StoreConformanceTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Override
    protected Store open(Path dir) {
        return SqliteStore.open(dir, WAIT);
    }

    private SqliteStore sqlite() {
        return (SqliteStore) store;
    }

    @Test
    void aSecondOpenInTheSameProcessFailsFastWithOneClearLine() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> SqliteStore.open(dir, Duration.ofMillis(200)))
                .isInstanceOf(StoreException.class)
                .hasMessage("store " + dir + " is in use by another process");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        store.append(List.of(commit(1, put("a", "1")))); // the first store is unharmed
        assertThat(store.lastRevision()).isEqualTo(1);
    }

    /**
     * The child runs without any SLF4J jar, as a plain embedding would, and creates the store
     * itself: migrations and all, it must print nothing but its own line.
     */
    @Test
    void aSecondOpenFromAnotherProcessFailsFastWithOneClearLine() throws Exception {
        Path shared = dir.resolve("shared");
        Path childErr = dir.resolve("child.err");
        String classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("slf4j"))
                .collect(Collectors.joining(File.pathSeparator));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                        "-cp", classPath, LockHolder.class.getName(), shared.toString())
                .redirectError(childErr.toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        try {
            assertThat(out.readLine()).isEqualTo("locked at revision 0");
            long start = System.nanoTime();

            assertThatThrownBy(() -> SqliteStore.open(shared, Duration.ofMillis(300)))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("store " + shared + " is in use by another process");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        } finally {
            child.getOutputStream().close();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).isZero();
        assertThat(out.readLine()).as("more output from the child").isNull();
        assertThat(Files.readString(childErr)).as("child's stderr").isEmpty();
        try (SqliteStore again = SqliteStore.open(shared, WAIT)) { // released when the child closed it
            assertThat(again.lastRevision()).isZero();
        }
    }

    @Test
    void anOpenWaitsForTheLockToBeReleased() throws Exception {
        Thread closer = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.close();
        });

        try (SqliteStore second = SqliteStore.open(dir, WAIT)) {
            assertThat(second.lastRevision()).isZero();
        }
        closer.join();
        store = null;
    }

    /** A failure half-way through a batch (here a trigger refusing revision 3) rolls the whole batch back. */
    @Test
    void aBatchThatFailsHalfWayLeavesNothingBehind() throws Exception {
        store.append(List.of(commit(1, put("a", "1"))));
        StoreImage before = store.load();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.DATABASE_FILE));
                Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER refuse_3 BEFORE INSERT ON commits WHEN NEW.revision = 3"
                    + " BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
        }

        assertThatThrownBy(() -> store.append(List.of(
                        commit(2, put("a", "2"), put("b", "2")), commit(3, put("c", "3")), commit(4, put("d", "4")))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("disk on fire")
                .hasMessageContaining(dir.toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

        assertThat(store.lastRevision()).isEqualTo(1);
        assertThat(store.load()).isEqualTo(before);
        assertThat(store.commitInfo(2)).isEmpty();
        assertThat(store.history("global", "a", Long.MAX_VALUE, 10)).hasSize(1);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.DATABASE_FILE));
                Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER refuse_3");
        }
        store.append(List.of(commit(2, put("a", "2")), commit(3, put("c", "3"))));
        assertThat(store.load().heads()).hasSize(2);
    }

    @Test
    void unreadableRowsAreAStoreFailure() throws Exception {
        store.append(List.of(commit(1, put("a", "1"), new Mutation.DeleteTag("global", "v1"))));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.DATABASE_FILE));
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE commits SET catalog = CAST('[{' AS BLOB)");
            s.executeUpdate("UPDATE versions SET content_type = 'yaml'");
        }

        assertThatThrownBy(() -> store.commitsAfter(0, 10))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("store " + dir + ": cannot read commits after 0: stored data is unreadable");
        assertThatThrownBy(() -> store.load())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("unknown content type yaml");
    }

    @Test
    void theWriterUsesWalAndFullSync() {
        assertThat(sqlite().pragma("journal_mode")).isEqualTo("wal");
        assertThat(sqlite().pragma("synchronous")).isEqualTo("2"); // FULL
    }

    @Test
    void migrationsRunOnce() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        assertThat(Migrations.run(Connections.dataSource(fresh), "fresh")).isEqualTo(Migrations.LATEST);
        assertThat(Migrations.run(Connections.dataSource(fresh), "fresh")).isZero();

        store.append(List.of(commit(1, put("a", "1"))));
        reopen();
        store.close();
        store = null;
        List<String> applied = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.DATABASE_FILE));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, success FROM flyway_schema_history"
                        + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                assertThat(rs.getBoolean(2)).as("migration %s succeeded", rs.getString(1)).isTrue();
                applied.add(rs.getString(1));
            }
        }
        assertThat(applied).as("each migration applied once").containsExactly("1", "2", "3", "4", "5", "6");
    }

    @Test
    void openCreatesTheDirectoryAndExistsSeesTheDatabase() {
        Path nested = dir.resolve("a/b/store");
        assertThat(SqliteStore.exists(nested)).isFalse();

        try (SqliteStore s = SqliteStore.open(nested, WAIT)) {
            assertThat(s.lastRevision()).isZero();
        }

        assertThat(SqliteStore.exists(nested)).isTrue();
        assertThat(nested.resolve("LOCK")).exists();
    }

    @Test
    void aCorruptDatabaseGivesOneLineAndReleasesTheLock() throws Exception {
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve(SqliteStore.DATABASE_FILE), "this is not a database, ".repeat(200));

        for (int attempt = 0; attempt < 2; attempt++) { // the second attempt is not blocked by a leaked lock
            assertThatThrownBy(() -> SqliteStore.open(broken, Duration.ZERO))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(broken.toString())
                    .hasMessageNotContaining("in use")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                    .hasCauseInstanceOf(Exception.class);
        }
    }

    @Test
    void aClosedStoreSaysSoAndClosesOnlyOnce() {
        store.close();

        assertThatThrownBy(() -> store.load()).isInstanceOf(StoreException.class).hasMessage("store " + dir + " is closed");
        assertThatThrownBy(() -> store.append(List.of(commit(1)))).isInstanceOf(StoreException.class);
        store.close();
        store = null;
    }
}
