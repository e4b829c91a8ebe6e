package io.llmcm.core.llm.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.NotFoundException;
import io.llmcm.core.ValidationException;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Rendering stored prompts: variables, chat messages, versions from history, A/B variants. */
class PromptRendererTest {
    private static final Scope PROD = Scope.of("acme", "prod");

    private static Map<String, JsonNode> vars(String json) {
        Map<String, JsonNode> m = new HashMap<>();
        Json.parse(json).properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private static RenderedPrompt render(Repository r, String path, String varsJson, String variant, String key, String version) {
        return new PromptRenderer(r).render(new RenderRequest(PROD, path, vars(varsJson), variant, key, version));
    }

    @Test
    void rendersTextAndChatWithDefaultsAndTypedValues() {
        try (Repository r = PromptFixtures.repo("prompts")) {
            long rev = PromptFixtures.putYaml(r, "acme", "base", "prompts/support", """
                    version: 1.0.0
                    variables:
                      product: {type: string, required: true}
                      tone: {enum: [formal, casual], default: formal}
                      max_items: {type: integer, default: 5}
                      topics: {type: array}
                    template: "Agent for {{product}} ({{tone}}), {{max_items}} items on {{topics}}. Literal \\\\{{x}}."
                    """).revision();
            RenderedPrompt p = render(r, "prompts/support", "{\"product\":\"Acme {{tone}}\",\"topics\":[\"a\",\"b\"]}", null, null, null);
            assertThat(p.text()).isEqualTo("Agent for Acme {{tone}} (formal), 5 items on a, b. Literal {{x}}.");
            assertThat(p.variant()).isEqualTo("default");
            assertThat(p.version()).isEqualTo("1.0.0");
            assertThat(p.revision()).isEqualTo(rev);

            PromptFixtures.putYaml(r, "acme", "base", "prompts/chat", """
                    version: 2.0.0
                    variables: {user: {required: true}}
                    messages:
                      - {role: system, content: "You help {{user}}."}
                      - {role: user, content: "Hello"}
                    """);
            RenderedPrompt c = render(r, "prompts/chat", "{\"user\":\"Zoë\"}", null, null, null);
            assertThat(c.text()).isNull();
            assertThat(c.messages()).containsExactly(new RenderedPrompt.Message("system", "You help Zoë."), new RenderedPrompt.Message("user", "Hello"));

            assertThatThrownBy(() -> render(r, "prompts/support", "{\"tone\":\"rude\",\"extra\":1}", null, null, null))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(v -> v.message() + " [" + v.source() + "]")
                            .containsExactly(
                                    "variable 'product' is required but was not given [prompt prompts/support]",
                                    "variable 'tone' must be one of formal, casual [prompt prompts/support]",
                                    "variable 'topics' is used by the template but has no value: it was not given and has no default [prompt prompts/support]",
                                    "variable 'extra' was given but is not declared [prompt prompts/support]"));
            assertThatThrownBy(() -> render(r, "prompts/none", "{}", null, null, null))
                    .isInstanceOf(NotFoundException.class).hasMessage("no prompt at 'prompts/none' in acme:prod");
        }
    }

    @Test
    void aVersionIsFoundInHistoryAtTheScopesLayers() {
        try (Repository r = PromptFixtures.repo("prompts")) {
            long v1 = PromptFixtures.putYaml(r, "acme", "base", "prompts/p", "{version: 1.0.0, template: one}").revision();
            long v2 = PromptFixtures.putYaml(r, "acme", "base", "prompts/p", "{version: 1.1.0, template: two}").revision();
            // a prod override with its own version: only prod's view ever had 2.0.0
            long v3 = PromptFixtures.putYaml(r, "acme", "prod", "prompts/p", "{version: 2.0.0, template: three}").revision();
            PromptFixtures.putYaml(r, "acme", "base", "prompts/p", "{version: 1.2.0, template: four}");

            assertThat(render(r, "prompts/p", "{}", null, null, null).text()).isEqualTo("three");
            RenderedPrompt old = render(r, "prompts/p", "{}", null, null, "1.0.0");
            assertThat(old.text()).isEqualTo("one");
            assertThat(old.revision()).isEqualTo(v1);
            assertThat(render(r, "prompts/p", "{}", null, null, "1.1.0").revision()).isEqualTo(v2);
            // the newest effective value with 2.0.0 is prod's override merged over base's last write
            RenderedPrompt two = render(r, "prompts/p", "{}", null, null, "2.0.0");
            assertThat(two.text()).isEqualTo("three");
            assertThat(two.revision()).isEqualTo(v3 + 1);
            assertThatThrownBy(() -> render(r, "prompts/p", "{}", null, null, "1.2.0"))
                    .as("1.2.0 was written in base but prod's view never showed it")
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("prompt prompts/p never had version 1.2.0 in acme:prod; versions found: 1.0.0, 1.1.0, 2.0.0");
            assertThat(new PromptRenderer(r).render(new RenderRequest(Scope.of("acme", "dev"), "prompts/p", Map.of(), null, null, "1.2.0")).text())
                    .isEqualTo("four");
            assertThatThrownBy(() -> render(r, "prompts/p", "{}", null, null, "v1"))
                    .hasMessage("version 'v1' is not a semantic version like 1.2.0");
        }
    }

    @Test
    void variantsByNameByStickyKeyOrTheDefault() {
        try (Repository r = PromptFixtures.repo("prompts")) {
            PromptFixtures.putYaml(r, "acme", "base", "prompts/ab", """
                    version: 1.0.0
                    template: A
                    variants:
                      b: {template: B, weight: 50}
                    """);
            assertThat(render(r, "prompts/ab", "{}", null, null, null).variant()).isEqualTo("default");
            RenderedPrompt b = render(r, "prompts/ab", "{}", "b", null, null);
            assertThat(b.text()).isEqualTo("B");
            assertThat(b.variant()).isEqualTo("b");
            assertThatThrownBy(() -> render(r, "prompts/ab", "{}", "c", null, null))
                    .isInstanceOf(NotFoundException.class).hasMessage("prompt prompts/ab has no variant 'c'; it has default, b");
            String first = render(r, "prompts/ab", "{}", null, "user-42", null).variant();
            for (int i = 0; i < 20; i++) {
                assertThat(render(r, "prompts/ab", "{}", null, "user-42", null).variant()).as("sticky").isEqualTo(first);
            }
        }
    }

    @Test
    void aFiftyFiftySplitHoldsWithinOnePercentOverAHundredThousandKeysAndIsStable() {
        PromptDocument doc = PromptDocument.of(io.llmcm.core.format.Format.YAML.read("""
                version: 1.0.0
                template: A
                variants: {b: {template: B, weight: 50}}
                """), "test");
        int b = 0;
        int n = 100_000;
        String[] first = new String[n];
        for (int i = 0; i < n; i++) {
            first[i] = VariantPicker.pick(doc, "prompts/ab", "user-" + i);
            if (first[i].equals("b")) {
                b++;
            }
        }
        assertThat(b).isBetween(49_000, 51_000);
        for (int i = 0; i < n; i++) {
            assertThat(VariantPicker.pick(doc, "prompts/ab", "user-" + i)).isEqualTo(first[i]);
        }
        // another prompt path shuffles the assignment: the buckets are per prompt
        int same = 0;
        for (int i = 0; i < 10_000; i++) {
            if (VariantPicker.pick(doc, "prompts/other", "user-" + i).equals(first[i])) {
                same++;
            }
        }
        assertThat(same).isBetween(4_000, 6_000);
    }
}
