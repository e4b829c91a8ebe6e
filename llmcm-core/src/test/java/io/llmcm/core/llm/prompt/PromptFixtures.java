package io.llmcm.core.llm.prompt;

import io.llmcm.core.format.Format;
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

/** A memory repository with tenant acme and a built-in schema resource bound in global. */
final class PromptFixtures {
    private PromptFixtures() {}

    static Repository repo(String... builtinSchemas) {
        Repository r = Repository.open(new MemoryStore());
        r.initialize("test");
        ChangeRequest.Builder b = ChangeRequest.by("test").add(new Mutation.PutTenant(new Tenant("acme", "global")))
                .add(new Mutation.PutTenant(new Tenant("beta", "global")));
        for (String name : builtinSchemas) {
            b.add(new Mutation.PutSchema(SchemaDocuments.parse("global", name, Format.YAML.read(resource("io/llmcm/core/llm/schemas/" + name + ".yaml")), null)));
        }
        r.commit(b.build());
        return r;
    }

    static String resource(String name) {
        try (InputStream in = PromptFixtures.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CommitResult putYaml(Repository r, String tenant, String env, String path, String yaml) {
        return r.commit(ChangeRequest.by("test").put(EntryKey.of(tenant, path, Layer.of(env)), Value.of(Format.YAML.read(yaml))).build());
    }
}
