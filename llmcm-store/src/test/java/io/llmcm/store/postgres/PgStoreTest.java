package io.llmcm.store.postgres;

import static io.llmcm.core.store.StoreFixtures.commit;
import static io.llmcm.core.store.StoreFixtures.delete;
import static io.llmcm.core.store.StoreFixtures.key;
import static io.llmcm.core.store.StoreFixtures.put;
import static io.llmcm.core.store.StoreFixtures.time;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.llmcm.core.StoreException;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.crypto.EnvironmentKeyProvider;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Lease;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.Caller;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.store.RevisionMismatchException;
import io.llmcm.core.store.StoreImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** What only the PostgreSQL store has: reopening, several processes on one schema, NOTIFY, failures, data at rest. */
class PgStoreTest {
    private static final String SCHEMA = PgTestDatabase.newSchema();
    private static final String URL = PgTestDatabase.url(SCHEMA);

    private PostgresStore store;

    @BeforeEach
    void freshSchema() {
        PgTestDatabase.drop(SCHEMA);
        store = PostgresStore.open(URL);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @AfterAll
    static void dropSchema() {
        PgTestDatabase.drop(SCHEMA);
    }

    private void reopen() {
        store.close();
        store = PostgresStore.open(URL);
    }

    @Test
    void reopeningGivesBackTheSameStoreSideTablesIncluded() {
        store.append(List.of(
                commit(1, new Mutation.PutTenant(new Tenant("global", null)), new Mutation.PutTenant(new Tenant("acme", "global")),
                        new Mutation.PutEnvironment(new Environment("base", null)), put("a", "1"), put("b", "{\"x\":[1,2]}")),
                commit(2, put("a", "2"), delete("b"), new Mutation.PutTag(new Tag("acme", "v1", 1))),
                commit(3, put(key("acme", "models/gpt", Layer.of("prod", "chat")), "{\"t\":0.5}"))));
        store.prune(time(3), Set.of());
        store.putKeyring("acme", new byte[] {1, 2, 3, 0, -1});
        store.putSetting("kek", "{\"type\":\"env\"}".getBytes(StandardCharsets.UTF_8));
        store.appendAudit(List.of(new AuditEvent(0, time(4), "alice", "secret.reveal", "acme", "db/password", "ok", "", "h1", "m1")));
        Lease lease = new Lease("lease-1", EntryKey.of("acme", "db/password", Layer.BASE), "ab".repeat(32), time(4), time(5), null, "alice");
        store.putLease(lease);
        StoreImage image = store.load();
        List<Commit> log = store.commitsAfter(0, 100);
        Map<String, byte[]> keyrings = store.keyrings();

        reopen();

        assertThat(store.lastRevision()).isEqualTo(3);
        assertThat(store.retentionFloor()).isEqualTo(2);
        assertThat(store.load()).isEqualTo(image);
        assertThat(store.commitsAfter(0, 100)).isEqualTo(log);
        assertThat(store.keyrings()).containsOnlyKeys(keyrings.keySet());
        assertThat(store.keyrings().get("acme")).isEqualTo(new byte[] {1, 2, 3, 0, -1});
        assertThat(store.setting("kek")).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"env\"}"));
        assertThat(store.lastAudit()).hasValueSatisfying(e -> assertThat(e.seq()).isEqualTo(1));
        assertThat(store.lease("lease-1")).contains(lease);
    }

    /** Two processes on one schema (two stores here): the log's head row decides, nothing is written twice. */
    @Test
    void twoStoresOnOneSchemaNeverShareARevision() {
        try (PostgresStore other = PostgresStore.open(URL)) {
            store.append(List.of(commit(1, put("a", "1"))));

            assertThatThrownBy(() -> other.append(List.of(commit(1, put("a", "\"other\"")))))
                    .isInstanceOfSatisfying(RevisionMismatchException.class, e -> {
                        assertThat(e.expected()).isZero();
                        assertThat(e.actual()).isEqualTo(1);
                    });
            // its own view is unchanged (another process's commit must not pass for its own), the database's is what counts
            assertThat(other.lastRevision()).isZero();
            other.append(List.of(commit(2, put("a", "2"))));
            assertThat(other.lastRevision()).isEqualTo(2);

            assertThat(store.commitsAfter(0, 10)).containsExactly(commit(1, put("a", "1")), commit(2, put("a", "2")));
            assertThat(store.load().heads()).singleElement().satisfies(v -> assertThat(v.revision()).isEqualTo(2));
        }
    }

    /** Writers in two stores race for the same revisions, catching up after each loss: every revision is written once. */
    @Test
    void racingWritersInTwoStoresInterleaveWithoutGapsOrDuplicates() throws Exception {
        int perWriter = 60;
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> won = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<PostgresStore> stores = List.of(store, PostgresStore.open(URL));
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            PostgresStore s = stores.get(w);
            String name = "w" + w;
            writers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    long next = s.lastRevision() + 1;
                    for (int done = 0; done < perWriter; ) {
                        try {
                            s.append(List.of(new Commit(next, time(next), name, "race", List.of(put(name, String.valueOf(done))))));
                            won.add(name + "@" + next);
                            done++;
                            next++;
                        } catch (RevisionMismatchException e) {
                            next = e.actual() + 1; // the other writer got there first: catch up and try again
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        go.countDown();
        for (Thread t : writers) {
            t.join();
        }
        stores.get(1).close();

        assertThat(failures).isEmpty();
        List<Commit> log = store.commitsAfter(0, 1000);
        assertThat(log).extracting(Commit::revision).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 2L * perWriter).boxed().toList());
        assertThat(won).hasSize(2 * perWriter);
        for (Commit c : log) {
            assertThat(won).contains(c.author() + "@" + c.revision());
        }
    }

    @Test
    void everyAppendNotifiesItsLastRevisionWhenItCommitsAndOnlyThen() throws Exception {
        try (Connection listener = PgTestDatabase.connect()) {
            try (Statement s = listener.createStatement()) {
                s.execute("LISTEN \"" + store.channel() + "\"");
            }
            PGConnection pg = listener.unwrap(PGConnection.class);

            store.append(List.of(commit(1, put("a", "1")), commit(2, put("a", "2")), commit(3, put("b", "3"))));
            assertThat(payloads(pg, 2000)).containsExactly("3");

            assertThatThrownBy(() -> store.append(List.of(commit(7, put("a", "7"))))).isInstanceOf(RevisionMismatchException.class);
            store.append(List.of(commit(4, put("a", "4"))));
            assertThat(payloads(pg, 2000)).as("nothing for the refused batch").containsExactly("4");
        }
    }

    private static List<String> payloads(PGConnection pg, int waitMs) throws Exception {
        List<String> out = new ArrayList<>();
        PGNotification[] got = pg.getNotifications(waitMs);
        while (got != null && got.length > 0) {
            for (PGNotification n : got) {
                out.add(n.getParameter());
            }
            got = pg.getNotifications(100);
        }
        return out;
    }

    /** A failure half-way through a batch (a trigger refusing revision 3) rolls the whole batch back. */
    @Test
    void aBatchThatFailsHalfWayLeavesNothingBehind() {
        store.append(List.of(commit(1, put("a", "1"))));
        StoreImage before = store.load();
        PgTestDatabase.exec("CREATE FUNCTION \"" + SCHEMA + "\".refuse_3() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN IF NEW.revision = 3 THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$");
        PgTestDatabase.exec("CREATE TRIGGER refuse_3 BEFORE INSERT ON \"" + SCHEMA + "\".commits"
                + " FOR EACH ROW EXECUTE FUNCTION \"" + SCHEMA + "\".refuse_3()");

        assertThatThrownBy(() -> store.append(List.of(
                        commit(2, put("a", "2"), put("b", "2")), commit(3, put("c", "3")), commit(4, put("d", "4")))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("disk on fire")
                .hasMessageContaining("schema=" + SCHEMA)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

        assertThat(store.lastRevision()).isEqualTo(1);
        assertThat(store.load()).isEqualTo(before);
        assertThat(store.commitInfo(2)).isEmpty();
        assertThat(store.history("global", "a", Long.MAX_VALUE, 10)).hasSize(1);
        PgTestDatabase.exec("DROP TRIGGER refuse_3 ON \"" + SCHEMA + "\".commits");
        store.append(List.of(commit(2, put("a", "2")), commit(3, put("c", "3"))));
        assertThat(store.load().heads()).hasSize(2);
    }

    @Test
    void unreadableRowsAreAStoreFailure() {
        store.append(List.of(commit(1, put("a", "1"), new Mutation.DeleteTag("global", "v1"))));
        PgTestDatabase.exec("UPDATE \"" + SCHEMA + "\".commits SET catalog = '[{\"op\":\"bogus\"}]'");
        PgTestDatabase.exec("UPDATE \"" + SCHEMA + "\".versions SET content_type = 'yaml'");

        assertThatThrownBy(() -> store.commitsAfter(0, 10))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("store postgresql://")
                .hasMessageContaining("cannot read commits after 0: stored data is unreadable");
        assertThatThrownBy(() -> store.load())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("unknown content type yaml");
    }

    @Test
    void aClosedStoreSaysSoAndClosesOnlyOnce() {
        store.close();

        assertThatThrownBy(() -> store.load()).isInstanceOf(StoreException.class).hasMessageEndingWith(" is closed");
        assertThatThrownBy(() -> store.append(List.of(commit(1)))).isInstanceOf(StoreException.class);
        store.close();
        store = null;
    }

    @Test
    void aDatabaseThatCannotBeReachedFailsTheOpenWithOneLine() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> PostgresStore.open("postgresql://127.0.0.1:1/test?user=postgres&password=hunter2&schema=nowhere&connectTimeout=2"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("store postgresql://127.0.0.1:1/test?schema=nowhere: cannot connect: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("hunter2"));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    }

    /** Secrets reach PostgreSQL sealed: no column of any table holds the plaintext, while clear config is visible. */
    @Test
    void secretsAreStoredSealedNeverInPlaintext() throws Exception {
        String plain = "sk-live-PG-PLAINTEXT-0123456789";
        Map<String, String> env = new HashMap<>(Map.of("LLMCM_MASTER_KEY", EnvironmentKeyProvider.newKey()));
        Repository r = Repository.open(store, Repository.Options.defaults()
                .withKeyProviders(rec -> new EnvironmentKeyProvider("LLMCM_MASTER_KEY", env)));
        r.initialize("ops");
        r.secrets().initialize(new EnvironmentKeyProvider("LLMCM_MASTER_KEY", env), "ops");
        r.commit(ChangeRequest.by("ops").add(new Mutation.PutTenant(new Tenant("acme", "global"))).build());
        EntryKey k = EntryKey.of("acme", "providers/openai/api-key", Layer.BASE);
        r.commit(ChangeRequest.by("ops").put(k, r.secrets().seal(k, Value.text(plain), null)).build());
        r.commit(ChangeRequest.by("ops").put(EntryKey.of("acme", "visible", Layer.BASE), Value.text("CLEAR-CONFIG-MARKER")).build());
        assertThat(r.secrets().reveal(Scope.of("acme", "base"), "providers/openai/api-key", Caller.trusted("ops"))
                .value().textOrNull()).isEqualTo(plain);

        assertThat(tablesContaining(plain)).isEmpty();
        assertThat(tablesContaining("CLEAR-CONFIG-MARKER")).contains("versions");
        r.close();
        store = null;
    }

    /** Every table of the schema whose rows, as text (bytea as hex), hold the needle as text or as hex. */
    private static List<String> tablesContaining(String needle) throws Exception {
        String hex = HexFormat.of().formatHex(needle.getBytes(StandardCharsets.UTF_8));
        List<String> out = new ArrayList<>();
        try (Connection c = PgTestDatabase.connect()) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
                ps.setString(1, SCHEMA);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            for (String t : tables) {
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM \"" + SCHEMA + "\".\"" + t
                        + "\" x WHERE strpos(x::text, ?) > 0 OR strpos(x::text, ?) > 0")) {
                    ps.setString(1, needle);
                    ps.setString(2, hex);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            out.add(t);
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * A deleted keyring leaves the keyrings table's file: the table is rewritten into a new file
     * without it. Reads the server's data directory, so it runs only where that is readable.
     */
    @Test
    void aDeletedKeyringLeavesTheTablesFile() throws Exception {
        byte[] marker = ("KEYRING-MARKER-" + SCHEMA).getBytes(StandardCharsets.UTF_8);
        store.putKeyring("acme", marker);
        store.putKeyring("global", "keep".getBytes(StandardCharsets.UTF_8));
        Path dataDir;
        try (Connection c = PgTestDatabase.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW data_directory")) {
            rs.next();
            dataDir = Path.of(rs.getString(1));
        }
        assumeTrue(Files.isReadable(dataDir.resolve("base")), "the server's data directory is not readable here");
        PgTestDatabase.exec("CHECKPOINT"); // the row reaches the file
        Path before = dataDir.resolve(relationPath());
        assertThat(contains(Files.readAllBytes(before), marker)).as("the keyring is in the file before").isTrue();

        store.deleteKeyring("acme");

        Path after = dataDir.resolve(relationPath());
        PgTestDatabase.exec("CHECKPOINT");
        assertThat(after).isNotEqualTo(before);
        assertThat(contains(Files.readAllBytes(after), marker)).isFalse();
        assertThat(!Files.exists(before) || !contains(Files.readAllBytes(before), marker)).as("old file gone or emptied").isTrue();
        assertThat(store.keyrings()).containsOnlyKeys("global");
    }

    private static String relationPath() throws Exception {
        try (Connection c = PgTestDatabase.connect();
                PreparedStatement ps = c.prepareStatement("SELECT pg_relation_filepath(?)")) {
            ps.setString(1, "\"" + SCHEMA + "\".keyrings");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A server running with synchronous_commit off would acknowledge writes before they are durable: the store turns it back on. */
    @Test
    void writesStayDurableWhenTheServerRunsWithSynchronousCommitOff() throws Exception {
        assertThat(store.connectionsForceSyncCommit()).isFalse();
        store.close();
        String role = "llmcm_test_async_" + SCHEMA.substring(SCHEMA.length() - 6);
        PgTestDatabase.exec("DROP ROLE IF EXISTS " + role);
        PgTestDatabase.exec("CREATE ROLE " + role + " LOGIN SUPERUSER");
        try {
            PgTestDatabase.exec("ALTER ROLE " + role + " SET synchronous_commit = off");
            store = PostgresStore.open(URL + "&user=" + role); // the later user= wins
            assertThat(store.connectionsForceSyncCommit()).isTrue();
            store.append(List.of(commit(1, put("a", "1"))));
            store.putSetting("s", new byte[] {1});
            assertThat(store.lastRevision()).isEqualTo(1);
        } finally {
            store.close();
            store = null;
            PgTestDatabase.exec("DROP ROLE IF EXISTS " + role);
        }
    }

    /** Connections killed under the store (a failover, an idle timeout, a DBA): the pool replaces them and nothing is lost. */
    @Test
    void theStoreRecoversFromItsConnectionsBeingTerminated() throws Exception {
        store.append(List.of(commit(1, put("a", "1"))));
        try (Connection c = PgTestDatabase.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE application_name = 'llmcm/" + SCHEMA + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("pooled connections terminated").isPositive();
        }

        long next = 2;
        for (int attempt = 0; attempt < 3 && store.lastRevision() < 3; attempt++) {
            try {
                store.append(List.of(commit(next, put("a", String.valueOf(next)))));
                next++;
            } catch (StoreException e) {
                // a connection that died in the pool may fail one call; the store must still know where the log ends
                next = store.lastRevision() + 1;
            }
        }
        assertThat(store.lastRevision()).isEqualTo(next - 1).isGreaterThanOrEqualTo(2);
        assertThat(store.commitsAfter(0, 10)).extracting(Commit::revision)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, next - 1).boxed().toList());
        assertThat(store.load().revision()).isEqualTo(next - 1);
    }

    @Test
    void instantsAreKeptToTheMillisecond() {
        Commit c = new Commit(1, Instant.parse("2026-03-04T05:06:07.089Z"), "carol", "x", List.of(put("a", "1")));
        store.append(List.of(c));
        reopen();
        assertThat(store.commitInfo(1)).contains(c.info());
    }
}
