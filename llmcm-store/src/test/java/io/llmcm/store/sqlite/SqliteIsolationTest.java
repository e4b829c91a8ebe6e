package io.llmcm.store.sqlite;

import static io.llmcm.core.store.StoreFixtures.commit;
import static io.llmcm.core.store.StoreFixtures.json;
import static io.llmcm.core.store.StoreFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.store.Store;
import io.llmcm.core.store.StoreIsolationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hard isolation on SQLite: the contract suite, then where the bytes are (the tenant's own file,
 * never {@code llmcm.db}), the file's removal with the tenant, and what opening the store repairs
 * after a crash between the tenant's file and the main file.
 */
class SqliteIsolationTest extends StoreIsolationTest {
    private static final byte[] ACME_VALUE = "acme-three".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ACME_SECRET = "llmcm-sealed-acme-ciphertext".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BETA_VALUE = "beta-two".getBytes(StandardCharsets.UTF_8);

    @Override
    protected Store open(Path dir) {
        return SqliteStore.open(dir, Duration.ofSeconds(5));
    }

    private Path tenants() {
        return dir.resolve(TenantFiles.DIR);
    }

    /** The files of the tenants directory, by name. */
    private List<String> tenantFiles() throws IOException {
        if (!Files.isDirectory(tenants())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tenants())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every byte of a database file with its WAL. */
    private static boolean contains(Path db, byte[] needle) throws IOException {
        for (Path f : List.of(db, db.resolveSibling(db.getFileName() + "-wal"))) {
            if (Files.exists(f) && RawFiles.indexOf(Files.readAllBytes(f), needle) >= 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aDedicatedTenantsValuesAndSecretsAreInItsOwnFileOnly() throws IOException {
        threeTenants();
        store.putKeyring("acme", "acme-keyring-bytes".getBytes(StandardCharsets.UTF_8));
        Path acmeFile = tenants().resolve(TenantFile.fileName("acme", 1));
        Path main = dir.resolve(SqliteStore.DATABASE_FILE);

        assertThat(tenantFiles()).contains("acme.1.db");
        assertThat(contains(acmeFile, ACME_VALUE)).isTrue();
        assertThat(contains(acmeFile, ACME_SECRET)).isTrue();
        assertThat(contains(acmeFile, "acme-keyring-bytes".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(contains(main, ACME_VALUE)).as("a dedicated value in llmcm.db").isFalse();
        assertThat(contains(main, ACME_SECRET)).as("a dedicated secret in llmcm.db").isFalse();
        assertThat(contains(main, "acme-keyring-bytes".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(contains(main, BETA_VALUE)).as("a shared tenant stays in llmcm.db").isTrue();
        assertThat(contains(acmeFile, BETA_VALUE)).isFalse();
    }

    @Test
    void deletingADedicatedTenantRemovesItsFile() throws IOException {
        threeTenants();
        store.putKeyring("acme", "acme-keyring-bytes".getBytes(StandardCharsets.UTF_8));

        store.append(List.of(commit(4, new Mutation.DeleteTenant("acme"))));

        assertThat(tenantFiles()).isEmpty();
        assertThat(RawFiles.containing(dir, ACME_VALUE)).isEmpty();
        assertThat(RawFiles.containing(dir, "acme-keyring-bytes".getBytes(StandardCharsets.UTF_8))).isEmpty();
        store.append(List.of(commit(5, dedicated("acme"))));
        assertThat(tenantFiles()).containsExactly("acme.5.db", "acme.5.db-shm", "acme.5.db-wal");
    }

    /**
     * A crash after the tenant's file got a batch and before the main file did: the rows are in
     * the tenant file (written here directly, as the append would have), the log does not have
     * the commit. Reopening forgets them, and the revision is free for the next append.
     */
    @Test
    void rowsOfACommitTheMainFileNeverGotAreForgottenOnOpen() throws Exception {
        threeTenants();
        Path acmeFile = tenants().resolve(TenantFile.fileName("acme", 1));
        store.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + acmeFile);
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE versions SET superseded = 4 WHERE tenant = 'acme' AND path = 'a' AND env = '' AND superseded IS NULL");
            s.executeUpdate("INSERT INTO versions(tenant, path, env, service, revision, seq, content_type, replaces, value)"
                    + " VALUES ('acme', 'a', '', '', 4, 0, 'json', 0, CAST('\"phantom\"' AS BLOB))");
        }
        // and the file of a dedicated tenant whose creation never reached the main file
        Files.copy(acmeFile, tenants().resolve(TenantFile.fileName("ghost", 4)));

        store = open(dir);

        assertThat(store.lastRevision()).isEqualTo(3);
        assertThat(store.entriesAt("acme", "", Long.MAX_VALUE)).extracting(EntryVersion::revision).containsExactly(3L, 2L, 2L);
        assertThat(store.history("acme", "a", Long.MAX_VALUE, 10)).extracting(h -> h.version().revision()).containsExactly(3L, 2L, 1L);
        assertThat(tenantFiles()).noneMatch(f -> f.startsWith("ghost"));

        store.append(List.of(commit(4, put(ACME_A, "\"real\""))));
        assertThat(store.entriesAt("acme", "a", 4)).contains(new EntryVersion(ACME_A, 4, json("\"real\""), false));
        assertThat(store.commitsAfter(3, 10).getFirst().mutations()).containsExactly(put(ACME_A, "\"real\""));
    }

    /** A crash after the main file committed a tenant's deletion, before its file was removed. */
    @Test
    void theFileOfATenantTheCatalogNoLongerHasGoesOnOpen() throws Exception {
        threeTenants();
        Path acmeFile = tenants().resolve(TenantFile.fileName("acme", 1));
        Path kept = dir.resolve("acme-copy.db");
        store.close();
        Files.copy(acmeFile, kept);
        store = open(dir);
        store.append(List.of(commit(4, new Mutation.DeleteTenant("acme"))));
        store.close();
        Files.copy(kept, acmeFile); // as if the deletion of the file never happened
        Files.delete(kept);

        store = open(dir);

        assertThat(tenantFiles()).isEmpty();
        assertThat(RawFiles.containing(dir, ACME_VALUE)).isEmpty();
    }

    /** A failed append leaves no row of its own in the tenant files (the next append reuses the revision). */
    @Test
    void aFailedAppendLeavesNothingInTheTenantFiles() throws SQLException {
        threeTenants();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.DATABASE_FILE));
                Statement s = c.createStatement()) {
            // the main file refuses commit 4 (as a full disk would), after the tenant file took its rows
            s.execute("CREATE TRIGGER refuse BEFORE INSERT ON commits WHEN NEW.revision = 4 BEGIN SELECT RAISE(ABORT, 'refused'); END");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.append(List.of(commit(4, put(ACME_A, "\"lost\"")))))
                .isInstanceOf(io.llmcm.core.StoreException.class);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.DATABASE_FILE));
                Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER refuse");
        }

        assertThat(store.entriesAt("acme", "a", Long.MAX_VALUE)).extracting(EntryVersion::revision).containsExactly(3L, 2L);
        store.append(List.of(commit(4, put(ACME_A, "\"kept\""))));
        assertThat(store.history("acme", "a", Long.MAX_VALUE, 10)).extracting(h -> h.version().value())
                .startsWith(json("\"kept\""));
        assertThat(store.history("acme", "a", Long.MAX_VALUE, 10)).hasSize(4);
    }
    /** The catalog names a dedicated tenant whose file is gone (damage, not a crash): opening refuses, saying which. */
    @Test
    void aMissingTenantFileIsDamageAndOpeningSaysSo() throws IOException {
        threeTenants();
        store.close();
        store = null;
        TenantFile.deleteFiles(tenants().resolve(TenantFile.fileName("acme", 1)));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> open(dir))
                .isInstanceOf(io.llmcm.core.StoreException.class)
                .hasMessageContaining("the file of dedicated tenant 'acme'")
                .hasMessageContaining("is missing; restore it from the backup of the store directory");
    }
}
