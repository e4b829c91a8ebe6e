package io.llmcm.core.repo;

import java.util.Objects;

/**
 * Who is reading, and what they may see. Reveals and references are decided per target with it;
 * the server's authorization plugs in here. The local command line is a trusted caller: it holds
 * the store's files and its master key.
 *
 * @param name the actor recorded in the audit log
 */
public record Caller(String name, Access access) {
    /** What a caller may read. */
    public interface Access {
        /** May read a path's (masked) value in a tenant. */
        boolean mayRead(String tenant, String path);

        /** May see a secret's plaintext in a tenant. */
        boolean mayReveal(String tenant, String path);
    }

    private static final Access EVERYTHING = new Access() {
        @Override
        public boolean mayRead(String tenant, String path) {
            return true;
        }

        @Override
        public boolean mayReveal(String tenant, String path) {
            return true;
        }
    };

    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(access, "access");
    }

    /** A caller allowed everything (the local command line, tests). */
    public static Caller trusted(String name) {
        return new Caller(name, EVERYTHING);
    }
}
