package io.llmcm.core.llm.template;

import static io.llmcm.core.llm.template.TemplateFixtures.put;
import static io.llmcm.core.llm.template.TemplateFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.NotFoundException;
import io.llmcm.core.PermissionDeniedException;
import io.llmcm.core.ValidationException;
import io.llmcm.core.format.Format;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Rule;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Instantiating templates: typed values, sources, inheritance, sharing, schemas of the target, docs. */
class InstantiatorTest {
    private static String get(Repository r, String tenant, String env, String path) {
        return r.get(Scope.of(tenant, env), path).map(x -> x.value().toString()).orElse(null);
    }

    @Test
    void typedPlaceholdersSourcesAndOneCommitNamingTheTemplate() {
        try (Repository r = TemplateFixtures.repo()) {
            put(r, "acme", "base", "settings/llm", "{region: eu-west-1}");
            put(r, "acme", "prod", "settings/llm", "{tier: {name: gold}}");
            put(r, "acme", "base", "templates/svc", """
                    version: 2.1.0
                    description: a service
                    variables:
                      max_tokens: {type: integer, default: 1024}
                      name: {type: string, required: true}
                      env: {type: string, from: environment}
                      owner: {type: string, from: tenant}
                      region: {type: string, from: "config:settings/llm#/region"}
                      tier: {type: string, from: "config:settings/llm#/tier/name", default: bronze}
                      tags: {type: array, default: [a, b]}
                    entries:
                      "svc/{{name}}": {max_tokens: "{{max_tokens}}", label: "{{name}} in {{env}}/{{owner}} ({{region}}, {{tier}})", tags: "{{tags}}", literal: "\\\\{{x}}"}
                    """);
            Instantiator inst = new Instantiator(r);
            Instantiation dry = inst.instantiate(request("acme", "prod", "svc", "{\"name\":\"bot\"}", true));
            assertThat(dry.report().valid()).isTrue();
            assertThat(dry.commit()).isNull();
            assertThat(get(r, "acme", "prod", "svc/bot")).as("a dry run writes nothing").isNull();
            assertThat(dry.entries()).extracting(Instantiation.Entry::path).containsExactly("svc/bot");

            Instantiation done = inst.instantiate(request("acme", "prod", "svc", "{\"name\":\"bot\"}", false));
            assertThat(done.template()).isEqualTo("acme:svc");
            assertThat(done.version()).isEqualTo("2.1.0");
            assertThat(get(r, "acme", "prod", "svc/bot")).isEqualTo(
                    "{\"max_tokens\":1024,\"label\":\"bot in prod/acme (eu-west-1, gold)\",\"tags\":[\"a\",\"b\"],\"literal\":\"{{x}}\"}");
            assertThat(r.commitInfo(done.commit().revision()).orElseThrow().message()).isEqualTo("instantiate template acme:svc 2.1.0");
            assertThat(r.commitInfo(done.commit().revision()).orElseThrow().author()).isEqualTo("tester");

            // text values (--var, the environment) take the declared type; typed values win over them
            Instantiation text = inst.instantiate(new InstantiateRequest("acme", "dev", "svc", Map.of("name", Json.NODES.stringNode("t")),
                    Map.of("max_tokens", "2048", "name", "ignored"), false, "tester", "mine"));
            assertThat(text.entries().getFirst().value().get("max_tokens").isIntegralNumber()).isTrue();
            assertThat(get(r, "acme", "dev", "svc/t")).isEqualTo("{\"max_tokens\":2048,\"label\":\"t in dev/acme (eu-west-1, bronze)\",\"tags\":[\"a\",\"b\"],\"literal\":\"{{x}}\"}");
            assertThat(r.commitInfo(text.commit().revision()).orElseThrow().message()).isEqualTo("mine");

            assertThatThrownBy(() -> inst.instantiate(request("acme", "prod", "svc", "{\"max_tokens\":\"many\",\"nme\":\"x\"}", false)))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(v -> v.pointer() + ": " + v.message() + " [" + v.source() + "]")
                            .containsExactly(
                                    "/variables/max_tokens: variable 'max_tokens' must be an integer, got a string [template acme:svc]",
                                    "/variables/name: variable 'name' is required but was not given [template acme:svc]",
                                    "/variables/nme: variable 'nme' was given but is not declared [template acme:svc]"));
            assertThatThrownBy(() -> inst.instantiate(request("acme", "prod", "svc", "{\"name\":\"no good\"}", false)))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(v -> v.pointer() + ": " + v.message())
                            .containsExactly("/entries/svc~1{{name}}: entry path 'svc/{{name}}' does not render to a key path with the values of name"
                                    + " (segments of letters, digits, '_', '.' and '-' separated by '/')"));
            assertThatThrownBy(() -> inst.instantiate(request("acme", "prod", "nope", "{}", false)))
                    .isInstanceOf(NotFoundException.class).hasMessage("no template templates/nope in tenant acme or above it");
            assertThatThrownBy(() -> inst.instantiate(request("acme", "prod", "builtin/nope", "{}", false)))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("no built-in template 'nope'; built-in templates: chat-service, rag-pipeline, gateway-fallbacks");
        }
    }

    @Test
    void theTargetsSchemasValidateTheEntriesAndNothingIsWrittenWhenTheyRefuse() {
        try (Repository r = TemplateFixtures.repo()) {
            r.commit(ChangeRequest.by("test").add(new Mutation.PutSchema(new SchemaBinding("acme", "small-models", "models/**", null,
                    List.of(new Rule("self.params.max_tokens <= 4096", "params.max_tokens must be at most 4096", "/params/max_tokens"))))).build());
            Instantiator inst = new Instantiator(r);
            long before = r.revision();
            Instantiation dry = inst.instantiate(request("acme", "prod", "builtin/chat-service", "{\"max_tokens\":9000}", true));
            assertThat(dry.report().valid()).isFalse();
            assertThat(dry.report().violations()).extracting(v -> v.where() + " " + v.pointer() + ": " + v.message())
                    .anySatisfy(s -> assertThat(s).startsWith("acme:prod models/openai/chat").endsWith(" /params/max_tokens: params.max_tokens must be at most 4096"));
            assertThatThrownBy(() -> inst.instantiate(request("acme", "prod", "builtin/chat-service", "{\"max_tokens\":9000}", false)))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(v -> v.pointer() + ": " + v.message())
                            .contains("/params/max_tokens: params.max_tokens must be at most 4096"));
            assertThat(r.revision()).as("nothing written").isEqualTo(before);
            assertThat(get(r, "acme", "prod", "routes/chat")).as("not even the entry the schema does not cover").isNull();
            inst.instantiate(request("acme", "prod", "builtin/chat-service", "{\"max_tokens\":2048}", false));
            assertThat(get(r, "acme", "prod", "models/openai/chat")).contains("\"max_tokens\":2048");
        }
    }

    @Test
    void extendsMergesVariablesAndEntriesWithMergePatch() {
        try (Repository r = TemplateFixtures.repo()) {
            put(r, "global", "base", "templates/base-chat", """
                    version: 1.0.0
                    variables:
                      model: {type: string, default: gpt-4o}
                      temperature: {type: number, default: 0.7}
                    entries:
                      "models/openai/chat": {provider: openai, model: "{{model}}", params: {temperature: "{{temperature}}", top_p: 1}}
                      "notes/chat": {text: "uses {{model}}"}
                    """);
            put(r, "acme", "base", "templates/acme-chat", """
                    version: 1.1.0
                    extends: base-chat
                    variables:
                      temperature: {default: 0.2}
                      seed: {type: integer, default: 7}
                    entries:
                      "models/openai/chat": {params: {top_p: null, seed: "{{seed}}"}}
                      "notes/chat": null
                    """);
            Instantiator inst = new Instantiator(r);
            ResolvedTemplate t = inst.resolve("acme-chat", "acme-eu");
            assertThat(t.chain()).extracting(Located::display).containsExactly("acme:acme-chat", "global:base-chat");
            inst.instantiate(request("acme-eu", "prod", "acme-chat", "{}", false));
            assertThat(get(r, "acme-eu", "prod", "models/openai/chat"))
                    .isEqualTo("{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"params\":{\"temperature\":0.2,\"seed\":7}}");
            assertThat(get(r, "acme-eu", "prod", "notes/chat")).as("removed by the child").isNull();
            // a child may remove a default too (null): the entry left using the variable then needs a value
            put(r, "acme", "base", "templates/only-model", "{version: 1.0.0, extends: base-chat, entries: {\"models/openai/chat\": null}, variables: {model: {default: null}}}");
            assertThatThrownBy(() -> inst.instantiate(request("acme", "prod", "only-model", "{}", false)))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(v -> v.message())
                            .containsExactly("variable 'model' is used by the template but has no value: it was not given and has no default"));
        }
    }

    @Test
    void aTenantOutsideTheOwnersSubtreeNeedsTheTemplateSharedWithIt() {
        try (Repository r = TemplateFixtures.repo()) {
            put(r, "acme", "base", "templates/private", "{version: 1.0.0, entries: {x/a: 1}}");
            put(r, "acme", "base", "templates/shared", "{version: 1.0.0, shared_with: [beta], entries: {x/b: 2}}");
            Instantiator inst = new Instantiator(r);
            inst.instantiate(request("acme-eu", "base", "private", "{}", false)); // below the owner: fine
            assertThatThrownBy(() -> inst.instantiate(request("beta", "base", "acme:private", "{}", false)))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessage("template acme:private belongs to tenant acme, whose subtree does not hold tenant beta, and is not shared with it (shared_with)");
            assertThatThrownBy(() -> inst.instantiate(request("beta", "base", "private", "{}", false)))
                    .as("a bare name is looked up in the target's own chain").isInstanceOf(NotFoundException.class);
            Instantiation shared = inst.instantiate(request("beta", "base", "acme:shared", "{}", false));
            assertThat(shared.template()).isEqualTo("acme:shared");
            assertThat(get(r, "beta", "base", "x/b")).isEqualTo("2");
            // a template of beta's may extend acme's shared one, not its private one
            put(r, "beta", "base", "templates/mine", "{version: 1.0.0, extends: 'acme:private'}");
            assertThatThrownBy(() -> inst.instantiate(request("beta", "base", "mine", "{}", false)))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(v -> v.message())
                            .containsExactly("beta:mine extends acme:private, which is neither in tenant beta's subtree nor shared with it"));
        }
    }

    @Test
    void docsInMarkdown() {
        try (Repository r = TemplateFixtures.repo()) {
            put(r, "acme", "base", "templates/base", """
                    version: 1.0.0
                    variables: {model: {type: string, enum: [a, b], default: a, description: "the | model"}}
                    entries: {"models/x": {model: "{{model}}"}}
                    """);
            put(r, "acme", "base", "templates/doc", """
                    version: 3.0.0
                    description: Documented.
                    extends: base
                    shared_with: [beta]
                    variables: {n: {type: integer, required: true}, env: {from: environment}}
                    entries: {"models/x": {n: "{{n}}"}, "where/{{env}}": true}
                    """);
            assertThat(TemplateDocs.markdown(new Instantiator(r).resolve("doc", "acme"))).isEqualTo("""
                    # Template `acme:doc`

                    Documented.

                    - **Version:** 3.0.0
                    - **Extends:** `acme:base`
                    - **Shared with:** beta

                    ## Variables

                    | Name | Type | Default | Required | Source | Description |
                    |---|---|---|---|---|---|
                    | `model` | string (one of a, b) | `"a"` | no | — | the \\| model |
                    | `n` | integer | — | yes | — | — |
                    | `env` | string | — | no | `environment` | — |

                    ## Entries produced

                    ### `models/x`

                    ```json
                    {
                      "model": "{{model}}",
                      "n": "{{n}}"
                    }
                    ```

                    ### `where/{{env}}`

                    ```json
                    true
                    ```
                    """);
        }
    }

    /** The plan's deployment document: what every provider schema validates. */
    private static void assertDeployment(String path, JsonNode d) {
        assertThat(d.get("provider").asString()).as(path).isIn("openai", "anthropic", "gemini", "vertex", "bedrock", "azure-openai", "openai-compatible");
        assertThat(d.get("model").asString()).as(path).isNotBlank();
        assertThat(d.get("endpoint").asString()).as(path).matches("https?://[^ ]+");
        assertThat(d.get("api_key").asString()).as(path + ": a secret reference, never a key").matches("\\$\\{secret:[A-Za-z0-9_./-]+}");
        if (d.has("params")) {
            JsonNode p = d.get("params");
            assertThat(p.get("temperature").isNumber()).as(path).isTrue();
            assertThat(p.get("top_p").isNumber()).as(path).isTrue();
            assertThat(p.get("max_tokens").isIntegralNumber()).as(path).isTrue();
        }
        if (d.has("limits")) {
            d.get("limits").properties().forEach(e -> assertThat(e.getValue().isIntegralNumber()).as(path + " limits").isTrue());
        }
        assertThat(d.propertyNames()).as(path).isSubsetOf("provider", "model", "endpoint", "api_version", "api_key", "params", "limits");
    }

    @Test
    void theLibraryIsValidStorableAndMakesDeploymentsInThePlannedFormat() {
        try (Repository r = TemplateFixtures.repo()) {
            Instantiator inst = new Instantiator(r);
            Map<String, String> required = Map.of("rag-pipeline", "{\"vector_store_url\":\"postgres://db:5432/rag\"}");
            for (String name : Library.NAMES) {
                // each would pass the check as a stored template too (references and all)
                r.commit(ChangeRequest.by("test").put(io.llmcm.core.model.EntryKey.of("acme", "templates/copy-" + name, io.llmcm.core.model.Layer.BASE),
                        io.llmcm.core.model.Value.of(Library.get(name))).build());
                Instantiation i = inst.instantiate(request("acme", "prod", "builtin/" + name, required.getOrDefault(name, "{}"), false));
                assertThat(i.version()).isEqualTo("1.0.0");
                for (Instantiation.Entry e : i.entries()) {
                    if (e.path().startsWith("models/")) {
                        assertDeployment(name + " " + e.path(), e.value());
                    }
                }
                assertThat(TemplateDocs.markdown(inst.resolve("builtin/" + name, "acme"))).startsWith("# Template `builtin/" + name + "`");
            }
            JsonNode route = r.get(Scope.of("acme", "prod"), "routes/chat").orElseThrow().value().json();
            assertThat(Json.compact(route.get("fallbacks"))).isEqualTo(
                    "[{\"model\":\"models/anthropic/chat-fallback\"},{\"model\":\"models/local/chat-local\"}]");
            assertThat(route.get("timeout_ms").asInt()).isEqualTo(30000);
            JsonNode rag = r.get(Scope.of("acme", "prod"), "rag/rag").orElseThrow().value().json();
            assertThat(Json.compact(rag.get("vector_store"))).isEqualTo("{\"kind\":\"pgvector\",\"url\":\"postgres://db:5432/rag\",\"collection\":\"acme\"}");
            assertThat(rag.get("retrieval").get("top_k").asInt()).isEqualTo(5);
            assertThat(Format.YAML.write(r.get(Scope.of("acme", "prod"), "models/local/chat-local").orElseThrow().value().json()))
                    .contains("provider: \"openai-compatible\"").contains("endpoint: \"http://vllm:8000/v1\"");
        }
    }
}
