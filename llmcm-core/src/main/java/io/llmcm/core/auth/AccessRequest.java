package io.llmcm.core.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * One authorization question: may this principal do this to that, now, from there?
 *
 * @param tenant the tenant acted on ("" for store-wide actions)
 * @param path the key path or namespace acted on ("" when none)
 * @param env the environment acted on ("" when none or all)
 * @param sourceIp the client address ("" when unknown)
 */
public record AccessRequest(
        Principal principal, Permission permission, Resource resource, String tenant, String path, String env, Instant time, String sourceIp) {
    public AccessRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(resource, "resource");
        tenant = Objects.requireNonNullElse(tenant, "");
        path = Objects.requireNonNullElse(path, "");
        env = Objects.requireNonNullElse(env, "");
        Objects.requireNonNull(time, "time");
        sourceIp = Objects.requireNonNullElse(sourceIp, "");
    }
}
