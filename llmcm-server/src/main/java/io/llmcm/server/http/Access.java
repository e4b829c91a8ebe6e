package io.llmcm.server.http;

import io.javalin.http.Context;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.audit.AuditLog;
import io.llmcm.core.auth.AccessRequest;
import io.llmcm.core.auth.Authentication;
import io.llmcm.core.auth.Decision;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.PolicyAuthorizer;
import io.llmcm.core.auth.Principal;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.repo.Caller;
import io.llmcm.core.repo.Repository;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Authentication and authorization of requests (HTTP and gRPC): turns a request and its route's {@link
 * Guard} into a {@link Call}, or refuses it (401, 404, 403). Every authentication failure and every
 * authorization decision goes to the audit log.
 */
public final class Access implements AutoCloseable {
    /** Thrown to stop a request; the router writes it as a problem document. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final long retryAfterSeconds;

        public Refused(int status, String message) {
            this(status, message, 0);
        }

        public Refused(int status, String message, long retryAfterSeconds) {
            super(message, null, false, false);
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int status() {
            return status;
        }

        /** For 429: when to try again, in whole seconds (0: not said). */
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** "authz.<resource>.<permission>", made once rather than on every decision. */
    private static final String[][] ACTIONS = new String[Resource.values().length][Permission.values().length];

    static {
        for (Resource r : Resource.values()) {
            for (Permission p : Permission.values()) {
                ACTIONS[r.ordinal()][p.ordinal()] = "authz." + r.id() + "." + p.id();
            }
        }
    }

    private final Repository repo;
    private final Authentication authentication;
    private final PolicyAuthorizer authorizer;
    private final AuditLog audit;
    private final Clock clock;
    private final ServerMetrics metrics;
    private final TenantGate gate;
    private final ReadAudit reads;

    /** @param auditEveryRead one audit event per allowed read, instead of one per key and second with a count */
    public Access(Repository repo, Authentication authentication, PolicyAuthorizer authorizer, Clock clock, ServerMetrics metrics, boolean auditEveryRead) {
        this.repo = repo;
        this.authentication = authentication;
        this.authorizer = authorizer;
        this.audit = repo.audit();
        this.clock = clock;
        this.metrics = metrics;
        this.gate = new TenantGate(repo, authorizer, metrics);
        this.reads = new ReadAudit(audit, clock, auditEveryRead);
    }

    /** Writes the read events still being counted. */
    @Override
    public void close() {
        reads.close();
    }

    public PolicyAuthorizer authorizer() {
        return authorizer;
    }

    /**
     * What a caller presented, whatever the transport: the {@code Authorization} value (HTTP header
     * or gRPC metadata), the TLS client certificate, and the peer's address.
     *
     * @param authorization null when none was sent
     * @param certificate null when none was presented (or TLS is off)
     */
    public record Credentials(String authorization, X509Certificate certificate, String sourceIp) {}

    /** Checks a request against its route's guard. */
    public Call check(Context ctx, Guard guard, String requestId) {
        Instant now = clock.instant();
        String ip = ctx.ip();
        if (guard.kind() == Guard.Kind.PUBLIC) {
            return new Call(null, now, ip, requestId, "");
        }
        Principal p = authenticate(new Credentials(ctx.header("Authorization"), clientCertificate(ctx), ip), now);
        String tenant = switch (guard.kind()) {
            case TENANT, TENANT_VISIBLE -> ctx.pathParam("tenant");
            case TENANT_QUERY -> {
                String t = ctx.queryParam("tenant");
                if (t == null || t.isEmpty()) {
                    throw new BadRequest("query:tenant", "query parameter 'tenant' is required: the tenant to act in");
                }
                yield t;
            }
            default -> "";
        };
        boolean onPath = guard.kind() == Guard.Kind.TENANT;
        String path = onPath && !guard.pathParam().isEmpty() ? ctx.pathParam(guard.pathParam()) : "";
        return authorize(new Call(p, now, ip, requestId, tenant), guard, path, onPath ? Params.env(ctx) : "");
    }

    /**
     * The same check for any transport (gRPC): authenticates the credentials, then applies the
     * guard in {@code tenant}, on {@code path} and {@code env} for {@link Guard.Kind#TENANT}.
     */
    public Call check(Credentials credentials, Guard guard, String requestId, String tenant, String path, String env) {
        Instant now = clock.instant();
        if (guard.kind() == Guard.Kind.PUBLIC) {
            return new Call(null, now, credentials.sourceIp(), requestId, "");
        }
        Principal p = authenticate(credentials, now);
        boolean inTenant = switch (guard.kind()) {
            case TENANT, TENANT_VISIBLE, TENANT_QUERY -> true;
            default -> false;
        };
        if (inTenant && (tenant == null || tenant.isEmpty())) {
            throw new BadRequest("tenant", "'tenant' is required: the tenant to act in");
        }
        return authorize(new Call(p, now, credentials.sourceIp(), requestId, inTenant ? tenant : ""), guard, path, env);
    }

    /** The guard's checks for an authenticated call: one decision path for every transport. */
    private Call authorize(Call call, Guard guard, String path, String env) {
        switch (guard.kind()) {
            case AUTHENTICATED -> {}
            case STORE -> require(call, guard.resource(), guard.permission(), "", "");
            case TENANT, TENANT_VISIBLE, TENANT_QUERY -> {
                visible(call);
                gate.check(call);
                if (guard.kind() == Guard.Kind.TENANT) {
                    require(call, guard.resource(), guard.permission(), path, env);
                }
            }
            case PUBLIC -> throw new IllegalStateException();
        }
        return call;
    }

    /**
     * The call acting in a tenant named in a request body rather than the path: the tenant must be
     * visible (404 as for a path's tenant), and its gate (suspension, request rate) applies.
     */
    public Call enter(Call call, String tenant) {
        Call in = call.in(tenant);
        visible(in);
        gate.check(in);
        return in;
    }

    /** 404 for a tenant that does not exist or that the caller may not see: the two look the same. */
    public void visible(Call call) {
        boolean exists;
        try {
            repo.tenant(call.tenant()); // a map lookup: this runs on every tenant request
            exists = true;
        } catch (NotFoundException e) {
            exists = false;
        }
        if (!exists || !authorizer.canSeeTenant(call.principal(), call.tenant())) {
            throw new Refused(404, "unknown tenant '" + Params.clip(call.tenant()) + "'");
        }
    }

    /** Refuses with 403 unless the caller holds the permission there; audits the decision. */
    public void require(Call call, Resource resource, Permission permission, String path, String env) {
        Decision d = decide(call, resource, permission, path, env);
        if (!d.allowed()) {
            throw new Refused(403, "not allowed: " + resource.id() + ":" + permission.id()
                    + (call.tenant().isEmpty() ? "" : " in tenant '" + call.tenant() + "'")
                    + (path.isEmpty() ? "" : " on '" + path + "'"));
        }
    }

    /** The decision, audited, without refusing (handlers that filter use it per item). */
    public Decision decide(Call call, Resource resource, Permission permission, String path, String env) {
        Decision d = authorizer.decide(new AccessRequest(call.principal(), permission, resource, call.tenant(), path, env, call.time(), call.sourceIp()));
        String action = ACTIONS[resource.ordinal()][permission.ordinal()];
        String target = path.isEmpty() ? env : path + (env.isEmpty() ? "" : " env=" + env);
        if (d.allowed() && permission == Permission.READ && resource == Resource.CONFIG) {
            reads.allowed(call.time(), call.principal().id(), action, call.tenant(), target, d.reason());
        } else {
            audit.record(AuditEvent.of(call.time(), call.principal().id(), action, call.tenant(), target, d.allowed() ? "allowed" : "denied", d.reason()));
        }
        if (!d.allowed()) {
            metrics.denied();
        }
        return d;
    }

    /** True when the decision allows; not audited (for filtering many items in one listed answer). */
    public boolean allows(Call call, Resource resource, Permission permission, String path, String env) {
        return authorizer.decide(new AccessRequest(call.principal(), permission, resource, call.tenant(), path, env, call.time(), call.sourceIp())).allowed();
    }

    /** The repository's view of this caller, for reads that follow references and reveals. */
    public Caller caller(Call call, String env) {
        return authorizer.caller(call.principal(), env, call.sourceIp(), call.time());
    }

    private Principal authenticate(Credentials c, Instant now) {
        String header = c.authorization();
        String ip = c.sourceIp();
        String bearer = null;
        if (header != null) {
            if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                bearer = header.substring(7).trim();
            } else {
                fail(now, ip, "the Authorization header is not a Bearer token");
            }
        }
        X509Certificate cert = c.certificate();
        if (bearer == null && cert == null) {
            fail(now, ip, "no credential");
        }
        Optional<Principal> p;
        try {
            p = authentication.authenticate(bearer, cert, now);
        } catch (RuntimeException e) {
            p = Optional.empty(); // a malformed token is just not a credential
        }
        if (p.isEmpty()) {
            fail(now, ip, bearer != null ? "the bearer token is not valid (unknown, expired or revoked)" : "the client certificate is not mapped to a principal");
        }
        return p.get();
    }

    private void fail(Instant now, String ip, String why) {
        metrics.authenticationFailed();
        audit.record(AuditEvent.of(now, "anonymous", "auth.authenticate", "", ip, "denied", why));
        throw new Refused(401, "authentication required: " + why);
    }

    private static X509Certificate clientCertificate(Context ctx) {
        Object certs = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        return certs instanceof X509Certificate[] a && a.length > 0 ? a[0] : null;
    }
}
