package io.llmcm.core.llm.routing;

import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
import java.util.Optional;

/**
 * {@link ScopeValues} over a repository, pinned to the revision current when it was made, so a
 * route and its deployments are read from one state even while commits land.
 */
public final class RepositoryScopeValues implements ScopeValues {
    private final Repository repo;
    private final Scope scope;
    private final long at;

    public RepositoryScopeValues(Repository repo, Scope scope) {
        this(repo, scope, repo.revision());
    }

    /** Reads as of a past revision (which must still be within the retention window). */
    public RepositoryScopeValues(Repository repo, Scope scope, long at) {
        this.repo = repo;
        this.scope = scope;
        this.at = at;
    }

    @Override
    public String scope() {
        return scope.toString();
    }

    @Override
    public long revision() {
        return at;
    }

    @Override
    public Optional<Entry> read(String path) {
        if (!Names.isValidPath(path)) {
            return Optional.empty();
        }
        Optional<Resolved> r = repo.get(scope, path, at);
        return r.map(x -> new Entry(x.isSecret() ? null : x.value().json(), x.from().toString(), x.modRevision()));
    }
}
