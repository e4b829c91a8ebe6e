package io.llmcm.core.llm.routing;

import static io.llmcm.core.llm.routing.Stores.key;
import static io.llmcm.core.llm.routing.Stores.put;
import static io.llmcm.core.llm.routing.Stores.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.NotFoundException;
import io.llmcm.core.format.Format;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resolving a route over the layers of a real repository, and the flattened chain. */
class RouteResolverTest {
    private Repository repo;
    private long prodRevision;

    @BeforeEach
    void open() {
        repo = Stores.routesRepo();
        secret(repo, key("global", "base", "providers/openai"), "sk-test-not-real-openai");
        secret(repo, key("global", "base", "providers/azure"), "azure-test-not-real");
        secret(repo, key("global", "base", "providers/anthropic"), "sk-ant-test-not-real");
        put(repo, key("global", "base", "models/openai/gpt-4o"), """
                {provider: openai, model: gpt-4o, endpoint: 'https://api.openai.com/v1', api_key: '${secret:providers/openai}',
                 params: {temperature: 0.7, max_tokens: 1024}, limits: {requests_per_minute: 600}}""");
        put(repo, key("global", "base", "models/azure/gpt-4o-eu"), """
                {provider: azure-openai, model: gpt-4o, endpoint: 'https://acme-eu.openai.azure.com', api_version: '2024-10-21',
                 deployment: gpt4o-eu, api_key: '${secret:providers/azure}'}""");
        put(repo, key("global", "base", "models/anthropic/claude-sonnet"),
                "{provider: anthropic, model: claude-sonnet-4-20250514, endpoint: 'https://api.anthropic.com', api_key: '${secret:providers/anthropic}'}");
        put(repo, key("global", "base", "models/local/llama"), "{provider: openai-compatible, model: llama-3.1-8b, endpoint: 'http://vllm:8000/v1'}");
        put(repo, key("acme", "base", "routes/small"), "{targets: [{model: models/local/llama}]}");
        put(repo, key("acme", "base", "routes/chat"), """
                targets:
                  - {model: models/openai/gpt-4o, weight: 80}
                  - {model: models/azure/gpt-4o-eu, weight: 20}
                fallbacks: [{model: models/anthropic/claude-sonnet}, {route: small}]
                retry: {attempts: 2, on: [rate_limit, timeout]}
                timeout_ms: 30000
                fallback_on: {errors: [rate_limit, timeout, server_error], latency_ms_above: 8000}
                budgets: {tokens_per_minute: 200000, tokens_per_day: 5000000, requests_per_minute: 600}
                """);
        // prod moves traffic to Azure and retries once more; arrays replace whole, objects merge
        prodRevision = put(repo, key("acme", "prod", "routes/chat"), """
                targets:
                  - {model: models/openai/gpt-4o, weight: 50}
                  - {model: models/azure/gpt-4o-eu, weight: 150}
                retry: {attempts: 3}
                """).revision();
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private EffectiveRoute resolve(String alias, String env) {
        return RouteResolver.resolve(alias, new RepositoryScopeValues(repo, Scope.of("acme", env)));
    }

    @Test
    void theBaseRouteSplitsByItsWeights() {
        EffectiveRoute r = resolve("chat", "base");
        assertThat(r.from()).isEqualTo("acme:base");
        assertThat(r.steps().getFirst().choices()).extracting(EffectiveRoute.Choice::path, EffectiveRoute.Choice::percent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("models/openai/gpt-4o", 80.0), org.assertj.core.groups.Tuple.tuple("models/azure/gpt-4o-eu", 20.0));
        assertThat(r.retry().attempts()).isEqualTo(2);
    }

    @Test
    void aProdOverrideOfOneWeightChangesTheSharesAndKeepsTheRest() {
        EffectiveRoute r = resolve("chat", "prod");
        assertThat(r.scope()).isEqualTo("acme:prod");
        assertThat(r.from()).isEqualTo("acme:prod");
        assertThat(r.modRevision()).isEqualTo(prodRevision);
        EffectiveRoute.Step first = r.steps().getFirst();
        assertThat(first.kind()).isEqualTo(EffectiveRoute.Kind.WEIGHTED);
        assertThat(first.choices()).extracting(EffectiveRoute.Choice::weight).containsExactly(50, 150);
        assertThat(first.choices()).extracting(EffectiveRoute.Choice::percent).containsExactly(25.0, 75.0);
        // retry.attempts from prod, retry.on, timeout, conditions and budgets from base
        assertThat(r.retry()).isEqualTo(new RetryPolicy(3, 200, 2000, java.util.Set.of(ErrorClass.RATE_LIMIT, ErrorClass.TIMEOUT)));
        assertThat(r.timeoutMs()).isEqualTo(30000);
        assertThat(r.fallbackOn().latencyMsAbove()).isEqualTo(8000);
        assertThat(r.budgets()).isEqualTo(new Budgets(200000, 5000000, 600));
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void theChainIsFlattenedWithFallbackRoutesMarked() {
        EffectiveRoute r = resolve("chat", "prod");
        assertThat(r.steps()).extracting(s -> s.number() + " " + s.kind().wire() + " " + s.via() + " "
                        + s.choices().stream().map(EffectiveRoute.Choice::path).toList())
                .containsExactly(
                        "1 weighted [] [models/openai/gpt-4o, models/azure/gpt-4o-eu]",
                        "2 fallback [] [models/anthropic/claude-sonnet]",
                        "3 fallback [small] [models/local/llama]");
    }

    @Test
    void deploymentsShowTheirFieldsAndOnlyTheSecretReference() {
        EffectiveRoute r = resolve("chat", "prod");
        EffectiveRoute.Deployment openai = r.steps().getFirst().choices().getFirst().deployment();
        assertThat(openai.provider()).isEqualTo("openai");
        assertThat(openai.model()).isEqualTo("gpt-4o");
        assertThat(openai.endpoint()).isEqualTo("https://api.openai.com/v1");
        assertThat(openai.from()).isEqualTo("global:base");
        assertThat(openai.params()).isEqualTo(Format.YAML.read("{temperature: 0.7, max_tokens: 1024}"));
        assertThat(openai.limits()).isEqualTo(Format.YAML.read("{requests_per_minute: 600}"));
        assertThat(openai.auth()).isEqualTo(Map.of("api_key", "${secret:providers/openai}"));
        EffectiveRoute.Deployment azure = r.steps().getFirst().choices().get(1).deployment();
        assertThat(azure.apiVersion()).isEqualTo("2024-10-21");
        assertThat(azure.options()).isEqualTo(Map.of("deployment", "gpt4o-eu"));
        String json = Json.compact(EffectiveRoutes.json(r));
        assertThat(json).doesNotContain("not-real").contains("${secret:providers/openai}");
    }

    @Test
    void theJsonFormReadsBackToTheSameRoute() {
        EffectiveRoute r = resolve("chat", "prod");
        assertThat(EffectiveRoutes.read(EffectiveRoutes.json(r))).isEqualTo(r);
    }

    @Test
    void anUnknownAliasIsNotFound() {
        assertThatThrownBy(() -> resolve("nope", "prod"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no route 'nope' in acme:prod (no entry routes/nope)");
    }

    @Test
    void aStoredRouteThatBreaksItsOwnRulesIsAValidationFailure() {
        ScopeValues values = new ScopeValues() {
            public String scope() {
                return "t:prod";
            }

            public long revision() {
                return 3;
            }

            public Optional<Entry> read(String path) {
                return Optional.of(new Entry(Format.YAML.read("{targets: [{model: models/x, weight: 2.5}]}"), "t:base", 2));
            }
        };
        assertThatThrownBy(() -> RouteResolver.resolve("chat", values))
                .isInstanceOf(io.llmcm.core.ValidationException.class)
                .hasMessage("validation failed: t:prod routes/chat /targets/0/weight: weight must be a whole number, got 2.5");
    }

    @Test
    void aLoopInDataWrittenBeforeTheSchemaIsShownNotFollowed() {
        // values the check never saw (no binding in the scope): explain still answers, naming the problem
        ScopeValues values = new ScopeValues() {
            final Map<String, String> docs = Map.of(
                    "routes/a", "{targets: [{model: models/x}], fallbacks: [{route: b}]}",
                    "routes/b", "{targets: [{model: models/x}], fallbacks: [{route: a}, {route: gone}]}",
                    "models/x", "{provider: openai, model: gpt-4o}");

            public String scope() {
                return "t:prod";
            }

            public long revision() {
                return 7;
            }

            public Optional<Entry> read(String path) {
                return Optional.ofNullable(docs.get(path)).map(d -> new Entry(Format.YAML.read(d), "t:prod", 7));
            }
        };
        EffectiveRoute r = RouteResolver.resolve("a", values);
        assertThat(r.steps()).hasSize(2);
        assertThat(r.problems()).containsExactly(
                "fallback cycle: a → b → a; not followed again",
                "fallback route gone does not exist in t:prod (no entry routes/gone)");
        assertThat(List.of(r.steps().get(1).via())).containsExactly(List.of("b"));
    }
}
