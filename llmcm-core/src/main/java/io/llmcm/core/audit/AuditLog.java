package io.llmcm.core.audit;

/**
 * Where audited actions go. The hash-chained, MAC-protected audit trail comes with the server;
 * everything that must be audited already goes through this interface.
 */
public interface AuditLog {
    /** Records an event; must not block on I/O for long (reads call it). */
    void record(AuditEvent event);

    /** Makes every event recorded so far durable. */
    void flush();
}
