package io.llmcm.core.llm.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.ValidationException;
import io.llmcm.core.format.Format;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.validation.Checks;
import io.llmcm.core.validation.ValidationContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The config-template check: every message, exactly; extends followed in the scope; cycles and depth. */
class ConfigTemplateCheckTest {
    private static List<String> problems(String yaml) {
        return Checks.named("config-template").check(Format.YAML.read(yaml), ValidationContext.NONE).stream()
                .map(v -> v.pointer() + ": " + v.message()).toList();
    }

    @Test
    void everyMessageOfOneDocument() {
        assertThat(problems("[1]")).containsExactly(": a configuration template must be an object with version, variables and entries");
        assertThat(problems("{entries: {a: 1}}")).containsExactly("/version: version is required: a semantic version like 1.2.0");
        assertThat(problems("{version: '1', entries: {a: 1}, x: 1, description: []}")).containsExactly(
                "/x: unknown field 'x'; allowed: version, description, extends, shared_with, variables, entries",
                "/version: version must be a semantic version MAJOR.MINOR.PATCH like 1.2.0 (a string: quote it in YAML)",
                "/description: description must be a string");
        assertThat(problems("{version: 1.0.0}"))
                .containsExactly("/entries: entries is required (unless the template extends another): key path template → value");
        assertThat(problems("{version: 1.0.0, entries: [1]}")).containsExactly("/entries: entries must be an object: key path template → value");
        assertThat(problems("{version: 1.0.0, entries: {a: 1}, extends: 'Bad Name'}"))
                .containsExactly("/extends: extends must name another template: NAME, TENANT:NAME or builtin/NAME");
        assertThat(problems("{version: 1.0.0, entries: {a: 1}, shared_with: beta}"))
                .containsExactly("/shared_with: shared_with must be an array of tenant names, or [\"*\"] for every tenant");
        assertThat(problems("{version: 1.0.0, entries: {a: 1}, shared_with: [beta, Beta, 3]}")).containsExactly(
                "/shared_with/1: shared_with entry 1 must be a tenant name (lower-case letters, digits and '-') or \"*\"",
                "/shared_with/2: shared_with entry 2 must be a tenant name (lower-case letters, digits and '-') or \"*\"");
        assertThat(problems("{version: 1.0.0, entries: {a: 1}, variables: [1]}"))
                .containsExactly("/variables: variables must be an object: variable name → {type, enum, default, required, description, from}");
        assertThat(problems("""
                version: 1.0.0
                variables: {n: {type: integer, from: nowhere}}
                entries:
                  "models/{{a b}}": 1
                  "models/{{n}} x": 1
                  "models/ok": {v: "{{unclosed", w: ["{{n}}", "{{ghost}}"]}
                """)).containsExactly(
                "/variables/n/from: variable 'n': from must be environment, tenant or config:<path> (a key path, optionally #/pointer)",
                "/entries/models~1{{a b}}: entry path: line 1, column 8: '{{a b}}' is not a variable; expected a name like {{product}}"
                        + " (letters, digits, '_' and '.', not starting with a digit), or \\{{ for a literal '{{'",
                "/entries/models~1{{n}} x: entry path 'models/{{n}} x' does not make a key path: segments of letters, digits, '_', '.' and '-' separated by '/'",
                "/entries/models~1ok/v: line 1, column 1: '{{' is not closed by '}}' (write \\{{ for a literal '{{')");
        assertThat(problems("""
                version: 1.0.0
                variables: {n: {type: integer}}
                entries: {"models/ok": {w: ["{{n}}", "{{ghost}}"]}}
                """)).containsExactly("/entries/models~1ok/w/1: placeholder {{ghost}} is not declared in variables");
        assertThat(problems("{version: 1.0.0, extends: builtin/nope}"))
                .containsExactly("/extends: this template extends builtin/nope, which does not exist (built-in templates: chat-service, rag-pipeline, gateway-fallbacks)");
        assertThat(problems("{version: 1.0.0, extends: builtin/chat-service, entries: {'x/{{nope}}': 1}}"))
                .containsExactly("/entries/x~1{{nope}}: placeholder {{nope}} is not declared in variables (nor in the templates it extends)");
        assertThat(problems("{version: 1.0.0, extends: builtin/chat-service, variables: {max_tokens: {default: lots}}}"))
                .containsExactly("/variables/max_tokens/default: variable 'max_tokens': default must be an integer (type integer), got a string");
        assertThat(problems("{version: 1.0.0, extends: other-tenant:base}")).as("another tenant's template is checked at instantiation").isEmpty();
    }

    @Test
    void extendsIsFollowedInTheScopeAndCyclesAndDepthAreRefused() {
        try (Repository r = TemplateFixtures.repo()) {
            TemplateFixtures.put(r, "acme", "base", "templates/a", "{version: 1.0.0, entries: {x/a: 1}}");
            TemplateFixtures.put(r, "acme", "base", "templates/b", "{version: 1.0.0, extends: a, entries: {x/b: 1}}");
            assertThatThrownBy(() -> TemplateFixtures.put(r, "acme", "base", "templates/a", "{version: 1.1.0, extends: b, entries: {x/a: 1}}"))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(v -> v.pointer() + ": " + v.message())
                            .contains("/extends: extends makes a cycle: this template → b → a → b"));
            assertThatThrownBy(() -> TemplateFixtures.put(r, "acme", "base", "templates/c", "{version: 1.0.0, extends: missing}"))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(v -> v.pointer() + ": " + v.message())
                            .containsOnly("/extends: this template extends missing, which does not exist"));
            for (int i = 1; i <= 7; i++) {
                TemplateFixtures.put(r, "acme", "base", "templates/d" + i, "{version: 1.0.0, " + (i == 1 ? "" : "extends: d" + (i - 1) + ", ") + "entries: {x/d" + i + ": 1}}");
            }
            TemplateFixtures.put(r, "acme", "base", "templates/d8", "{version: 1.0.0, extends: d7}"); // 8 deep: fine
            assertThatThrownBy(() -> TemplateFixtures.put(r, "acme", "base", "templates/d9", "{version: 1.0.0, extends: d8}"))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(v -> v.pointer() + ": " + v.message())
                            .containsOnly("/extends: extends goes deeper than 8 templates: this template → d8 → d7 → d6 → d5 → d4 → d3 → d2 → …"));
        }
    }
}
