package io.llmcm.core.auth;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.model.Names;
import java.util.Objects;

/**
 * Gives a subject a role within a scope, optionally under a condition.
 *
 * @param tenant the tenant the binding applies to (see {@link BindingScope} for its children);
 *     "" for a store-wide binding, which applies to every tenant and to store-wide actions
 * @param id unique in its tenant
 * @param subject who: {@link Subjects} ({@code key:…}, {@code oidc:…#…}, {@code cert:…}, {@code
 *     group:…}), kept in normal form
 * @param role a built-in role ({@link BuiltInRoles}) or a custom role of this tenant, one of its
 *     ancestors, or the store
 * @param scope paths, environments and child tenants covered
 * @param condition a CEL expression over {@code request} that must hold ({@link Condition}); ""
 *     for none
 */
public record Binding(String tenant, String id, String subject, String role, BindingScope scope, String condition) {
    /** Longest condition accepted. */
    public static final int MAX_CONDITION = 4096;

    public Binding {
        tenant = Names.tenantOrStoreWide(Objects.requireNonNull(tenant, "tenant"));
        Names.binding(id);
        subject = Subjects.check(subject);
        Names.role(role);
        Objects.requireNonNull(scope, "scope");
        condition = Objects.requireNonNullElse(condition, "").strip();
        if (condition.length() > MAX_CONDITION) {
            throw new InvalidInputException("condition is " + condition.length() + " characters long; at most "
                    + MAX_CONDITION + " are allowed");
        }
    }

    /** {@code tenant/id}, or <code>*</code>{@code /id} for a store-wide binding: how decisions name it. */
    public String label() {
        return (tenant.isEmpty() ? "*" : tenant) + "/" + id;
    }
}
