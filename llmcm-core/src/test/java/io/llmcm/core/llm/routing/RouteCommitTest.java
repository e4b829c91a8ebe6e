package io.llmcm.core.llm.routing;

import static io.llmcm.core.llm.routing.Stores.delete;
import static io.llmcm.core.llm.routing.Stores.key;
import static io.llmcm.core.llm.routing.Stores.put;
import static io.llmcm.core.llm.routing.Stores.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.ValidationException;
import io.llmcm.core.Violation;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built-in routes schema bound in a real repository: the planner refuses bad routes when they
 * are written, and refuses deleting what a route needs (a deployment, a secret) afterwards.
 */
class RouteCommitTest {
    private Repository repo;

    @BeforeEach
    void open() {
        repo = Stores.routesRepo();
        secret(repo, key("global", "base", "providers/openai"), "sk-test-not-real");
        put(repo, key("global", "base", "models/openai/gpt-4o"),
                "{provider: openai, model: gpt-4o, endpoint: 'https://api.openai.com/v1', api_key: '${secret:providers/openai}'}");
        put(repo, key("global", "base", "models/local/llama"), "{provider: openai-compatible, model: llama-3.1-8b, endpoint: 'http://vllm:8000/v1'}");
    }

    @AfterEach
    void close() {
        repo.close();
    }

    /** The one violation, reported at acme:prod and naming edge (prod's child environment), which inherits it. */
    private static Violation only(ValidationException e) {
        // one report for the scopes that share the problem (prod and edge, which inherits it)
        assertThat(e.violations()).extracting(Violation::where).containsOnly("acme:prod routes/chat (also acme:edge)");
        return e.violations().stream().filter(v -> v.where().startsWith("acme:prod ")).findFirst().orElseThrow();
    }

    @Test
    void aValidRouteIsStored() {
        put(repo, key("acme", "prod", "routes/chat"), "{targets: [{model: models/openai/gpt-4o}], fallbacks: [{model: models/local/llama}]}");
        assertThat(repo.get(Scope.of("acme", "prod"), "routes/chat")).isPresent();
    }

    @Test
    void aRouteToAnUnknownDeploymentIsRefusedWhenWritten() {
        long before = repo.revision();
        assertThatThrownBy(() -> put(repo, key("acme", "prod", "routes/chat"), "{targets: [{model: models/openai/gpt-5}]}"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    Violation v = only(e);
                    assertThat(v.where()).isEqualTo("acme:prod routes/chat (also acme:edge)");
                    assertThat(v.pointer()).isEqualTo("/targets/0/model");
                    assertThat(v.message()).isEqualTo("deployment models/openai/gpt-5 does not exist in this scope");
                    assertThat(v.source()).isEqualTo("check llm-route (llm-routes)");
                });
        assertThat(repo.revision()).isEqualTo(before);
    }

    @Test
    void theShapeIsCheckedByTheSchemaBeforeTheCheck() {
        assertThatThrownBy(() -> put(repo, key("acme", "prod", "routes/chat"), "{targets: [{model: models/openai/gpt-4o}], retry: {attempts: 2, on: [rate_limited]}}"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.violations()).extracting(Violation::pointer).containsOnly("/retry/on/0");
                    assertThat(e.violations()).extracting(Violation::source).containsOnly("schema llm-routes");
                });
    }

    @Test
    void deletingASecretARouteNeedsIsRefused() {
        put(repo, key("acme", "prod", "routes/chat"), "{targets: [{model: models/openai/gpt-4o}]}");
        assertThatThrownBy(() -> delete(repo, key("global", "base", "providers/openai")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    Violation v = only(e);
                    assertThat(v.pointer()).isEqualTo("/targets/0/model");
                    assertThat(v.message()).isEqualTo("deployment models/openai/gpt-4o field /api_key refers to secret providers/openai,"
                            + " which does not exist in this scope");
                });
        assertThat(repo.get(Scope.of("acme", "prod"), "providers/openai")).isPresent();
    }

    @Test
    void deletingADeploymentARouteNeedsIsRefused() {
        put(repo, key("acme", "base", "routes/chat"), "{targets: [{model: models/openai/gpt-4o}], fallbacks: [{model: models/local/llama}]}");
        assertThatThrownBy(() -> delete(repo, key("global", "base", "models/local/llama")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.violations()).extracting(Violation::pointer).containsOnly("/fallbacks/0/model");
                    assertThat(e.violations().getFirst().message()).isEqualTo("deployment models/local/llama does not exist in this scope");
                });
    }

    @Test
    void aSecretOverriddenOnlyInOneEnvironmentStillCountsWhereItIsSet() {
        // the route lives in prod only; deleting a secret nobody else needs goes through
        secret(repo, key("global", "base", "providers/spare"), "unused");
        put(repo, key("acme", "prod", "routes/chat"), "{targets: [{model: models/openai/gpt-4o}]}");
        delete(repo, key("global", "base", "providers/spare"));
        assertThat(repo.get(Scope.of("acme", "prod"), "providers/spare")).isEmpty();
    }

    @Test
    void closingACycleIsRefusedWithTheCycle() {
        put(repo, key("acme", "prod", "routes/small"), "{targets: [{model: models/local/llama}]}");
        put(repo, key("acme", "prod", "routes/chat"), "{targets: [{model: models/openai/gpt-4o}], fallbacks: [{route: small}]}");
        assertThatThrownBy(() -> put(repo, key("acme", "prod", "routes/small"), "{targets: [{model: models/local/llama}], fallbacks: [{route: chat}]}"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.where() + " " + v.pointer() + ": " + v.message())
                        .contains("acme:prod routes/small (also acme:edge) /fallbacks/0/route: fallback cycle: small → chat → small",
                                "acme:prod routes/chat (also acme:edge) /fallbacks/0/route: fallback cycle: chat → small → chat"));
    }

    @Test
    void deletingAFallbackRouteIsRefused() {
        put(repo, key("acme", "prod", "routes/small"), "{targets: [{model: models/local/llama}]}");
        put(repo, key("acme", "prod", "routes/chat"), "{targets: [{model: models/openai/gpt-4o}], fallbacks: [{route: small}]}");
        assertThatThrownBy(() -> delete(repo, key("acme", "prod", "routes/small")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(only(e).message())
                        .isEqualTo("route small does not exist in this scope (no entry routes/small)"));
    }
}
