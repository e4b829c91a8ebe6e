package io.llmcm.core.llm.template;

import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import tools.jackson.databind.JsonNode;

/** The templates a tenant can instantiate: the built-in library, its own and its ancestors', and those shared with it. */
public final class TemplateCatalog {
    /**
     * One template as a listing shows it.
     *
     * @param name how to instantiate it: builtin/NAME, NAME (own or inherited) or OWNER:NAME (shared)
     * @param owner the tenant that defines it, "" for a built-in one
     * @param kind builtin, own, inherited or shared
     * @param version null when the stored document has none (it is then not valid)
     */
    public record Listed(String name, String owner, String kind, String version, String description) {}

    private TemplateCatalog() {}

    /**
     * @param mayRead whether the caller may read {@code templates/NAME} in a tenant (shared
     *     templates of tenants the caller cannot read are left out); (tenant, path)
     */
    public static List<Listed> list(Repository repo, String tenant, BiPredicate<String, String> mayRead) {
        List<Listed> out = new ArrayList<>();
        for (String name : Library.NAMES) {
            JsonNode doc = Library.get(name);
            out.add(new Listed(TemplateRef.BUILTIN + name, "", "builtin", text(doc, "version"), text(doc, "description")));
        }
        Map<String, Listed> seen = new LinkedHashMap<>();
        for (Resolved r : repo.list(Scope.of(tenant, Layer.BASE_ENV), TemplateRef.PREFIX)) {
            if (r.isSecret() || !mayRead.test(tenant, r.path())) {
                continue;
            }
            String owner = r.from() == null ? tenant : r.from().tenant();
            JsonNode doc = r.value().json();
            String name = r.path().substring(TemplateRef.PREFIX.length());
            seen.put(r.path(), new Listed(name, owner, owner.equals(tenant) ? "own" : "inherited", text(doc, "version"), text(doc, "description")));
        }
        out.addAll(seen.values());
        List<String> chain = repo.tenantChain(tenant);
        for (Tenant t : repo.tenants()) {
            if (chain.contains(t.name()) || repo.tenantChain(t.name()).contains(tenant)) {
                continue; // its templates are the tenant's own or inherited, or it may not see them: it is below
            }
            for (EntryVersion v : repo.entries(t.name(), TemplateRef.PREFIX)) {
                if (v.isDeleted() || !v.key().layer().equals(Layer.BASE) || v.value().type() == io.llmcm.core.model.ContentType.SECRET) {
                    continue;
                }
                JsonNode doc = v.value().json();
                JsonNode shared = doc.get("shared_with");
                boolean sharedHere = false;
                if (shared != null && shared.isArray()) {
                    for (JsonNode s : shared.values()) {
                        sharedHere |= s.isString() && (s.stringValue().equals("*") || s.stringValue().equals(tenant));
                    }
                }
                if (sharedHere && mayRead.test(t.name(), v.key().path())) {
                    String name = v.key().path().substring(TemplateRef.PREFIX.length());
                    out.add(new Listed(t.name() + ":" + name, t.name(), "shared", text(doc, "version"), text(doc, "description")));
                }
            }
        }
        return out;
    }

    private static String text(JsonNode doc, String field) {
        JsonNode n = doc == null ? null : doc.get(field);
        return n != null && n.isString() ? n.stringValue() : null;
    }
}
