package io.llmcm.core.audit;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * Walks the audit trail from its first event and reports the first place the chain breaks.
 *
 * @param events how many events were checked
 * @param firstBad the sequence number where the chain first breaks (0 when it holds)
 * @param problem what is wrong there ("" when the chain holds)
 * @param unkeyed how many events carry no MAC (written while no master key was open)
 * @param lastHash the hash of the last event: note it elsewhere to detect later truncation
 */
public record AuditVerification(long events, long firstBad, String problem, long unkeyed, String lastHash) {
    public boolean ok() {
        return firstBad == 0;
    }

    /** Verifies events given oldest first. */
    public static AuditVerification of(Iterable<AuditEvent> events, AuditChain chain) {
        String previous = AuditChain.GENESIS;
        long expectedSeq = 1;
        long count = 0;
        long unkeyed = 0;
        for (AuditEvent e : events) {
            count++;
            if (e.seq() != expectedSeq) {
                return new AuditVerification(count, e.seq(), e.seq() > expectedSeq
                        ? "events " + expectedSeq + " to " + (e.seq() - 1) + " are missing"
                        : "event " + e.seq() + " is out of order", unkeyed, previous);
            }
            String hash = AuditChain.hash(previous, e.seq(), e);
            if (!hash.equals(e.hash())) {
                return new AuditVerification(count, e.seq(), "event " + e.seq() + " was altered, or events were reordered", unkeyed, previous);
            }
            if (e.mac().isEmpty()) {
                unkeyed++;
            } else if (chain.keyed() && !MessageDigest.isEqual(
                    chain.mac(hash).getBytes(StandardCharsets.US_ASCII), e.mac().getBytes(StandardCharsets.US_ASCII))) {
                return new AuditVerification(count, e.seq(), "event " + e.seq() + " has a MAC the audit key did not make", unkeyed, previous);
            }
            previous = hash;
            expectedSeq++;
        }
        return new AuditVerification(count, 0, "", unkeyed, previous);
    }
}
