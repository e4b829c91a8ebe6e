package io.llmcm.core.auth;

import java.util.Objects;

/**
 * A freshly issued API key: the stored record and the full key string, which exists only here. Show
 * it once and drop it; it cannot be recovered (the store has its hash only).
 *
 * @param secret the whole key, {@code llmcm_<id>_<secret>}, to be given to the client
 */
public record IssuedKey(ApiKey key, String secret) {
    public IssuedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
    }

    /** Never prints the key string: records end up in logs. */
    @Override
    public String toString() {
        return "IssuedKey[" + key.id() + ", tenant '" + key.tenant() + "', ***]";
    }
}
