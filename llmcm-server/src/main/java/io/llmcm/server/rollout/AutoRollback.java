package io.llmcm.server.rollout;

import io.llmcm.core.ConflictException;
import io.llmcm.core.HistoryCompactedException;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.model.RollbackRule;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.repo.WatchEvent;
import io.llmcm.core.repo.WatchFilter;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Acts on {@link RollbackRule}s: when a client's rejection makes a rule trip for the newest change
 * in its view, the change is reverted in the rule's tenant (one commit by {@code
 * llmcm:auto-rollback}) and the decision audited. Each rule acts at most once per revision;
 * whatever stops it (a newer change, an entry written since, a change that came from an ancestor
 * tenant) is audited too, once.
 */
public final class AutoRollback {
    public static final String AUTHOR = "llmcm:auto-rollback";

    private final Repository repo;
    private final ClientReports reports;
    private final Set<String> decided = new HashSet<>(); // guarded by this

    public AutoRollback(Repository repo, ClientReports reports) {
        this.repo = repo;
        this.reports = reports;
    }

    /** After a rejection of {@code revision} in {@code view}: the rollback it set off, if any. */
    public synchronized Optional<CommitResult> rejected(ClientReports.View view, long revision, Instant now) {
        for (RollbackRule rule : repo.rollbackRules(view.tenant())) {
            if (!rule.env().equals(view.env()) || !rule.service().equals(view.service()) || !rule.prefix().equals(view.prefix())) {
                continue;
            }
            ClientReports.RevisionCount count = reports.countFrom(view, revision, now);
            if (!rule.trips(count.rejected(), count.clients()) || !decided.add(rule.tenant() + "/" + rule.name() + "@" + revision)) {
                continue;
            }
            String why = "rule '" + rule.name() + "': " + count.rejected() + " of " + count.clients() + " clients rejected revision " + revision;
            Optional<CommitResult> done = act(rule, revision, why, now);
            if (done.isPresent()) {
                return done;
            }
        }
        return Optional.empty();
    }

    private Optional<CommitResult> act(RollbackRule rule, long revision, String why, Instant now) {
        WatchFilter view = WatchFilter.under(new Scope(rule.tenant(), rule.env(), rule.service()), rule.prefix());
        String target = (rule.prefix().isEmpty() ? "every path" : rule.prefix()) + " env=" + rule.env()
                + (rule.service().isEmpty() ? "" : " service=" + rule.service());
        List<WatchEvent> after;
        try {
            after = repo.changes(view, revision - 1);
        } catch (HistoryCompactedException | io.llmcm.core.NotFoundException e) {
            return skipped(rule, target, why + "; not rolled back: " + e.getMessage(), now);
        }
        if (after.isEmpty() || after.getFirst().revision() != revision) {
            return skipped(rule, target, why + "; not rolled back: revision " + revision + " changed nothing in this view", now);
        }
        if (after.size() > 1) {
            return skipped(rule, target, why + "; not rolled back: a newer change (revision " + after.get(1).revision() + ") is in the view", now);
        }
        CommitResult r;
        try {
            r = repo.revert(revision, rule.tenant(), view, AUTHOR, "automatic rollback of revision " + revision + " (" + why + ")");
        } catch (ConflictException e) {
            return skipped(rule, target, why + "; not rolled back: " + e.getMessage(), now);
        }
        if (!r.changed()) {
            return skipped(rule, target, why + "; not rolled back: the change was not made in tenant '" + rule.tenant() + "'", now);
        }
        repo.audit().record(AuditEvent.of(now, AUTHOR, "rollout.rollback", rule.tenant(), target, "done",
                why + "; reverted in revision " + r.revision()));
        return Optional.of(r);
    }

    private Optional<CommitResult> skipped(RollbackRule rule, String target, String why, Instant now) {
        repo.audit().record(AuditEvent.of(now, AUTHOR, "rollout.rollback", rule.tenant(), target, "skipped", why));
        return Optional.empty();
    }
}
