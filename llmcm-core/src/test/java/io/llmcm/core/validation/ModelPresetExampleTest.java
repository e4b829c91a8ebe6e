package io.llmcm.core.validation;

import static io.llmcm.core.validation.Fixtures.compile;
import static io.llmcm.core.validation.Fixtures.json;
import static io.llmcm.core.validation.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.Violation;
import io.llmcm.core.model.Rule;
import org.junit.jupiter.api.Test;

/** The product's running example: a model preset with a schema and one cross-field rule. */
class ModelPresetExampleTest {
    private final CompiledSchema preset = compile(Fixtures.MODEL_PRESET, Fixtures.MAX_TOKENS_RULE);

    @Test
    void sensiblePresetIsAccepted() {
        assertThat(preset.validate(json("""
                {"model":"gpt-4o","temperature":0.7,"max_tokens":4096,"context_window":128000}"""))).isEmpty();
    }

    @Test
    void maxTokensAboveContextWindowBreaksTheRule() {
        assertThat(preset.validate(json("""
                {"model":"gpt-4o","temperature":0.7,"max_tokens":200000,"context_window":128000}""")))
                .containsExactly(new Violation("", "/max_tokens", "max_tokens must not exceed context_window", "rule presets#0"));
    }

    @Test
    void temperatureAboveTwoIsASchemaError() {
        assertThat(lines(preset.validate(json("""
                {"model":"gpt-4o","temperature":2.5,"max_tokens":10,"context_window":100}"""))))
                .containsExactly("/temperature: must be at most 2 (got 2.5)");
    }

    @Test
    void schemaAndRuleProblemsAreReportedTogether() {
        assertThat(preset.validate(json("""
                {"model":"gpt-4o","temperature":-1,"max_tokens":500,"context_window":100}""")))
                .extracting(Violation::source, Violation::pointer)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("schema presets", "/temperature"),
                        org.assertj.core.groups.Tuple.tuple("rule presets#0", "/max_tokens"));
    }

    @Test
    void missingContextWindowTellsTheAuthorToGuardTheField() {
        assertThat(preset.validate(json("{\"model\":\"gpt-4o\",\"max_tokens\":500}"))).singleElement().satisfies(v -> {
            assertThat(v.message()).startsWith("rule could not be evaluated: key 'context_window' is not present in map")
                    .endsWith("guard optional fields with has(self.field)");
            assertThat(v.pointer()).isEqualTo("/max_tokens");
        });
    }

    @Test
    void guardedRuleAcceptsPresetsWithoutAContextWindow() {
        CompiledSchema guarded = compile(Fixtures.MODEL_PRESET, new Rule(
                "!has(self.context_window) || !has(self.max_tokens) || self.max_tokens <= self.context_window",
                "max_tokens must not exceed context_window", "/max_tokens"));
        assertThat(guarded.validate(json("{\"model\":\"gpt-4o\",\"max_tokens\":500}"))).isEmpty();
        assertThat(guarded.validate(json("{\"model\":\"m\",\"max_tokens\":500,\"context_window\":100}"))).hasSize(1);
    }

    @Test
    void integralDecimalMaxTokensStillComparesWithAnIntegerWindow() {
        // "max_tokens": 100.0 is a valid integer for JSON Schema and a double for CEL
        assertThat(preset.validate(json("{\"model\":\"m\",\"max_tokens\":100.0,\"context_window\":100}"))).isEmpty();
        assertThat(preset.validate(json("{\"model\":\"m\",\"max_tokens\":100.0,\"context_window\":99}"))).hasSize(1);
    }
}
