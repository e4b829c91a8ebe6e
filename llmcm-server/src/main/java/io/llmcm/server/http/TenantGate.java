package io.llmcm.server.http;

import io.llmcm.core.auth.AccessRequest;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.PolicyAuthorizer;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.model.TenantState;
import io.llmcm.core.quota.TokenBucket;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a tenant's state and quota say about a request that reached it: a suspended tenant
 * refuses everyone but its admins; a tenant with a request rate quota answers 429 with
 * {@code Retry-After} once its token bucket is empty. (Archived tenants are read-only in the
 * engine itself; key and byte quotas are checked at commit.)
 */
final class TenantGate {
    private record Limiter(double rate, TokenBucket bucket) {}

    private final Repository repo;
    private final PolicyAuthorizer authorizer;
    private final ServerMetrics metrics;
    private final ConcurrentHashMap<String, Limiter> limiters = new ConcurrentHashMap<>();

    TenantGate(Repository repo, PolicyAuthorizer authorizer, ServerMetrics metrics) {
        this.repo = repo;
        this.authorizer = authorizer;
        this.metrics = metrics;
    }

    void check(Call call) {
        String tenant = call.tenant();
        if (repo.tenantState(tenant) == TenantState.SUSPENDED && !isAdmin(call)) {
            throw new Access.Refused(403, "tenant '" + tenant + "' is suspended; only its admins may act in it");
        }
        double rate = repo.tenantQuota(tenant).requestsPerSecond();
        if (rate > 0) {
            long now = System.nanoTime();
            Limiter l = limiters.get(tenant);
            if (l == null || l.rate() != rate) {
                // first request, or the quota changed: a full bucket (two racing first requests may
                // each make one; the loser's few extra admits are within one burst)
                l = new Limiter(rate, new TokenBucket(rate, now));
                limiters.put(tenant, l);
            }
            long wait = l.bucket().tryAcquire(now);
            if (wait > 0) {
                metrics.rateLimited();
                long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
                throw new Access.Refused(429, "tenant '" + tenant + "' is over its quota of " + rate + " requests per second; retry in " + seconds + " s", seconds);
            }
        } else if (!limiters.isEmpty()) {
            limiters.remove(tenant);
        }
    }

    private boolean isAdmin(Call call) {
        return authorizer.decide(new AccessRequest(call.principal(), Permission.ADMIN, Resource.TENANT, call.tenant(), "", "", call.time(), call.sourceIp())).allowed();
    }
}
