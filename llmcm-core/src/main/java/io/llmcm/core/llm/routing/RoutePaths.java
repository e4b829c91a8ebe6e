package io.llmcm.core.llm.routing;

import io.llmcm.core.model.Names;

/**
 * Where routes live: alias {@code chat} is the entry {@code routes/chat}. A fallback {@code
 * {route: chat}} always means that entry, so aliases are resolvable without knowing how a tenant
 * laid out its other namespaces.
 */
public final class RoutePaths {
    public static final String PREFIX = "routes/";

    private RoutePaths() {}

    /** The entry path of an alias. */
    public static String path(String alias) {
        return PREFIX + alias;
    }

    /** Whether {@code alias} makes a valid entry path. */
    public static boolean isValidAlias(String alias) {
        return alias != null && !alias.isEmpty() && Names.isValidPath(path(alias));
    }

    /** The alias of an entry path under {@code routes/}, or "" for a path elsewhere. */
    public static String alias(String path) {
        return path != null && path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
    }
}
