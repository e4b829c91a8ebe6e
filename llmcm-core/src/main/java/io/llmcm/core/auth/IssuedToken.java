package io.llmcm.core.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A service token handed to a client.
 *
 * @param token the compact JWT, a bearer credential
 * @param expires when it stops working
 * @param principal whom it authenticates
 */
public record IssuedToken(String token, Instant expires, Principal principal) {
    public IssuedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(principal, "principal");
    }

    /** Never prints the token: records end up in logs. */
    @Override
    public String toString() {
        return "IssuedToken[" + principal.id() + ", expires " + expires + ", ***]";
    }
}
