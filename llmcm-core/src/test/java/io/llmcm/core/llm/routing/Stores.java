package io.llmcm.core.llm.routing;

import io.llmcm.core.crypto.EnvironmentKeyProvider;
import io.llmcm.core.format.Format;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.store.MemoryStore;
import io.llmcm.core.validation.SchemaDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A repository that seals secrets, with tenant acme and the built-in route schema bound in global. */
final class Stores {
    static final String ROUTES_RESOURCE = "/io/llmcm/core/llm/schemas/routes.yaml";

    private Stores() {}

    static Repository routesRepo() {
        Map<String, String> env = Map.of("LLMCM_MASTER_KEY", EnvironmentKeyProvider.newKey());
        Repository r = Repository.open(new MemoryStore(), new Repository.Options(1000, java.time.Clock.systemUTC(),
                record -> new EnvironmentKeyProvider("LLMCM_MASTER_KEY", env)));
        r.initialize("test");
        r.secrets().initialize(new EnvironmentKeyProvider("LLMCM_MASTER_KEY", env), "test");
        r.commit(ChangeRequest.by("test").add(new Mutation.PutTenant(new Tenant("acme", "global"))).build());
        r.commit(ChangeRequest.by("test").add(new Mutation.PutSchema(routesBinding("global"))).build());
        return r;
    }

    /** The shipped routes schema document, bound in {@code tenant}. */
    static SchemaBinding routesBinding(String tenant) {
        try (InputStream in = Stores.class.getResourceAsStream(ROUTES_RESOURCE)) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return SchemaDocuments.parse(tenant, "llm-routes", Format.YAML.read(yaml), null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static EntryKey key(String tenant, String env, String path) {
        return EntryKey.of(tenant, path, Layer.of(env));
    }

    static CommitResult put(Repository r, EntryKey k, String yaml) {
        return r.commit(ChangeRequest.by("test").put(k, Value.of(Format.YAML.read(yaml))).build());
    }

    static CommitResult secret(Repository r, EntryKey k, String plaintext) {
        return r.commit(ChangeRequest.by("test").put(k, r.secrets().seal(k, Value.text(plaintext), null)).build());
    }

    static CommitResult delete(Repository r, EntryKey k) {
        return r.commit(ChangeRequest.by("test").delete(k).build());
    }
}
