package io.llmcm.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChainTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private final AuditChain chain = new AuditChain(KEY);

    private List<AuditEvent> trail(int n) {
        List<AuditEvent> out = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (int i = 1; i <= n; i++) {
            AuditEvent e = chain.link(AuditEvent.of(Instant.ofEpochMilli(1000L * i), "alice", "secret.reveal", "acme",
                    "acme:prod k" + i, "allowed", ""), i, previous);
            out.add(e);
            previous = e.hash();
        }
        return out;
    }

    @Test
    void anUntouchedTrailVerifies() {
        AuditVerification v = AuditVerification.of(trail(5), chain);
        assertThat(v.ok()).isTrue();
        assertThat(v.events()).isEqualTo(5);
        assertThat(v.unkeyed()).isZero();
        assertThat(v.lastHash()).isEqualTo(trail(5).getLast().hash());
    }

    @Test
    void anEditedEventIsFound() {
        List<AuditEvent> t = trail(5);
        AuditEvent e = t.get(2);
        t.set(2, new AuditEvent(e.seq(), e.time(), "mallory", e.action(), e.tenant(), e.target(), e.outcome(), e.detail(), e.hash(), e.mac()));
        AuditVerification v = AuditVerification.of(t, chain);
        assertThat(v.firstBad()).isEqualTo(3);
        assertThat(v.problem()).contains("altered");
    }

    @Test
    void aDeletedEventIsFound() {
        List<AuditEvent> t = trail(5);
        t.remove(1);
        AuditVerification v = AuditVerification.of(t, chain);
        assertThat(v.firstBad()).isEqualTo(3);
        assertThat(v.problem()).isEqualTo("events 2 to 2 are missing");
    }

    @Test
    void reorderedEventsAreFound() {
        List<AuditEvent> t = trail(5);
        Collections.swap(t, 1, 3);
        assertThat(AuditVerification.of(t, chain).ok()).isFalse();
        // renumbering to hide the swap breaks the hashes instead
        List<AuditEvent> renumbered = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            AuditEvent e = t.get(i);
            renumbered.add(e.chained(i + 1, e.hash(), e.mac()));
        }
        assertThat(AuditVerification.of(renumbered, chain).problem()).contains("altered, or events were reordered");
    }

    @Test
    void aChainRebuiltWithoutTheKeyIsFound() {
        List<AuditEvent> t = trail(3);
        AuditChain forger = new AuditChain("another key, not the store's one".getBytes());
        String previous = t.get(0).hash();
        AuditEvent forged = forger.link(AuditEvent.of(Instant.ofEpochMilli(2000), "alice", "secret.reveal", "acme", "acme:prod x", "allowed", ""), 2, previous);
        t.set(1, forged);
        t.set(2, forger.link(t.get(2), 3, forged.hash()));
        AuditVerification v = AuditVerification.of(t, chain);
        assertThat(v.firstBad()).isEqualTo(2);
        assertThat(v.problem()).contains("MAC");
    }

    @Test
    void eventsWrittenWithoutAKeyAreCountedNotFailed() {
        AuditChain unkeyed = new AuditChain(null);
        AuditEvent e = unkeyed.link(AuditEvent.of(Instant.EPOCH, "a", "b", "", "", "allowed", ""), 1, AuditChain.GENESIS);
        assertThat(e.mac()).isEmpty();
        AuditVerification v = AuditVerification.of(List.of(e), chain);
        assertThat(v.ok()).isTrue();
        assertThat(v.unkeyed()).isEqualTo(1);
    }

    @Test
    void cloudEventsCarryTheChain() {
        String line = CloudEvents.line(trail(1).getFirst());
        assertThat(line).startsWith("{\"specversion\":\"1.0\",\"id\":\"1\"").contains("\"type\":\"io.llmcm.audit.secret.reveal\"")
                .contains("\"hash\":\"" + trail(1).getFirst().hash() + "\"").doesNotContain("\n");
    }
}
