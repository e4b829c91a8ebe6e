package io.llmcm.core.auth;

import io.llmcm.core.InvalidInputException;
import java.util.Locale;
import java.util.Objects;

/**
 * One permission on one kind of resource, written {@code resource:permission} (e.g. {@code
 * secret:read}).
 */
public record Grant(Resource resource, Permission permission) implements Comparable<Grant> {
    public Grant {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(permission, "permission");
    }

    /** Parses {@code config:read}, case-insensitively. */
    public static Grant parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0) {
            throw new InvalidInputException("grant '" + text + "' is not resource:permission, e.g. config:read");
        }
        String resource = text.substring(0, colon).toUpperCase(Locale.ROOT);
        String permission = text.substring(colon + 1).toUpperCase(Locale.ROOT);
        try {
            return new Grant(Resource.valueOf(resource), Permission.valueOf(permission));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("grant '" + text + "' is unknown; resources are config, secret, tenant, policy,"
                    + " audit and permissions read, write, delete, rotate, admin");
        }
    }

    /** A distinct bit per grant, so a role's grants fit in one {@code long}. */
    long bit() {
        return 1L << (resource.ordinal() * Permission.values().length + permission.ordinal());
    }

    @Override
    public int compareTo(Grant o) {
        int c = resource.compareTo(o.resource);
        return c != 0 ? c : permission.compareTo(o.permission);
    }

    @Override
    public String toString() {
        return resource.id() + ":" + permission.id();
    }
}
