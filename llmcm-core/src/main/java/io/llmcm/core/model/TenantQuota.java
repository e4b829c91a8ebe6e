package io.llmcm.core.model;

import io.llmcm.core.InvalidInputException;

/**
 * Limits on one tenant; 0 means unlimited for each. The engine enforces {@code maxKeys} and {@code
 * maxBytes} when a commit is planned; {@code requestsPerSecond} and {@code maxWatches} are stored
 * here and enforced by the server.
 *
 * @param maxKeys most live entries the tenant may hold, counting every layer
 * @param maxBytes most bytes the stored values of its live entries may take ({@link Value#size()})
 * @param requestsPerSecond sustained request rate allowed to the tenant's callers
 * @param maxWatches most watches the tenant's callers may hold open at once
 */
public record TenantQuota(long maxKeys, long maxBytes, double requestsPerSecond, int maxWatches) {
    /** No limit at all: what a tenant has until a quota is set. */
    public static final TenantQuota UNLIMITED = new TenantQuota(0, 0, 0, 0);

    public TenantQuota {
        nonNegative("max keys", maxKeys);
        nonNegative("max bytes", maxBytes);
        nonNegative("max watches", maxWatches);
        if (!Double.isFinite(requestsPerSecond) || requestsPerSecond < 0) {
            throw new InvalidInputException(
                    "requests per second must be a finite number of 0 or more (0 = unlimited), got " + requestsPerSecond);
        }
        if (requestsPerSecond == 0) {
            requestsPerSecond = 0; // -0.0 would compare unequal to 0.0 in equals
        }
    }

    /** True when no limit is set. */
    public boolean isUnlimited() {
        return equals(UNLIMITED);
    }

    public TenantQuota withMaxKeys(long n) {
        return new TenantQuota(n, maxBytes, requestsPerSecond, maxWatches);
    }

    public TenantQuota withMaxBytes(long n) {
        return new TenantQuota(maxKeys, n, requestsPerSecond, maxWatches);
    }

    public TenantQuota withRequestsPerSecond(double r) {
        return new TenantQuota(maxKeys, maxBytes, r, maxWatches);
    }

    public TenantQuota withMaxWatches(int n) {
        return new TenantQuota(maxKeys, maxBytes, requestsPerSecond, n);
    }

    private static void nonNegative(String what, long n) {
        if (n < 0) {
            throw new InvalidInputException(what + " must be 0 or more (0 = unlimited), got " + n);
        }
    }
}
