package io.llmcm.core.repo;

import static io.llmcm.core.repo.Fixtures.key;
import static io.llmcm.core.repo.Fixtures.put;
import static io.llmcm.core.repo.Fixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.ValidationException;
import io.llmcm.core.Violation;
import io.llmcm.core.llm.BuiltinSchemas;
import io.llmcm.core.model.Mutation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant's {@code llm/catalog} overrides change what the provider schemas accept in that tenant
 * only, and changing the overrides re-checks the deployments they affect.
 */
class CatalogOverrideTest {
    private static final String DEPLOYMENT = """
            {"provider":"openai","model":"gpt-4o","api_key":"${secret:providers/openai/api-key}","params":{"max_tokens":%d}}""";

    private Repository repo;

    @BeforeEach
    void open() {
        repo = Fixtures.memoryRepo(Fixtures.clock());
        tenant(repo, "acme", "global");
        tenant(repo, "beta", "global");
        repo.commit(ChangeRequest.by("t")
                .add(new Mutation.PutSchema(BuiltinSchemas.binding("global", "openai", null)))
                .add(new Mutation.PutSchema(BuiltinSchemas.binding("global", "llm-catalog", null)))
                .build());
    }

    @AfterEach
    void close() {
        repo.close();
    }

    @Test
    void anOverrideRaisesALimitForOneTenantOnly() {
        assertThatThrownBy(() -> put(repo, key("acme", "base", "models/openai/big"), DEPLOYMENT.formatted(20000)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("params.max_tokens 20000 is above the 16384-token output limit (max_output_tokens) of gpt-4o");
        put(repo, key("acme", "base", "llm/catalog"), "{\"models\":{\"gpt-4o\":{\"max_output_tokens\":32768}}}");

        put(repo, key("acme", "base", "models/openai/big"), DEPLOYMENT.formatted(20000));
        ValidationException e = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class,
                () -> put(repo, key("beta", "base", "models/openai/big"), DEPLOYMENT.formatted(20000)));
        assertThat(e.violations()).extracting(Violation::pointer, Violation::message, Violation::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/params/max_tokens",
                        "params.max_tokens 20000 is above the 16384-token output limit (max_output_tokens) of gpt-4o", "rule openai#3"));
        assertThat(e.violations().getFirst().where()).startsWith("beta:base models/openai/big");
    }

    @Test
    void loweringALimitIsRefusedWhereItBreaksADeploymentAndOnlyThere() {
        put(repo, key("global", "base", "models/openai/chat"), DEPLOYMENT.formatted(16000));
        // prod of acme would have 8192: the deployment that inherits 16000 breaks, in acme prod only
        ValidationException e = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class,
                () -> put(repo, key("acme", "prod", "llm/catalog"), "{\"models\":{\"gpt-4o\":{\"max_output_tokens\":8192}}}"));
        assertThat(e.violations()).extracting(Violation::message)
                .containsExactly("params.max_tokens 16000 is above the 8192-token output limit (max_output_tokens) of gpt-4o");
        assertThat(e.violations().getFirst().where()).startsWith("acme:prod models/openai/chat");
        assertThat(e.violations().getFirst().where()).doesNotContain("beta");
        // lowering it for a model no deployment uses is fine
        put(repo, key("acme", "prod", "llm/catalog"), "{\"models\":{\"gpt-4o-mini\":{\"max_output_tokens\":8192}}}");
    }

    @Test
    void theOverrideDocumentIsValidatedWithTheShippedFigures() {
        assertThatThrownBy(() -> put(repo, key("acme", "base", "llm/catalog"), "{\"models\":{\"gpt-4o\":{\"max_output_tokens\":200000}}}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("models.gpt-4o: max_output_tokens 200000 is above its context_window 128000");
        assertThatThrownBy(() -> put(repo, key("acme", "base", "llm/catalog"), "{\"models\":{\"acme-7b\":{\"context_window\":4096}}}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("models.acme-7b is not in the shipped catalog, so it needs at least provider and context_window");
        // a model added by the override is then checked like a shipped one
        put(repo, key("acme", "base", "llm/catalog"), "{\"models\":{\"acme-7b\":{\"provider\":\"openai\",\"context_window\":4096}}}");
        assertThatThrownBy(() -> put(repo, key("acme", "base", "models/openai/own"),
                        "{\"provider\":\"openai\",\"model\":\"acme-7b\",\"api_key\":\"${secret:k}\",\"params\":{\"max_tokens\":5000}}"))
                .hasMessageContaining("params.max_tokens 5000 is above the 4096-token context window of acme-7b");
    }
}
