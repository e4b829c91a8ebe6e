package io.llmcm.core.repo;

import io.llmcm.core.model.Names;
import java.util.Objects;

/**
 * What a watch follows: the effective values of a scope under a prefix, or of one path.
 *
 * @param scope the tenant, environment and service whose effective view is watched
 * @param prefix a path prefix ("" for everything), or the one path when {@code exact}
 * @param exact true to follow exactly one path (a long-poll on one key)
 */
public record WatchFilter(Scope scope, String prefix, boolean exact) {
    public WatchFilter {
        Objects.requireNonNull(scope, "scope");
        prefix = exact ? Names.path(prefix) : Names.prefix(prefix);
    }

    /** Every path under {@code prefix} ({@code models/} and {@code models} are the same). */
    public static WatchFilter under(Scope scope, String prefix) {
        return new WatchFilter(scope, prefix, false);
    }

    /** Exactly one path. */
    public static WatchFilter path(Scope scope, String path) {
        return new WatchFilter(scope, path, true);
    }

    // written out, for the same reason as Scope's

    @Override
    public int hashCode() {
        return 31 * (31 * scope.hashCode() + prefix.hashCode()) + (exact ? 1 : 0);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof WatchFilter f && exact == f.exact && prefix.equals(f.prefix) && scope.equals(f.scope);
    }

    /** True when a change to {@code path} is in view (the same paths a list of the prefix shows). */
    public boolean covers(String path) {
        if (exact || prefix.isEmpty()) {
            return exact ? path.equals(prefix) : true;
        }
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
