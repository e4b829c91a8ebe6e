package io.llmcm.core.validation;

import static io.llmcm.core.validation.Fixtures.json;
import static io.llmcm.core.validation.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.Violation;
import io.llmcm.core.model.Rule;
import io.llmcm.core.model.SchemaBinding;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The {@code catalog} variable of rules, and messageExpression. */
class CatalogRulesTest {
    private static final Rule WINDOW = new Rule(
            "!(self.model in catalog) || self.max_tokens <= catalog[self.model].context_window",
            "max_tokens is above the context window",
            "/max_tokens",
            "'max_tokens ' + string(self.max_tokens) + ' is above the ' + string(catalog[self.model].context_window)"
                    + " + '-token context window of ' + self.model");

    private static CompiledSchema compile(Rule... rules) {
        return CompiledSchema.compile(new SchemaBinding("acme", "presets", "models/**", null, List.of(rules)));
    }

    /** A scope whose llm/catalog holds {@code overrides}. */
    private static ValidationContext scope(String overrides) {
        JsonNode o = overrides == null ? null : json(overrides);
        return new ValidationContext() {
            public String tenant() {
                return "acme";
            }

            public String env() {
                return "prod";
            }

            public String service() {
                return "";
            }

            public JsonNode config(String path) {
                return path.equals("llm/catalog") ? o : null;
            }

            public boolean hasSecret(String path) {
                return false;
            }
        };
    }

    @Test
    void theShippedCatalogIsSeenWithoutAScope() {
        CompiledSchema s = compile(WINDOW);
        assertThat(s.validate(json("{\"model\":\"gpt-4o\",\"max_tokens\":1000}"))).isEmpty();
        assertThat(lines(s.validate(json("{\"model\":\"gpt-4o\",\"max_tokens\":200000}"))))
                .containsExactly("/max_tokens: max_tokens 200000 is above the 128000-token context window of gpt-4o");
        assertThat(s.validate(json("{\"model\":\"my-own\",\"max_tokens\":200000}"))).isEmpty();
    }

    @Test
    void aScopesOverridesAreLaidOverTheShippedCatalog() {
        CompiledSchema s = compile(WINDOW);
        JsonNode value = json("{\"model\":\"gpt-4o\",\"max_tokens\":100000}");
        assertThat(s.validate(value, scope(null))).isEmpty();
        assertThat(lines(s.validate(value, scope("{\"models\":{\"gpt-4o\":{\"context_window\":64000}}}"))))
                .containsExactly("/max_tokens: max_tokens 100000 is above the 64000-token context window of gpt-4o");
        // an override that removes the model makes it unknown, which passes
        assertThat(s.validate(value, scope("{\"models\":{\"gpt-4o\":null}}"))).isEmpty();
        // a model added by the override is known
        assertThat(lines(s.validate(json("{\"model\":\"acme-7b\",\"max_tokens\":9000}"),
                        scope("{\"models\":{\"acme-7b\":{\"provider\":\"local\",\"context_window\":8192}}}"))))
                .containsExactly("/max_tokens: max_tokens 9000 is above the 8192-token context window of acme-7b");
        // an override of the wrong shape leaves the shipped catalog
        assertThat(s.validate(value, scope("{\"models\":[1]}"))).isEmpty();
        assertThat(s.validate(value, scope("\"nonsense\""))).isEmpty();
    }

    @Test
    void aBindingThatReadsTheCatalogReadsItsScopeAndTheCatalogEntry() {
        CompiledSchema reads = compile(WINDOW);
        assertThat(reads.readsCatalog()).isTrue();
        assertThat(reads.readsContext()).isTrue();
        assertThat(reads.readsEntry("llm/catalog")).isTrue();
        assertThat(reads.readsEntry("models/x")).isFalse();
        assertThat(reads.readsOtherEntries()).isFalse();
        CompiledSchema plain = compile(new Rule("self.max_tokens > 0", "", ""));
        assertThat(plain.readsCatalog()).isFalse();
        assertThat(plain.readsContext()).isFalse();
        assertThat(plain.readsEntry("llm/catalog")).isFalse();
        // naming it in the messageExpression alone counts too
        assertThat(compile(new Rule("self.max_tokens > 0", "", "", "string(size(catalog))")).readsCatalog()).isTrue();
    }

    @Test
    void messageExpressionFallsBackToTheMessageWhenItCannotBeEvaluated() {
        Rule r = new Rule("self.n < 10", "n is too large", "/n", "'n ' + string(self.n) + ' is above ' + string(self.limit)");
        assertThat(lines(compile(r).validate(json("{\"n\":12,\"limit\":10}")))).containsExactly("/n: n 12 is above 10");
        assertThat(lines(compile(r).validate(json("{\"n\":12}")))).containsExactly("/n: n is too large");
        // a dynamic result that is not a string, or a blank one, falls back as well
        Rule notString = new Rule("self.n < 10", "n is too large", "/n", "self.n");
        assertThat(lines(compile(notString).validate(json("{\"n\":12}")))).containsExactly("/n: n is too large");
        Rule blank = new Rule("self.n < 10", "", "/n", "self.note");
        assertThat(lines(compile(blank).validate(json("{\"n\":12,\"note\":\"  \"}")))).containsExactly("/n: rule failed: self.n < 10");
    }

    @Test
    void messageExpressionIsFoldedToOneLineAndOnlyRunsOnFailure() {
        Rule r = new Rule("self.n < 10", "", "", "'first\\nsecond'");
        assertThat(compile(r).validate(json("{\"n\":12}"))).extracting(Violation::message).containsExactly("first second");
        Rule failing = new Rule("self.n < 10", "", "", "string(1 / (self.n - self.n))");
        assertThat(compile(failing).validate(json("{\"n\":1}"))).isEmpty();
    }

    @Test
    void aMessageExpressionThatIsNotAStringIsRefusedWhenCompiled() {
        assertThatThrownBy(() -> compile(new Rule("self.n < 10", "", "", "self.n < 3")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("schema binding 'presets' of tenant 'acme': rule #1 (self.n < 10): messageExpression:"
                        + " messageExpression returns bool, but a messageExpression must return string");
        assertThatThrownBy(() -> compile(new Rule("self.n < 10", "", "", "'a' +")))
                .hasMessageStartingWith("schema binding 'presets' of tenant 'acme': rule #1 (self.n < 10): messageExpression: ");
    }

    @Test
    void theExampleOfDocsLlmMdWorks() {
        SchemaBinding b = SchemaDocuments.parse("acme", "presets", io.llmcm.core.format.Format.YAML.read("""
                pattern: presets/**
                rules:
                  - rule: "!(self.model in catalog) || !has(catalog[self.model].max_output_tokens) || self.max_tokens <= catalog[self.model].max_output_tokens"
                    message: max_tokens is above the model's output limit
                    messageExpression: "'max_tokens ' + string(self.max_tokens) + ' is above the ' + string(catalog[self.model].max_output_tokens) + '-token output limit of ' + self.model"
                    pointer: /max_tokens
                  - rule: "!(self.model in catalog) || catalog[self.model].tool_calling || !has(self.tools)"
                    message: this model does not call tools
                """), null);
        CompiledSchema s = CompiledSchema.compile(b);
        assertThat(s.validate(json("{\"model\":\"gpt-4o\",\"max_tokens\":1000,\"tools\":[]}"))).isEmpty();
        assertThat(lines(s.validate(json("{\"model\":\"text-embedding-3-small\",\"max_tokens\":1,\"tools\":[]}"))))
                .containsExactly(": this model does not call tools");
        assertThat(lines(s.validate(json("{\"model\":\"claude-opus-4-20250514\",\"max_tokens\":40000}"))))
                .containsExactly("/max_tokens: max_tokens 40000 is above the 32000-token output limit of claude-opus-4-20250514");
    }

    @Test
    void theCatalogIsAMapOfModelFields() {
        CompiledSchema s = compile(new Rule(
                "catalog['gpt-4o'].provider == 'openai' && catalog['gpt-4o'].tool_calling"
                        + " && 'image' in catalog['gpt-4o'].modalities && !has(catalog['text-embedding-3-small'].max_output_tokens)",
                "", ""));
        assertThat(s.validate(json("{}"))).isEmpty();
    }
}
