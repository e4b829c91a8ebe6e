package io.llmcm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.audit.AuditVerification;
import io.llmcm.core.crypto.MasterKeyFileProvider;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.Caller;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Someone with write access to the database edits, deletes or reorders audit events: verify says where. */
class AuditTamperTest {
    @TempDir
    Path tmp;

    private Path dir;
    private Path keyFile;

    private Repository open() {
        Repository r = Repository.open(SqliteStore.open(dir, Duration.ofSeconds(5)),
                Repository.Options.defaults().withKeyProviders(rec -> new MasterKeyFileProvider(keyFile)));
        if (!r.isInitialized()) {
            r.initialize("ops");
            r.secrets().initialize(new MasterKeyFileProvider(keyFile), "ops");
        }
        return r;
    }

    @BeforeEach
    void writeATrail() {
        dir = tmp.resolve("data");
        keyFile = tmp.resolve("master.key");
        try (Repository r = open()) {
            EntryKey k = EntryKey.of("global", "db/password", Layer.BASE);
            r.commit(ChangeRequest.by("ops").put(k, r.secrets().seal(k, Value.text("pw"), null)).build());
            for (int batch = 0; batch < 3; batch++) {
                for (int i = 0; i < 4; i++) {
                    r.secrets().reveal(Scope.of("global", "base"), "db/password", Caller.trusted("alice"));
                }
                r.audit().flush(); // one stored batch per loop: the tampering below works on rows
            }
        }
    }

    private AuditVerification verify() {
        try (Repository r = open()) {
            return r.verifyAudit();
        }
    }

    private Connection db() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.DATABASE_FILE));
    }

    @Test
    void anUntouchedTrailVerifiesWithEveryEventKeyed() {
        AuditVerification v = verify();
        assertThat(v.ok()).isTrue();
        assertThat(v.events()).isGreaterThanOrEqualTo(13);
        assertThat(v.unkeyed()).isZero();
    }

    @Test
    void anEditedEventIsFound() throws Exception {
        try (Connection c = db(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT first_seq, events FROM audit_batches ORDER BY first_seq LIMIT 1 OFFSET 1")) {
            rs.next();
            long first = rs.getLong(1);
            byte[] blob = rs.getBytes(2);
            String s = new String(blob, StandardCharsets.ISO_8859_1).replace("alice", "eve!!");
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_batches SET events = ? WHERE first_seq = ?")) {
                ps.setBytes(1, s.getBytes(StandardCharsets.ISO_8859_1));
                ps.setLong(2, first);
                ps.executeUpdate();
            }
            AuditVerification v = verify();
            assertThat(v.ok()).isFalse();
            assertThat(v.firstBad()).isEqualTo(first);
            assertThat(v.problem()).contains("altered");
        }
    }

    @Test
    void aDeletedBatchIsFound() throws Exception {
        long first;
        try (Connection c = db(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT first_seq FROM audit_batches ORDER BY first_seq LIMIT 1 OFFSET 1")) {
                rs.next();
                first = rs.getLong(1);
            }
            st.executeUpdate("DELETE FROM audit_batches WHERE first_seq = " + first);
        }
        AuditVerification v = verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.problem()).contains("missing");
    }

    @Test
    void swappedBatchesAreFound() throws Exception {
        try (Connection c = db(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE audit_batches SET events = (SELECT events FROM audit_batches b ORDER BY first_seq LIMIT 1 OFFSET 2)"
                    + " WHERE first_seq = (SELECT first_seq FROM audit_batches ORDER BY first_seq LIMIT 1 OFFSET 1)");
        }
        assertThat(verify().ok()).isFalse();
    }
}
