package io.llmcm.core.llm.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.Violation;
import io.llmcm.core.format.Format;
import io.llmcm.core.validation.ValidationContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rejection of {@code llm-route}, with its exact pointer and message. */
class RouteCheckTest {
    private static final RouteCheck CHECK = new RouteCheck();

    /** A scope with two deployments, the secret one of them needs, and routes/chat being checked. */
    private static MapContext scope() {
        return new MapContext("routes/chat")
                .with("models/openai/gpt-4o", "{provider: openai, model: gpt-4o, endpoint: 'https://api.openai.com/v1', api_key: '${secret:providers/openai}'}")
                .with("models/anthropic/claude-sonnet", "{provider: anthropic, model: claude-sonnet-4-20250514, api_key: '${secret:providers/anthropic}'}")
                .secret("providers/openai")
                .secret("providers/anthropic");
    }

    private static List<String> check(String yaml, ValidationContext ctx) {
        return CHECK.check(Format.YAML.read(yaml), ctx).stream().map(v -> v.pointer() + ": " + v.message()).toList();
    }

    @Test
    void aCompleteRouteIsAccepted() {
        String route = """
                targets:
                  - {model: models/openai/gpt-4o, weight: 80}
                  - {model: models/anthropic/claude-sonnet, weight: 20}
                fallbacks: [{model: models/anthropic/claude-sonnet}]
                retry: {attempts: 2, backoff_ms: 200, max_backoff_ms: 2000, on: [rate_limit, timeout]}
                timeout_ms: 30000
                fallback_on: {errors: [rate_limit, server_error], latency_ms_above: 8000}
                budgets: {tokens_per_minute: 200000, tokens_per_day: 5000000, requests_per_minute: 600}
                cost_tracking: {enabled: true, sink: webhook, url: 'https://costs.example/hook', tags: {team: support}}
                """;
        assertThat(check(route, scope())).isEmpty();
        Route r = RouteDocuments.parse(Format.YAML.read(route)).route();
        assertThat(r.retry()).isEqualTo(new RetryPolicy(2, 200, 2000, java.util.Set.of(ErrorClass.RATE_LIMIT, ErrorClass.TIMEOUT)));
        assertThat(r.fallbackOn().latencyMsAbove()).isEqualTo(8000);
        assertThat(r.costTracking().tags()).containsEntry("team", "support");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty route                | {}                                                                              | : the route is empty: give at least one target, e.g. targets: [{model: models/openai/gpt-4o}]
            no targets                 | {targets: []}                                                                   | /targets: a route needs at least one target: [{model: <deployment path>, weight: <n>}]
            negative weight            | {targets: [{model: models/openai/gpt-4o, weight: -1}]}                           | /targets/0/weight: weight must be between 0 and 1000000, got -1
            non-integer weight         | {targets: [{model: models/openai/gpt-4o, weight: 2.5}]}                          | /targets/0/weight: weight must be a whole number, got 2.5
            weight not a number        | {targets: [{model: models/openai/gpt-4o, weight: '80'}]}                         | /targets/0/weight: weight must be a whole number
            all weights zero           | {targets: [{model: models/openai/gpt-4o, weight: 0}, {model: models/anthropic/claude-sonnet, weight: 0}]} | /targets: the weights sum to 0: at least one target needs a positive weight
            some weighted, some not    | {targets: [{model: models/openai/gpt-4o, weight: 3}, {model: models/anthropic/claude-sonnet}]} | /targets/1: weight is missing while other targets have one: give every target a weight, or none (equal shares)
            duplicate target           | {targets: [{model: models/openai/gpt-4o}, {model: models/openai/gpt-4o}]}       | /targets/1/model: deployment models/openai/gpt-4o is already target /targets/0; list each target once
            target without model       | {targets: [{weight: 1}]}                                                         | /targets/0/model: model is missing: the path of a deployment entry, e.g. models/openai/gpt-4o
            retry attempts above 10    | {targets: [{model: models/openai/gpt-4o}], retry: {attempts: 11}}               | /retry/attempts: attempts must be between 0 and 10, got 11
            retry attempts negative    | {targets: [{model: models/openai/gpt-4o}], retry: {attempts: -1}}               | /retry/attempts: attempts must be between 0 and 10, got -1
            retry without attempts     | {targets: [{model: models/openai/gpt-4o}], retry: {backoff_ms: 10}}             | /retry/attempts: attempts is missing: how many times to retry a target, 0 to 10
            backoff above its maximum  | {targets: [{model: models/openai/gpt-4o}], retry: {attempts: 1, backoff_ms: 500, max_backoff_ms: 100}} | /retry/max_backoff_ms: max_backoff_ms 100 is below backoff_ms 500
            unknown error class        | {targets: [{model: models/openai/gpt-4o}], retry: {attempts: 1, on: [timeout, rate_limted]}} | /retry/on/1: unknown error class; known: rate_limit, timeout, connection_error, server_error, context_length_exceeded, content_filter, auth_error, invalid_request
            zero timeout               | {targets: [{model: models/openai/gpt-4o}], timeout_ms: 0}                       | /timeout_ms: timeout_ms must be more than 0, got 0
            negative timeout           | {targets: [{model: models/openai/gpt-4o}], timeout_ms: -5}                      | /timeout_ms: timeout_ms must be more than 0, got -5
            zero latency threshold     | {targets: [{model: models/openai/gpt-4o}], fallback_on: {latency_ms_above: 0}}  | /fallback_on/latency_ms_above: latency_ms_above must be more than 0, got 0
            zero token budget          | {targets: [{model: models/openai/gpt-4o}], budgets: {tokens_per_minute: 0}}     | /budgets/tokens_per_minute: tokens_per_minute must be more than 0, got 0
            negative request budget    | {targets: [{model: models/openai/gpt-4o}], budgets: {requests_per_minute: -3}}  | /budgets/requests_per_minute: requests_per_minute must be more than 0, got -3
            fractional day budget      | {targets: [{model: models/openai/gpt-4o}], budgets: {tokens_per_day: 1.5}}      | /budgets/tokens_per_day: tokens_per_day must be a whole number, got 1.5
            fallback with both         | {targets: [{model: models/openai/gpt-4o}], fallbacks: [{model: models/openai/gpt-4o, route: small}]} | /fallbacks/0: a fallback names either model or route, not both
            fallback with neither      | {targets: [{model: models/openai/gpt-4o}], fallbacks: [{}]}                     | /fallbacks/0: a fallback needs model (a deployment path) or route (another route's alias)
            duplicate fallback         | {targets: [{model: models/openai/gpt-4o}], fallbacks: [{model: models/anthropic/claude-sonnet}, {model: models/anthropic/claude-sonnet}]} | /fallbacks/1: this fallback repeats /fallbacks/0; list each fallback once
            webhook without url        | {targets: [{model: models/openai/gpt-4o}], cost_tracking: {sink: webhook}}      | /cost_tracking/url: the webhook sink needs url: where cost records are posted
            url with the events sink   | {targets: [{model: models/openai/gpt-4o}], cost_tracking: {url: 'https://x.example'}} | /cost_tracking/url: url is only used by the webhook sink; set sink: webhook or remove url
            unknown field              | {targets: [{model: models/openai/gpt-4o}], timeout: 5}                          | /timeout: unknown field 'timeout'; allowed: budgets, cost_tracking, fallback_on, fallbacks, retry, targets, timeout_ms
            """)
    void aMalformedRouteIsRejectedWithThePointerAndWhy(String name, String route, String expected) {
        assertThat(check(route, scope())).containsExactly(expected.strip());
    }

    @Test
    void aRouteFallingBackToItselfIsRejected() {
        assertThat(check("{targets: [{model: models/openai/gpt-4o}], fallbacks: [{route: chat}]}", scope()))
                .containsExactly("/fallbacks/0/route: route chat falls back to itself");
    }

    @Test
    void anUnknownRouteAliasIsRejected() {
        assertThat(check("{targets: [{model: models/openai/gpt-4o}], fallbacks: [{model: models/anthropic/claude-sonnet}, {route: nope}]}", scope()))
                .containsExactly("/fallbacks/1/route: route nope does not exist in this scope (no entry routes/nope)");
    }

    @Test
    void aCycleThroughAnotherRouteShowsTheCycleFromThisRoute() {
        MapContext ctx = scope()
                .with("routes/small", "{targets: [{model: models/anthropic/claude-sonnet}], fallbacks: [{route: chat}]}");
        String chat = "{targets: [{model: models/openai/gpt-4o}], fallbacks: [{route: small}]}";
        ctx.with("routes/chat", chat);
        assertThat(check(chat, ctx)).containsExactly("/fallbacks/0/route: fallback cycle: chat → small → chat");
        // the other route of the cycle sees the same cycle from its side
        assertThat(check("{targets: [{model: models/anthropic/claude-sonnet}], fallbacks: [{route: chat}]}", ctx.at("routes/small")))
                .containsExactly("/fallbacks/0/route: fallback cycle: small → chat → small");
    }

    @Test
    void aFallbackLeadingIntoACycleElsewhereIsRejected() {
        MapContext ctx = scope()
                .with("routes/a", "{targets: [{model: models/openai/gpt-4o}], fallbacks: [{route: b}]}")
                .with("routes/b", "{targets: [{model: models/openai/gpt-4o}], fallbacks: [{route: a}]}");
        assertThat(check("{targets: [{model: models/openai/gpt-4o}], fallbacks: [{route: a}]}", ctx))
                .containsExactly("/fallbacks/0/route: fallback route a leads into a cycle: a → b → a");
    }

    @Test
    void aChainOfRoutesThatEndsIsAccepted() {
        MapContext ctx = scope()
                .with("routes/small", "{targets: [{model: models/anthropic/claude-sonnet}], fallbacks: [{route: tiny}]}")
                .with("routes/tiny", "{targets: [{model: models/openai/gpt-4o}]}");
        assertThat(check("{targets: [{model: models/openai/gpt-4o}], fallbacks: [{route: small}, {route: tiny}]}", ctx)).isEmpty();
    }

    @Test
    void aTargetOrFallbackDeploymentThatDoesNotExistIsRejected() {
        assertThat(check("{targets: [{model: models/openai/gpt-5}], fallbacks: [{model: models/local/llama}]}", scope()))
                .containsExactly(
                        "/targets/0/model: deployment models/openai/gpt-5 does not exist in this scope",
                        "/fallbacks/0/model: deployment models/local/llama does not exist in this scope");
    }

    @Test
    void aDeploymentWhoseSecretIsMissingIsRejected() {
        MapContext ctx = scope();
        ctx.secrets.remove("providers/openai");
        ctx.with("models/bedrock/claude", "{provider: bedrock, model: x, region: us-east-1,"
                + " access_key_id: '${secret:aws/key-id}', secret_access_key: '${secret:aws/secret}'}").secret("aws/key-id");
        assertThat(check("{targets: [{model: models/openai/gpt-4o}, {model: models/bedrock/claude}]}", ctx))
                .containsExactly(
                        "/targets/0/model: deployment models/openai/gpt-4o field /api_key refers to secret providers/openai, which does not exist in this scope",
                        "/targets/1/model: deployment models/bedrock/claude field /secret_access_key refers to secret aws/secret, which does not exist in this scope");
    }

    @Test
    void aTargetThatIsASecretOrNotAnObjectIsRejected() {
        MapContext ctx = scope().secret("models/leaked").with("models/flag", "true");
        assertThat(check("{targets: [{model: models/leaked}, {model: models/flag}]}", ctx))
                .containsExactly(
                        "/targets/0/model: models/leaked holds a secret, not a deployment",
                        "/targets/1/model: models/flag is not a deployment: expected an object with provider, model and endpoint");
    }

    @Test
    void aRouteCheckedOnItsOwnOnlyChecksTheDocument() {
        assertThat(check("{targets: [{model: models/openai/gpt-5}], fallbacks: [{route: nope}]}", ValidationContext.NONE)).isEmpty();
        assertThat(check("{targets: []}", ValidationContext.NONE)).hasSize(1);
    }

    @Test
    void messagesNeverQuoteAnInlineCredential() {
        MapContext ctx = scope().with("models/inline", "{provider: openai, model: gpt-4o, api_key: 'sk-live-123456'}");
        List<Violation> v = CHECK.check(Format.YAML.read("{targets: [{model: models/inline, weight: 'sk-live-123456'}]}"), ctx);
        assertThat(v).isNotEmpty().allSatisfy(x -> assertThat(x.message()).doesNotContain("sk-live"));
    }
}
