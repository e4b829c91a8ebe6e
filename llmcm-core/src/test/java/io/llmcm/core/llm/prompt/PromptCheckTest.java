package io.llmcm.core.llm.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.ValidationException;
import io.llmcm.core.Violation;
import io.llmcm.core.format.Format;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.validation.Checks;
import io.llmcm.core.validation.ValidationContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The llm-prompt check: every message, exactly, and the built-in binding in a real repository. */
class PromptCheckTest {
    private static List<String> problems(String yaml) {
        return Checks.named("llm-prompt").check(Format.YAML.read(yaml), ValidationContext.NONE).stream()
                .map(v -> v.pointer() + ": " + v.message()).toList();
    }

    @Test
    void aGoodPromptPasses() {
        assertThat(problems("""
                version: 1.2.0-rc.1+build.5
                description: support agent
                variables:
                  product: {type: string, required: true, description: the product}
                  tone: {type: string, enum: [formal, casual], default: formal}
                  unused: {type: integer, default: 3}
                template: "You are a support agent for {{product}}. Be {{ tone }}. Literal \\\\{{not_a_var}}."
                variants:
                  concise: {template: "{{product}}: be brief.", weight: 30}
                  chatty:
                    weight: 20
                    messages:
                      - {role: system, content: "Agent for {{product}}"}
                      - {role: user, content: "hi"}
                """)).isEmpty();
    }

    @Test
    void everyMessage() {
        assertThat(problems("[1]")).containsExactly(": a prompt must be an object with version, variables and template (or messages)");
        assertThat(problems("{template: hi}")).containsExactly("/version: version is required: a semantic version like 1.2.0");
        assertThat(problems("{version: 1.2, template: hi}"))
                .containsExactly("/version: version must be a semantic version MAJOR.MINOR.PATCH like 1.2.0 (a string: quote it in YAML)");
        assertThat(problems("{version: 01.2.3, template: hi, colour: red, description: 4}")).containsExactly(
                "/colour: unknown field 'colour'; allowed: version, description, variables, template, messages, variants",
                "/version: version must be a semantic version MAJOR.MINOR.PATCH like 1.2.0 (a string: quote it in YAML)",
                "/description: description must be a string");
        assertThat(problems("{version: 1.0.0}")).containsExactly(": a prompt needs a template (text) or messages (chat)");
        assertThat(problems("{version: 1.0.0, template: a, messages: []}"))
                .containsExactly(": a prompt has both template and messages; give one: template (text) or messages (chat)");
        assertThat(problems("{version: 1.0.0, template: 5}")).containsExactly("/template: template must be a string");
        assertThat(problems("{version: 1.0.0, template: 'Hi {{name'}"))
                .containsExactly("/template: line 1, column 4: '{{' is not closed by '}}' (write \\{{ for a literal '{{')");
        assertThat(problems("{version: 1.0.0, template: 'Hi {{name}} {{other}} {{name}}', variables: {name: {}}}"))
                .containsExactly("/template: placeholder {{other}} is not declared in variables");
        assertThat(problems("{version: 1.0.0, messages: []}")).containsExactly("/messages: messages must be a non-empty array of {role, content}");
        assertThat(problems("""
                version: 1.0.0
                messages:
                  - hello
                  - {role: boss, content: 3, x: 1}
                  - {role: user, content: "{{who}}"}
                """)).containsExactly(
                "/messages/0: a message must be an object {role, content}",
                "/messages/1/x: unknown field 'x' in a message; allowed: role, content",
                "/messages/1/role: role must be one of system, developer, user, assistant, tool",
                "/messages/1/content: content must be a string");
        assertThat(problems("{version: 1.0.0, messages: [{role: user, content: '{{who}}'}]}"))
                .containsExactly("/messages/0/content: placeholder {{who}} is not declared in variables");
        assertThat(problems("""
                version: 1.0.0
                template: hi
                variables: {n: {type: integer, default: many}}
                variants:
                  default: {template: x, weight: 1}
                  "bad name": {template: x, weight: 1}
                  a: {template: "{{zz}}", weight: 70, extra: 1}
                  b: {template: x, weight: 101}
                  c: {template: x}
                  d: {template: x, weight: 60}
                  e: 3
                """)).containsExactly(
                "/variables/n/default: variable 'n': default must be an integer (type integer), got a string",
                "/variants/default: 'default' is the name of the top-level template's variant; give this variant another name",
                "/variants/bad name: variant name 'bad name' is not valid: expected letters, digits, '_', '.' and '-' (at most 64)",
                "/variants/a/extra: variant 'a': unknown field 'extra'; allowed: template, messages, weight",
                "/variants/b/weight: variant 'b': weight must be an integer from 0 to 100 (the percentage of keys it gets)",
                "/variants/c/weight: variant 'c': weight must be an integer from 0 to 100 (the percentage of keys it gets)",
                "/variants/e: variant 'e' must be an object {template or messages, weight}");
        assertThat(problems("{version: 1.0.0, template: x, variants: {a: {template: x, weight: 70}, b: {template: x, weight: 40}}}"))
                .containsExactly("/variants: variant weights add up to 110; at most 100 (they are percentages; the default variant gets the rest)");
        assertThat(problems("{version: 1.0.0, template: x, variants: {a: {template: '{{q}}', weight: 70}}}"))
                .containsExactly("/variants/a/template: placeholder {{q}} is not declared in variables");
        assertThat(problems("{version: 1.0.0, template: x, variants: [1]}"))
                .containsExactly("/variants: variants must be an object: variant name → {template or messages, weight}");
    }

    @Test
    void theBuiltInBindingRefusesABadPromptAndStoresNothing() {
        try (Repository r = PromptFixtures.repo("prompts")) {
            PromptFixtures.putYaml(r, "acme", "base", "prompts/support", "{version: 1.0.0, template: 'Hi {{name}}', variables: {name: {}}}");
            long before = r.revision();
            assertThatThrownBy(() -> PromptFixtures.putYaml(r, "acme", "prod", "prompts/support", "{template: 'Hi {{nam}}'}"))
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        // once per scope whose effective value breaks: prod, and edge below it
                        assertThat(e.violations()).extracting(Violation::where).containsExactly("acme:prod prompts/support (also acme:edge)");
                        assertThat(e.violations()).extracting(Violation::pointer, Violation::message).containsOnly(
                                org.assertj.core.groups.Tuple.tuple("/template", "placeholder {{nam}} is not declared in variables"));
                    });
            assertThat(r.revision()).isEqualTo(before);
            // outside prompts/** the check does not apply
            PromptFixtures.putYaml(r, "acme", "base", "notes/free", "{template: '{{whatever'}");
        }
    }
}
