package io.llmcm.core.model;

/** A name for a revision inside a tenant, e.g. {@code stable} → 42. */
public record Tag(String tenant, String name, long revision) {
    public Tag {
        Names.tenant(tenant);
        Names.tag(name);
        if (revision <= 0) {
            throw new io.llmcm.core.InvalidInputException("a tag names revision 1 or later, not " + revision);
        }
    }
}
