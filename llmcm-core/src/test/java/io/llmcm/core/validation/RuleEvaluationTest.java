package io.llmcm.core.validation;

import static io.llmcm.core.validation.Fixtures.compile;
import static io.llmcm.core.validation.Fixtures.json;
import static io.llmcm.core.validation.Fixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CEL rules: results, messages, sources, and how JSON values look from inside CEL. */
class RuleEvaluationTest {

    private static List<Violation> run(String expression, String value) {
        return compile(null, rule(expression)).validate(json(value));
    }

    @Test
    void trueRulePasses() {
        assertThat(run("self.a == 1", "{\"a\":1}")).isEmpty();
    }

    @Test
    void falseRuleReportsItsMessagePointerAndSource() {
        List<Violation> v = compile(null, rule("self.a == 1"), rule("self.a > 5", "a must exceed 5", "/a"))
                .validate(json("{\"a\":2}"));
        assertThat(v).containsExactly(
                new Violation("", "", "rule failed: self.a == 1", "rule presets#0"),
                new Violation("", "/a", "a must exceed 5", "rule presets#1"));
    }

    @Test
    void missingFieldIsAnEvaluationErrorWithAHint() {
        assertThat(run("self.missing > 1", "{}")).singleElement().satisfies(v -> {
            assertThat(v.message()).startsWith("rule could not be evaluated: ")
                    .contains("'missing'")
                    .contains("at column 5")
                    .endsWith("; guard optional fields with has(self.field)");
            assertThat(v.source()).isEqualTo("rule presets#0");
        });
    }

    @Test
    void hasGuardsOptionalFields() {
        assertThat(run("!has(self.stop) || size(self.stop) <= 2", "{}")).isEmpty();
        assertThat(run("!has(self.stop) || size(self.stop) <= 2", "{\"stop\":[\"a\",\"b\",\"c\"]}")).hasSize(1);
    }

    @Test
    void dynamicNonBoolResultIsReportedWhenTheRuleRuns() {
        assertThat(run("self.enabled", "{\"enabled\":\"yes\"}")).singleElement()
                .satisfies(v -> assertThat(v.message()).isEqualTo(
                        "rule could not be evaluated: the rule returned a string instead of true or false"));
        assertThat(run("self.enabled", "{\"enabled\":true}")).isEmpty();
    }

    @Test
    void evaluationErrorsAreSuppressedWhenTheSchemaAlreadyFailedButFalseRulesAreNot() {
        CompiledSchema s = compile("{\"required\":[\"a\"]}", rule("self.a > 0"), rule("has(self.a)", "a is needed", ""));
        List<Violation> v = s.validate(json("{}"));
        assertThat(v).extracting(Violation::source).containsExactly("schema presets", "rule presets#1");
    }

    @Test
    void mixedArithmeticFailsWithAHintAboutDouble() {
        assertThat(run("self.max_tokens * 0.5 < 100.0", "{\"max_tokens\":100}")).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("use double(self.field)"));
        assertThat(run("double(self.max_tokens) * 0.5 < 100.0", "{\"max_tokens\":100}")).isEmpty();
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            self.temperature <= 2.0            | {"temperature":0.7}           | true
            self.temperature <= 2              | {"temperature":0.7}           | true
            self.temperature <= 2              | {"temperature":2.5}           | false
            self.max_tokens <= 2.0             | {"max_tokens":3}              | false
            self.max_tokens <= 5000.0          | {"max_tokens":3}              | true
            self.max_tokens < self.limit       | {"max_tokens":3,"limit":3.5}  | true
            self.max_tokens == 100.0           | {"max_tokens":100}            | true
            self.x == 2                        | {"x":2.0}                     | true
            self.n == null                     | {"n":null}                    | true
            type(self.i) == int                | {"i":7}                       | true
            type(self.d) == double             | {"d":7.5}                     | true
            type(self.d) == double             | {"d":7.0}                     | true
            type(self.big) == double           | {"big":123456789012345678901234} | true
            size(self.l) == 2                  | {"l":[1,"a"]}                 | true
            self.l.all(x, x > 0)               | {"l":[1,2,3]}                 | true
            self.l.exists(x, x > 2)            | {"l":[1,2]}                   | false
            self.m.a.b == 'deep'               | {"m":{"a":{"b":"deep"}}}      | true
            'gpt-4o' in self.allowed           | {"allowed":["gpt-4o"]}        | true
            self.model.startsWith('gpt-')      | {"model":"gpt-4o"}            | true
            self.model.matches('^gpt-[0-9]')   | {"model":"gpt-4o"}            | true
            self.stop.size() <= 4              | {"stop":["a","b","c","d","e"]} | false
            """)
    void jsonValuesBehaveAsDocumentedInsideCel(String expression, String value, boolean passes) {
        assertThat(run(expression, value)).as(expression).hasSize(passes ? 0 : 1).allSatisfy(v -> assertThat(v.message())
                .isEqualTo("rule failed: " + expression));
    }

    @Test
    void intAgainstDoubleGoesThroughDoubleSoPrecisionEndsAt2To53() {
        // pinned so that a CEL upgrade that changes this is noticed: 2^53 + 1 is not > 2^53 here
        assertThat(run("self.n > 9007199254740992.0", "{\"n\":9007199254740993}")).hasSize(1);
        assertThat(run("self.n > 9007199254740992", "{\"n\":9007199254740993}")).isEmpty();
    }

    @Test
    void rulesSeeTheRootValueEvenWhenItIsNotAnObject() {
        assertThat(run("self > 0", "5")).isEmpty();
        assertThat(run("size(self) == 3", "\"abc\"")).isEmpty();
        assertThat(run("self == null", "null")).isEmpty();
    }

    @Test
    void runawayComprehensionIsStoppedByTheIterationBudget() {
        String big = "[" + "1,".repeat(CelRules.MAX_ITERATIONS + 10) + "1]";
        assertThat(run("self.all(x, x == 1)", big)).singleElement()
                .satisfies(v -> assertThat(v.message()).startsWith("rule could not be evaluated:").contains("budget"));
    }
}
