package io.llmcm.client;

import java.util.Objects;

/**
 * What a {@link ConfigView} holds: the effective configuration of a tenant in an environment,
 * optionally for a service, under a path prefix.
 *
 * <pre>{@code
 * ConfigSpec.of("acme", "prod").service("chat").prefix("models/")
 * }</pre>
 *
 * @param tenant the tenant
 * @param env the environment ({@code base}, {@code prod}, …)
 * @param service the service layer, or null for none
 * @param prefix only paths under this prefix; empty for all
 * @param revealSecrets whether the view reads secrets revealed (one audited request per secret and
 *     change; needs {@code secret:read}) instead of keeping the masks the server lists
 */
public record ConfigSpec(String tenant, String env, String service, String prefix, boolean revealSecrets) {
    public ConfigSpec {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(env, "env");
        prefix = prefix == null ? "" : prefix;
        service = service == null || service.isEmpty() ? null : service;
        if (tenant.isEmpty() || env.isEmpty()) {
            throw new IllegalArgumentException("tenant and env must not be empty");
        }
    }

    /** All paths of {@code tenant} in {@code env}, no service layer, secrets masked. */
    public static ConfigSpec of(String tenant, String env) {
        return new ConfigSpec(tenant, env, null, "", false);
    }

    /** The same with the service layer {@code service}. */
    public ConfigSpec service(String service) {
        return new ConfigSpec(tenant, env, service, prefix, revealSecrets);
    }

    /** The same, only paths under {@code prefix}. */
    public ConfigSpec prefix(String prefix) {
        return new ConfigSpec(tenant, env, service, prefix, revealSecrets);
    }

    /** The same, with secrets revealed or masked. */
    public ConfigSpec revealSecrets(boolean reveal) {
        return new ConfigSpec(tenant, env, service, prefix, reveal);
    }

    @Override
    public String toString() {
        return tenant + "/" + env + (service == null ? "" : "/" + service) + (prefix.isEmpty() ? "" : " " + prefix);
    }
}
