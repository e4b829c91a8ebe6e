package io.llmcm.server.http;

import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import java.util.Objects;

/**
 * Who may call a route, checked before its handler runs. Every route names one: there is no
 * default, so a route cannot be registered without deciding who may call it.
 *
 * <p>Order of checks for tenant routes: no valid credential → 401; a tenant the caller may not see
 * (or one that does not exist: the two are indistinguishable) → 404; a permission the caller lacks
 * → 403.
 *
 * @param kind how the request is checked
 * @param resource what the request acts on (null for {@link Kind#PUBLIC} and {@link
 *     Kind#AUTHENTICATED})
 * @param permission what it does (null likewise)
 * @param pathParam the path parameter naming the key or namespace acted on, "" when none; its
 *     value is passed to the authorizer so key-prefix bindings apply
 */
public record Guard(Kind kind, Resource resource, Permission permission, String pathParam) {
    public enum Kind {
        /** No credential needed: health, the OpenAPI document, metrics. */
        PUBLIC,
        /** Any valid credential; the handler filters what it shows. */
        AUTHENTICATED,
        /** The {@code tenant} path parameter must be visible to the caller and allow the permission. */
        TENANT,
        /**
         * The tenant must be visible; the handler checks each path it touches (lists, batch commits,
         * diffs), so a key-prefix binding sees only its keys.
         */
        TENANT_VISIBLE,
        /**
         * Like {@link #TENANT_VISIBLE}, for routes that name the tenant in the {@code tenant} query
         * parameter rather than the path ({@code /v1/watch}).
         */
        TENANT_QUERY,
        /** A store-wide permission (tenant ""). */
        STORE
    }

    public Guard {
        Objects.requireNonNull(kind, "kind");
        pathParam = Objects.requireNonNullElse(pathParam, "");
    }

    public static Guard open() {
        return new Guard(Kind.PUBLIC, null, null, "");
    }

    public static Guard authenticated() {
        return new Guard(Kind.AUTHENTICATED, null, null, "");
    }

    public static Guard tenant(Resource resource, Permission permission) {
        return new Guard(Kind.TENANT, resource, permission, "");
    }

    /** Checks the permission on the key or namespace in path parameter {@code pathParam}. */
    public static Guard tenant(Resource resource, Permission permission, String pathParam) {
        return new Guard(Kind.TENANT, resource, permission, pathParam);
    }

    public static Guard tenantVisible(Resource resource, Permission permission) {
        return new Guard(Kind.TENANT_VISIBLE, resource, permission, "");
    }

    /** The tenant in the {@code tenant} query parameter must be visible; the handler checks paths. */
    public static Guard tenantInQuery(Resource resource, Permission permission) {
        return new Guard(Kind.TENANT_QUERY, resource, permission, "");
    }

    public static Guard store(Resource resource, Permission permission) {
        return new Guard(Kind.STORE, resource, permission, "");
    }
}
