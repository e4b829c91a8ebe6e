package io.llmcm.core.repo;

/** A listener's place in a watch group (see {@link Repository#subscribe}); closing it leaves. */
public interface Subscription extends AutoCloseable {
    /** Leaves the group: no listener call follows, except one already under way. Idempotent. */
    @Override
    void close();
}
