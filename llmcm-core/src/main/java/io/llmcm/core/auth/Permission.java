package io.llmcm.core.auth;

/** What a request wants to do. */
public enum Permission {
    READ,
    WRITE,
    DELETE,
    ROTATE,
    ADMIN;

    private final String id = name().toLowerCase(java.util.Locale.ROOT);

    public String id() {
        return id;
    }
}
