package io.llmcm.store.sqlite;

import static io.llmcm.core.store.StoreFixtures.commit;
import static io.llmcm.core.store.StoreFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.StoreException;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Rule;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.Value;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crypto-shredding on disk: after {@code deleteKeyring} and after a {@code DeleteTenant} commit,
 * the deleted bytes are in none of the store's files, though they were before.
 */
class SqliteShreddingTest {
    private static final Random RANDOM = new Random(20261126);
    private static final byte[] ACME_KEYRING = bytes(700);
    private static final byte[] BETA_KEYRING = bytes(30_000); // spans overflow pages
    private static final byte[] GLOBAL_KEYRING = bytes(500);
    private static final String BETA_V1 = marker("beta-v1");
    private static final String BETA_V2 = marker("beta-v2");
    private static final String BETA_BIG = marker("beta-big");
    private static final String BETA_SCHEMA = marker("beta-schema");
    private static final String GLOBAL_VALUE = marker("global-keep");

    @TempDir
    Path dir;

    private SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir, Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void secureDeleteIsOn() {
        assertThat(store.pragma("secure_delete")).isEqualTo("1");
    }

    @Test
    void deletedKeyringsAndPurgedTenantsLeaveNoBytesInTheDatabaseWalOrShm() throws Exception {
        plantSecrets();
        for (byte[] planted : planted()) {
            assertThat(RawFiles.containing(dir, planted)).as("planted bytes are on disk before").isNotEmpty();
        }

        store.deleteKeyring("acme");
        store.append(List.of(commit(4, new Mutation.DeleteTenant("beta"))));

        for (byte[] planted : planted()) {
            assertThat(RawFiles.containing(dir, planted)).as("files holding deleted bytes").isEmpty();
        }
        assertSurvivorsFound();
        assertThat(store.keyrings()).containsOnlyKeys("global");
        store.close();
        store = null;
        for (byte[] planted : planted()) {
            assertThat(RawFiles.containing(dir, planted)).as("files holding deleted bytes after close").isEmpty();
        }
        assertSurvivorsFound();
    }

    /** A reader still reading the old snapshot holds the WAL frames with the key; the delete waits for it. */
    @Test
    void aReaderOnAnOldSnapshotDelaysTheShreddingButCannotDefeatIt() throws Exception {
        store.putKeyring("acme", ACME_KEYRING);
        try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.DATABASE_FILE))) {
            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("SELECT wrapped FROM keyrings")) {
                assertThat(rs.next()).isTrue(); // the read transaction now pins the snapshot
            }
            Thread finisher = Thread.ofPlatform().start(() -> {
                sleep(400);
                try {
                    reader.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();

            store.deleteKeyring("acme");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(300));
            finisher.join();
        }
        assertThat(RawFiles.containing(dir, RawFiles.middle(ACME_KEYRING, 64))).isEmpty();
        assertThat(store.keyrings()).isEmpty();
    }

    /**
     * A crash between a delete and the WAL truncation leaves the bytes in the WAL; the next open
     * truncates it. The crash is a copy of the files taken while another connection has deleted
     * the keyring but not checkpointed.
     */
    @Test
    void openingAfterACrashFinishesTheShredding() throws Exception {
        store.putKeyring("acme", ACME_KEYRING);
        Path crashed = dir.resolve("crashed");
        Files.createDirectories(crashed);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.DATABASE_FILE));
                Statement s = other.createStatement()) {
            s.execute("PRAGMA secure_delete = ON");
            s.executeUpdate("DELETE FROM keyrings WHERE tenant = 'acme'");
            for (String name : RawFiles.FILES.subList(0, 2)) {
                Files.copy(dir.resolve(name), crashed.resolve(name));
            }
        }
        byte[] key = RawFiles.middle(ACME_KEYRING, 64);
        assertThat(RawFiles.containing(crashed, key)).as("the crash left the key in the WAL").contains("llmcm.db-wal");

        try (SqliteStore reopened = SqliteStore.open(crashed, Duration.ofSeconds(5))) {
            assertThat(RawFiles.containing(crashed, key)).isEmpty();
            assertThat(reopened.keyrings()).isEmpty();
        }
    }

    /** The purge is part of the append transaction: a batch that fails after it purges nothing. */
    @Test
    void aFailedBatchWithADeleteTenantPurgesNothing() throws Exception {
        plantSecrets();
        Map<String, byte[]> keyrings = store.keyrings();
        var history = store.history("beta", "p", Long.MAX_VALUE, 10);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.DATABASE_FILE));
                Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER refuse_5 BEFORE INSERT ON commits WHEN NEW.revision = 5"
                    + " BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
        }

        assertThatThrownBy(() -> store.append(List.of(
                        commit(4, new Mutation.DeleteTenant("beta")), commit(5, new Mutation.DeleteTenant("acme")))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("disk on fire");

        assertThat(store.lastRevision()).isEqualTo(3);
        assertThat(store.keyrings()).containsOnlyKeys("acme", "beta", "global");
        assertThat(store.keyrings().get("beta")).isEqualTo(keyrings.get("beta"));
        assertThat(store.history("beta", "p", Long.MAX_VALUE, 10)).isEqualTo(history);
        assertThat(store.load().tenants()).extracting(Tenant::name).containsExactly("global", "acme", "beta");
        assertThat(store.load().schemas()).extracting(SchemaBinding::tenant).containsExactly("beta");
    }

    /**
     * Keyrings of three tenants; beta has two versions of one entry, a large entry and a schema.
     * Revision 2 is checkpointed into the database file, revision 3 stays in the WAL, so the bytes
     * sit in both places.
     */
    private void plantSecrets() {
        store.append(List.of(commit(1,
                new Mutation.PutTenant(new Tenant("global", null)),
                new Mutation.PutTenant(new Tenant("acme", "global")),
                new Mutation.PutTenant(new Tenant("beta", "global")),
                new Mutation.PutEntry(key("global", "keep", Layer.BASE), Value.text(GLOBAL_VALUE), false))));
        store.putKeyring("global", GLOBAL_KEYRING);
        store.putKeyring("acme", ACME_KEYRING);
        store.putKeyring("beta", BETA_KEYRING);
        String big = "x".repeat(40_000) + BETA_BIG + "y".repeat(40_000);
        store.append(List.of(commit(2,
                new Mutation.PutEntry(key("beta", "p", Layer.BASE), Value.text(BETA_V1), false),
                new Mutation.PutEntry(key("beta", "big", Layer.of("prod")), Value.text(big), false),
                new Mutation.PutSchema(new SchemaBinding("beta", "s", "p", null,
                        List.of(new Rule("true", BETA_SCHEMA, "")))))));
        assertThat(store.pragma("wal_checkpoint(PASSIVE)")).isEqualTo("0"); // not busy
        store.append(List.of(commit(3, new Mutation.PutEntry(key("beta", "p", Layer.BASE), Value.text(BETA_V2), false))));
    }

    private static List<byte[]> planted() {
        return List.of(RawFiles.middle(ACME_KEYRING, 64), RawFiles.middle(BETA_KEYRING, 64),
                ascii(BETA_V1), ascii(BETA_V2), ascii(BETA_BIG), ascii(BETA_SCHEMA));
    }

    /** The scan does see what was not deleted (else the empty results above prove nothing). */
    private void assertSurvivorsFound() throws Exception {
        assertThat(RawFiles.containing(dir, RawFiles.middle(GLOBAL_KEYRING, 64))).isNotEmpty();
        assertThat(RawFiles.containing(dir, ascii(GLOBAL_VALUE))).isNotEmpty();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String marker(String name) {
        return name + "-" + HexFormat.of().formatHex(bytes(16));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
