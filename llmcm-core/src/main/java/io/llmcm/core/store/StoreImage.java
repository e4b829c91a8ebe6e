package io.llmcm.core.store;

import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.Role;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import java.util.List;

/**
 * The current state as read from a store on open: heads and the catalog (roles, bindings and API
 * keys included; a revoked key is listed with its revocation time).
 */
public record StoreImage(
        long revision,
        List<EntryVersion> heads,
        List<Tenant> tenants,
        List<Environment> environments,
        List<Tag> tags,
        List<SchemaBinding> schemas,
        List<Role> roles,
        List<Binding> bindings,
        List<ApiKey> apiKeys,
        long retentionFloor) {
    public StoreImage {
        heads = List.copyOf(heads);
        tenants = List.copyOf(tenants);
        environments = List.copyOf(environments);
        tags = List.copyOf(tags);
        schemas = List.copyOf(schemas);
        roles = List.copyOf(roles);
        bindings = List.copyOf(bindings);
        apiKeys = List.copyOf(apiKeys);
    }
}
