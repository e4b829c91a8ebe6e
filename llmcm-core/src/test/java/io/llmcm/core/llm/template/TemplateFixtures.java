package io.llmcm.core.llm.template;

import io.llmcm.core.format.Format;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.store.MemoryStore;
import io.llmcm.core.validation.SchemaDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A memory repository: acme (and acme-eu below it) and beta under global, templates.yaml bound in global. */
final class TemplateFixtures {
    private TemplateFixtures() {}

    static Repository repo() {
        Repository r = Repository.open(new MemoryStore());
        r.initialize("test");
        r.commit(ChangeRequest.by("test")
                .add(new Mutation.PutTenant(new Tenant("acme", "global")))
                .add(new Mutation.PutTenant(new Tenant("acme-eu", "acme")))
                .add(new Mutation.PutTenant(new Tenant("beta", "global")))
                .add(new Mutation.PutSchema(SchemaDocuments.parse("global", "templates",
                        Format.YAML.read(resource("io/llmcm/core/llm/schemas/templates.yaml")), null)))
                .build());
        return r;
    }

    static String resource(String name) {
        try (InputStream in = TemplateFixtures.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CommitResult put(Repository r, String tenant, String env, String path, String yaml) {
        return r.commit(ChangeRequest.by("test").put(EntryKey.of(tenant, path, Layer.of(env)), Value.of(Format.YAML.read(yaml))).build());
    }

    static Map<String, JsonNode> vars(String json) {
        Map<String, JsonNode> m = new HashMap<>();
        Json.parse(json).properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    static InstantiateRequest request(String tenant, String env, String template, String varsJson, boolean dryRun) {
        return new InstantiateRequest(tenant, env, template, vars(varsJson), Map.of(), dryRun, "tester", "");
    }
}
