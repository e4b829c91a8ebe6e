package io.llmcm.core.auth;

import java.util.Objects;
import java.util.Set;

/**
 * Who a request comes from, once authenticated.
 *
 * @param id stable identity, prefixed by how it was established: {@code key:<id>} (an API key,
 *     and the service tokens issued for it, which act as the key), {@code oidc:<issuer>#<subject>},
 *     {@code cert:<subject DN>}, {@code bootstrap}; bindings name principals by it ({@link
 *     Subjects})
 * @param name what the audit log and the UI show
 * @param tenant the tenant the credential belongs to; "" for a credential of the whole store
 * @param groups group names an identity provider asserted (matched by bindings), may be empty
 */
public record Principal(String id, String name, String tenant, Set<String> groups) {
    public Principal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        tenant = Objects.requireNonNullElse(tenant, "");
        groups = Set.copyOf(groups);
    }
}
