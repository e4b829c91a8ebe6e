package io.llmcm.core.auth;

/** What a request wants to do. */
public enum Permission {
    READ,
    WRITE,
    DELETE,
    ROTATE,
    ADMIN;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
