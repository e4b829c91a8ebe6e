package io.llmcm.core.model;

/**
 * What a tenant holds now, as its quota counts it.
 *
 * @param keys live entries, every layer
 * @param bytes sum of the stored sizes ({@link Value#size()}) of those entries' values
 */
public record TenantUsage(long keys, long bytes) {
    public static final TenantUsage NONE = new TenantUsage(0, 0);

    /** This usage changed by the given amounts. */
    public TenantUsage plus(long keyDelta, long byteDelta) {
        return new TenantUsage(keys + keyDelta, bytes + byteDelta);
    }

    public TenantUsage plus(TenantUsage delta) {
        return plus(delta.keys, delta.bytes);
    }
}
