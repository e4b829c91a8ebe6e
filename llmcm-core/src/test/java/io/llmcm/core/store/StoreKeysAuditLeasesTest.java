package io.llmcm.core.store;

import static io.llmcm.core.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.StoreException;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Lease;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} keeps beside the commit log: keyrings, settings, the audit trail and
 * leases. Part of {@link StoreConformanceTest}.
 */
public abstract class StoreKeysAuditLeasesTest extends StoreRandomizedTest {
    private static final byte[] RING_1 = {0, 1, 2, (byte) 0xff, 0, 42};
    private static final byte[] RING_2 = "second keyring".getBytes(StandardCharsets.UTF_8);

    // ---- keyrings and settings ----

    @Test
    void keyringsArePutReplacedListedAndDeleted() {
        assertThat(store.keyrings()).isEmpty();
        byte[] given = RING_1.clone();
        store.putKeyring("acme", given);
        store.putKeyring("beta", RING_2);
        given[0] = 99; // the store keeps what it was given at the time, not the caller's array

        assertThat(store.keyrings()).containsOnlyKeys("acme", "beta");
        assertThat(store.keyrings().get("acme")).isEqualTo(RING_1);
        store.putKeyring("acme", RING_2);
        assertThat(store.keyrings().get("acme")).isEqualTo(RING_2);

        store.deleteKeyring("beta");
        store.deleteKeyring("never-had-one");
        assertThat(store.keyrings()).containsOnlyKeys("acme");
        assertThat(store.keyrings().get("acme")).isEqualTo(RING_2);
    }

    @Test
    void aKeyringIsReplacedOnlyWhileItIsTheExpectedOne() {
        assertThat(store.replaceKeyring("acme", RING_1, RING_2)).as("no keyring yet").isFalse();
        assertThat(store.keyrings()).isEmpty();
        store.putKeyring("acme", RING_1);
        assertThat(store.replaceKeyring("acme", RING_2, "third".getBytes(StandardCharsets.UTF_8))).as("another keyring stored").isFalse();
        assertThat(store.keyrings().get("acme")).isEqualTo(RING_1);
        assertThat(store.replaceKeyring("acme", RING_1.clone(), RING_2)).isTrue();
        assertThat(store.keyrings().get("acme")).isEqualTo(RING_2);
        assertThat(store.replaceKeyring("acme", RING_1, RING_1)).as("the expected one was replaced already").isFalse();
        assertThat(store.keyrings().get("acme")).isEqualTo(RING_2);
    }

    @Test
    void settingsAreBytesByName() {
        assertThat(store.setting("kek")).isEmpty();
        store.putSetting("kek", RING_1);
        store.putSetting("other", RING_2);
        assertThat(store.setting("kek")).hasValueSatisfying(v -> assertThat(v).isEqualTo(RING_1));

        store.putSetting("kek", RING_2);

        assertThat(store.setting("kek")).hasValueSatisfying(v -> assertThat(v).isEqualTo(RING_2));
        assertThat(store.setting("other")).hasValueSatisfying(v -> assertThat(v).isEqualTo(RING_2));
        assertThat(store.setting("KEK")).isEmpty();
        store.putSetting("empty", new byte[0]);
        assertThat(store.setting("empty")).hasValueSatisfying(v -> assertThat(v).isEmpty());
    }

    @Test
    void keyringsAndSettingsSurviveReopening() {
        store.putKeyring("acme", RING_1);
        store.putKeyring("gone", RING_2);
        store.deleteKeyring("gone");
        store.putSetting("kek", RING_2);

        reopen();

        Map<String, byte[]> keyrings = store.keyrings();
        assertThat(keyrings).containsOnlyKeys("acme");
        assertThat(keyrings.get("acme")).isEqualTo(RING_1);
        assertThat(store.setting("kek")).hasValueSatisfying(v -> assertThat(v).isEqualTo(RING_2));
    }

    // ---- audit ----

    private static AuditEvent event(int n) {
        return AuditEvent.of(T0.plusMillis(1000L * n + 7), "alice", "secret.reveal", n % 2 == 0 ? "acme" : "",
                "acme:prod providers/key-" + n, n % 3 == 0 ? "denied" : "allowed", n % 4 == 0 ? "" : "note ✓ " + n);
    }

    @Test
    void auditEventsAreNumberedInOrderFromOne() {
        store.appendAudit(List.of());
        assertThat(store.auditAfter(0, 10)).isEmpty();

        store.appendAudit(List.of(event(1), event(2), event(3).withSeq(77))); // a given seq is ignored
        store.appendAudit(List.of(event(4)));

        assertThat(store.auditAfter(0, 10)).containsExactly(
                event(1).withSeq(1), event(2).withSeq(2), event(3).withSeq(3), event(4).withSeq(4));
    }

    @Test
    void auditPagesBySeqAndLimit() {
        List<AuditEvent> events = new ArrayList<>();
        for (int n = 1; n <= 7; n++) {
            events.add(event(n));
        }
        store.appendAudit(events);

        assertThat(store.auditAfter(0, 3)).extracting(AuditEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(store.auditAfter(3, 3)).extracting(AuditEvent::seq).containsExactly(4L, 5L, 6L);
        assertThat(store.auditAfter(6, 3)).containsExactly(event(7).withSeq(7));
        assertThat(store.auditAfter(7, 3)).isEmpty();
        assertThat(store.auditAfter(0, 0)).isEmpty();
    }

    @Test
    void aLargeAuditBatchIsNumberedWithoutGaps() {
        List<AuditEvent> events = new ArrayList<>();
        for (int n = 1; n <= 2000; n++) {
            events.add(event(n));
        }
        store.appendAudit(events.subList(0, 1));
        store.appendAudit(events.subList(1, events.size()));

        List<AuditEvent> read = store.auditAfter(0, Integer.MAX_VALUE);
        assertThat(read).hasSize(2000);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i)).isEqualTo(events.get(i).withSeq(i + 1));
        }
    }

    @Test
    void auditEventsSurviveReopeningAndNumberingGoesOn() {
        store.appendAudit(List.of(event(1), event(2)));

        reopen();
        store.appendAudit(List.of(event(3)));

        assertThat(store.auditAfter(0, 10)).containsExactly(event(1).withSeq(1), event(2).withSeq(2), event(3).withSeq(3));
    }

    // ---- leases ----

    private static Lease lease(String id, String tenant, long issuedSecond, String hash) {
        Instant issued = T0.plusSeconds(issuedSecond).plusMillis(3);
        return new Lease(id, EntryKey.of(tenant, "db/password", Layer.of("prod", "api")), hash, issued,
                issued.plusSeconds(3600), null, "bob");
    }

    @Test
    void leasesAreFoundByIdAndByCredentialHash() {
        Lease one = lease("l-1", "acme", 10, "h1");
        Lease two = lease("l-2", "beta", 20, "h2");
        store.putLease(one);
        store.putLease(two);

        assertThat(store.lease("l-1")).contains(one);
        assertThat(store.lease("l-2")).contains(two);
        assertThat(store.leaseByCredential("h2")).contains(two);
        assertThat(store.lease("l-3")).isEmpty();
        assertThat(store.leaseByCredential("h3")).isEmpty();
        assertThat(store.leaseByCredential("l-1")).as("an id is no credential hash").isEmpty();
    }

    @Test
    void aLeaseIsRevokedByReplacingIt() {
        Lease one = lease("l-1", "acme", 10, "h1");
        store.putLease(one);
        store.putLease(lease("l-2", "acme", 20, "h2"));
        Lease revoked = one.revokedAt(T0.plusSeconds(30));

        store.putLease(revoked);

        assertThat(store.lease("l-1")).contains(revoked);
        assertThat(store.leaseByCredential("h1")).contains(revoked);
        assertThat(store.leases("acme", 10)).containsExactly(lease("l-2", "acme", 20, "h2"), revoked);
        assertThat(revoked.validAt(T0.plusSeconds(31))).isFalse();
    }

    @Test
    void leasesOfATenantAreNewestFirstAndLimited() {
        store.putLease(lease("l-b", "acme", 20, "h1"));
        store.putLease(lease("l-old", "acme", 10, "h2"));
        store.putLease(lease("l-new", "acme", 30, "h3"));
        store.putLease(lease("l-a", "acme", 20, "h4")); // same issue time as l-b: ids decide, descending
        store.putLease(lease("l-other", "beta", 40, "h5"));

        assertThat(store.leases("acme", 10)).extracting(Lease::id).containsExactly("l-new", "l-b", "l-a", "l-old");
        assertThat(store.leases("acme", 2)).extracting(Lease::id).containsExactly("l-new", "l-b");
        assertThat(store.leases("beta", 10)).extracting(Lease::id).containsExactly("l-other");
        assertThat(store.leases("nobody", 10)).isEmpty();
        assertThat(store.leases("acme", 0)).isEmpty();
    }

    @Test
    void aCredentialHashBelongsToOneLease() {
        store.putLease(lease("l-1", "acme", 10, "h1"));

        assertThatThrownBy(() -> store.putLease(lease("l-2", "acme", 20, "h1"))).isInstanceOf(StoreException.class);

        assertThat(store.lease("l-2")).isEmpty();
        assertThat(store.leaseByCredential("h1")).contains(lease("l-1", "acme", 10, "h1"));
    }

    @Test
    void leasesSurviveReopening() {
        Lease one = lease("l-1", "acme", 10, "h1").revokedAt(T0.plusSeconds(15));
        Lease two = lease("l-2", "acme", 20, "h2");
        store.putLease(one);
        store.putLease(two);

        reopen();

        assertThat(store.leases("acme", 10)).containsExactly(two, one);
        assertThat(store.leaseByCredential("h1")).contains(one);
    }
}
