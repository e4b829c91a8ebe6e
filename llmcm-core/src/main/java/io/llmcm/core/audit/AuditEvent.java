package io.llmcm.core.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One audited action. Never holds a secret value: targets are addresses, details are words.
 *
 * @param seq position in the audit log, assigned by the store (0 before it is stored)
 * @param time when it happened
 * @param actor who did it (user name, principal)
 * @param action what, e.g. {@code secret.reveal}, {@code secret.issue}, {@code key.rotate}
 * @param tenant the tenant it concerns ("" when none)
 * @param target the address or object acted on, e.g. {@code acme:prod providers/openai/api-key}
 * @param outcome {@code allowed}, {@code denied}, {@code failed} or {@code expired}
 * @param detail a short reason or note ("" when none)
 * @param hash the audit chain's hash through this event, hex ("" before it is chained)
 * @param mac the keyed MAC of that hash, hex ("" before it is chained, or when no key was open)
 */
public record AuditEvent(
        long seq,
        Instant time,
        String actor,
        String action,
        String tenant,
        String target,
        String outcome,
        String detail,
        String hash,
        String mac) {
    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        tenant = Objects.requireNonNullElse(tenant, "");
        target = Objects.requireNonNullElse(target, "");
        Objects.requireNonNull(outcome, "outcome");
        detail = Objects.requireNonNullElse(detail, "");
        hash = Objects.requireNonNullElse(hash, "");
        mac = Objects.requireNonNullElse(mac, "");
        time = time.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    public static AuditEvent of(Instant time, String actor, String action, String tenant, String target, String outcome, String detail) {
        return new AuditEvent(0, time, actor, action, tenant, target, outcome, detail, "", "");
    }

    public AuditEvent withSeq(long seq) {
        return new AuditEvent(seq, time, actor, action, tenant, target, outcome, detail, hash, mac);
    }

    /** This event at its place in the chain. */
    public AuditEvent chained(long seq, String hash, String mac) {
        return new AuditEvent(seq, time, actor, action, tenant, target, outcome, detail, hash, mac);
    }
}
