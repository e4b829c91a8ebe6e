package io.llmcm.core.model;

/** A name for a revision inside a tenant, e.g. {@code stable} → 42. */
public record Tag(String tenant, String name, long revision) {
    public Tag {
        Names.tenant(tenant);
        Names.tag(name);
        if (revision <= 0) {
            throw new IllegalArgumentException("revision must be positive: " + revision);
        }
    }
}
