package io.llmcm.server.grpc;

import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.grpc.v1.ReportAppliedRequest;
import io.llmcm.server.grpc.v1.ReportAppliedResponse;
import io.llmcm.server.grpc.v1.Rollback;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.rollout.AutoRollback;
import io.llmcm.server.rollout.ClientReports;
import java.util.Optional;

/**
 * {@code ReportApplied}: what {@code POST /v1/tenants/{tenant}/reports} does, over gRPC. The same
 * checks in the same order, the same authorization (a reader of the view reports on it), recorded
 * in the server's one {@link ClientReports}, so REST and gRPC clients are counted together; a
 * rejection can set off a rollback rule as over REST.
 */
final class ReportApplied {
    private static final int MAX_CLIENT_ID = 200;
    private static final int MAX_REASON = 300;

    private final Repository repo;
    private final Access access;
    private final ClientReports reports;
    private final AutoRollback rollback;

    ReportApplied(Repository repo, Access access, ClientReports reports, AutoRollback rollback) {
        this.repo = repo;
        this.access = access;
        this.reports = reports;
        this.rollback = rollback;
    }

    ReportAppliedResponse report(ReportAppliedRequest q, Access.Credentials c, String id) {
        Call call = access.check(c, Guard.tenantVisible(Resource.CONFIG, Permission.READ), id, q.getTenant(), "", "");
        if (q.getClient().isEmpty()) {
            throw new BadRequest("client", "'client' is required");
        }
        if (!q.hasRevision()) {
            throw new BadRequest("revision", "'revision' is required: the revision the client applied");
        }
        if (!q.hasAccepted()) {
            throw new BadRequest("accepted", "'accepted' is required");
        }
        if (q.getClient().length() > MAX_CLIENT_ID) {
            throw new BadRequest("client", "'client' must be at most " + MAX_CLIENT_ID + " characters");
        }
        if (q.getReason().length() > MAX_REASON) {
            throw new BadRequest("reason", "'reason' must be at most " + MAX_REASON + " characters");
        }
        String env = q.getEnv().isEmpty() ? "base" : q.getEnv();
        Params.checked("env", () -> Names.environment(env));
        if (!q.getService().isEmpty()) {
            Params.checked("service", () -> Names.service(q.getService()));
        }
        String prefix = Params.prefix(q.getPrefix(), "prefix");
        long revision = q.getRevision();
        if (revision > repo.revision()) {
            throw new BadRequest("revision", "revision " + revision + " does not exist (the latest is " + repo.revision() + ")");
        }
        access.require(call, Resource.CONFIG, Permission.READ, prefix, env); // a reader of the view reports on it
        ClientReports.View view = new ClientReports.View(call.tenant(), env, q.getService(), prefix);
        reports.record(view, new ClientReports.Report(q.getClient(), revision, q.getAccepted(), q.getReason(), call.time()));
        ReportAppliedResponse.Builder b = ReportAppliedResponse.newBuilder().setClient(q.getClient()).setRevision(revision).setAccepted(q.getAccepted());
        if (!q.getAccepted()) {
            Optional<CommitResult> rolled = rollback.rejected(view, revision, call.time());
            rolled.ifPresent(r -> b.setRollback(Rollback.newBuilder().setRevertedRevision(revision).setRevision(r.revision())));
        }
        return b.build();
    }
}
