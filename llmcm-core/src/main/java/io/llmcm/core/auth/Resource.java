package io.llmcm.core.auth;

/**
 * What a request acts on. {@code CONFIG} covers configuration values and the masked view of
 * secrets; {@code SECRET} is a secret's plaintext (reveal), its keys and leases.
 */
public enum Resource {
    CONFIG,
    SECRET,
    TENANT,
    POLICY,
    AUDIT;

    private final String id = name().toLowerCase(java.util.Locale.ROOT);

    public String id() {
        return id;
    }
}
