package io.llmcm.core.llm.template;

import io.llmcm.core.model.Layer;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Templates as a repository holds them: {@code templates/NAME} read in the base environment of
 * the tenant that asks ({@code NAME}) or names ({@code TENANT:NAME}), so a tenant sees its own
 * templates and its ancestors'; {@code builtin/NAME} from the {@link Library}.
 */
public record RepositoryLocator(Repository repo) implements TemplateLocator {
    @Override
    public Located locate(TemplateRef ref, String from) {
        if (ref.builtin()) {
            JsonNode doc = Library.get(ref.name());
            return doc == null ? null : new Located(ref, "", doc, 0);
        }
        String tenant = ref.tenant().isEmpty() ? from : ref.tenant();
        if (tenant == null || tenant.isEmpty()) {
            return null;
        }
        try {
            repo.tenant(tenant);
        } catch (io.llmcm.core.NotFoundException e) {
            return null;
        }
        Optional<Resolved> r = repo.get(Scope.of(tenant, Layer.BASE_ENV), ref.path());
        if (r.isEmpty() || r.get().isSecret()) {
            return null;
        }
        String owner = r.get().from() == null ? tenant : r.get().from().tenant();
        // the owner's own base entry as written: an effective value has lost its nulls (layers
        // merge with JSON Merge Patch), and a template's nulls remove what it extends
        JsonNode doc = r.get().from() != null && r.get().from().layer().equals(Layer.BASE)
                ? repo.raw(io.llmcm.core.model.EntryKey.of(owner, ref.path(), Layer.BASE))
                        .filter(v -> !v.isDeleted())
                        .map(v -> v.value().json())
                        .orElse(r.get().value().json())
                : r.get().value().json();
        return new Located(ref, owner, doc, r.get().modRevision());
    }

    @Override
    public boolean inSubtree(String tenant, String owner) {
        try {
            return repo.tenantChain(tenant).contains(owner);
        } catch (io.llmcm.core.NotFoundException e) {
            return false;
        }
    }
}
