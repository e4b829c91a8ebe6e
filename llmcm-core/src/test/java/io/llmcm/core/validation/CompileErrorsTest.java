package io.llmcm.core.validation;

import static io.llmcm.core.validation.Fixtures.binding;
import static io.llmcm.core.validation.Fixtures.compile;
import static io.llmcm.core.validation.Fixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.model.Rule;
import io.llmcm.core.model.SchemaBinding;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Everything that is refused when a binding is compiled, and the one line that says why. */
class CompileErrorsTest {
    private static final String PREFIX = "schema binding 'presets' of tenant 'acme': ";

    private static String errorOf(String schema, Rule... rules) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> compile(schema, rules));
        assertThat(t).isInstanceOf(InvalidInputException.class);
        assertThat(t.getMessage()).startsWith(PREFIX).doesNotContain("\n");
        return t.getMessage().substring(PREFIX.length());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"type":"strin"}                                 | at /type: must match at least one alternative (anyOf): [0] must be one of [array, boolean, integer, null, number, object, string]
            {"minimum":"1"}                                  | at /minimum: must be a number (got "1")
            {"properties":{"a":{"maxLength":-1}}}            | at /properties/a/maxLength: must be at least 0 (got -1)
            {"required":"model"}                             | at /required: must be an array (got "model")
            {"properties":{"a":{"items":{"enum":7}}}}        | at /properties/a/items/enum: must be an array (got 7)
            """)
    void schemaThatIsNotAJsonSchemaNamesThePointer(String schema, String expected) {
        assertThat(errorOf(schema)).startsWith("the schema is not a valid JSON Schema: " + expected);
    }

    @Test
    void schemaMustBeAnObject() {
        assertThat(errorOf("[]")).isEqualTo("the schema must be a JSON object");
    }

    @Test
    void unsupportedDraftIsRefused() {
        assertThat(errorOf("{\"$schema\":\"http://json-schema.org/draft-07/schema#\"}"))
                .startsWith("$schema 'http://json-schema.org/draft-07/schema#' is not supported; use https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    void drafts2020And2019AreAccepted() {
        assertThat(compile("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"string\"}")
                .validate(Fixtures.json("1"))).hasSize(1);
        assertThat(compile("{\"$schema\":\"https://json-schema.org/draft/2019-09/schema#\",\"type\":\"string\"}")
                .validate(Fixtures.json("1"))).hasSize(1);
        // a 2019-09 schema is checked against the 2019-09 meta-schema
        assertThat(errorOf("{\"$schema\":\"https://json-schema.org/draft/2019-09/schema\",\"minItems\":-1}"))
                .contains("at /minItems");
    }

    @Test
    @Timeout(10)
    void remoteRefFailsAtOnceWithoutTouchingTheNetwork() {
        long t0 = System.nanoTime();
        assertThat(errorOf("{\"properties\":{\"a\":{\"$ref\":\"http://example.invalid/s.json\"}}}"))
                .startsWith("the schema refers to 'http://example.invalid/s.json', which is not loaded")
                .contains("nothing is fetched from the network");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @Timeout(10)
    void refToALocalHttpServerNeverConnects() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/schema.json";
            assertThat(errorOf("{\"$ref\":\"" + url + "\"}")).contains("refers to '" + url + "'");
            // a connection attempt would wait in the backlog and be accepted at once
            server.setSoTimeout(300);
            assertThatThrownBy(server::accept).isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void fileAndClasspathRefsAreRefusedToo() {
        assertThat(errorOf("{\"$ref\":\"file:///etc/passwd\"}")).contains("refers to 'file:///etc/passwd'");
        assertThat(errorOf("{\"$ref\":\"classpath:jsv-messages.properties\"}")).contains("which is not loaded");
        assertThat(errorOf("{\"$id\":\"https://example.com/a\",\"$ref\":\"b\"}")).contains("'https://example.com/b'");
    }

    @Test
    void localRefsAndTheMetaSchemaItselfWork() {
        CompiledSchema s = compile("{\"$ref\":\"#/$defs/name\",\"$defs\":{\"name\":{\"type\":\"string\"}}}");
        assertThat(s.validate(Fixtures.json("1"))).hasSize(1);
        CompiledSchema meta = compile("{\"$ref\":\"https://json-schema.org/draft/2020-12/schema\"}");
        assertThat(meta.validate(Fixtures.json("{\"type\":\"object\"}"))).isEmpty();
        assertThat(meta.validate(Fixtures.json("{\"type\":7}"))).isNotEmpty();
    }

    @Test
    void unresolvableLocalRefIsRefused() {
        assertThat(errorOf("{\"$ref\":\"#/$defs/nope\"}")).contains("/$defs/nope").contains("cannot be resolved");
    }

    @Test
    void invalidOrUnsupportedRegexIsRefusedWithThePattern() {
        assertThat(errorOf("{\"pattern\":\"([\"}"))
                .isEqualTo("the schema is not a valid JSON Schema: at /pattern: must be a valid regular expression"
                        + " (RE2 syntax: no look-around or back-references) (got \"([\")");
        assertThat(errorOf("{\"properties\":{\"a\":{\"pattern\":\"(?=a)b\"}}}"))
                .contains("at /properties/a/pattern: must be a valid regular expression");
        assertThat(errorOf("{\"patternProperties\":{\"(\\\\1)\":{}}}")).contains("regular expression");
    }

    @Test
    void celSyntaxErrorNamesRuleIndexExpressionAndColumn() {
        assertThat(errorOf(null, rule("self.a > 0"), rule("self.max_tokens <=")))
                .startsWith("rule #1 (self.max_tokens <=): ")
                .contains("at column 19");
    }

    @Test
    void undeclaredNameIsRefused() {
        assertThat(errorOf(null, rule("max_tokens > 0")))
                .isEqualTo("rule #0 (max_tokens > 0): undeclared reference to 'max_tokens' (in container '') at column 1");
    }

    @Test
    void ruleWhoseTypeIsNotBoolIsRefused() {
        assertThat(errorOf(null, rule("1 + 1"))).isEqualTo("rule #0 (1 + 1): rule returns int, but a rule must return bool");
        assertThat(errorOf(null, rule("'text'"))).endsWith("rule returns string, but a rule must return bool");
        assertThat(errorOf(null, rule("[self.a]"))).endsWith("rule returns list, but a rule must return bool");
    }

    @Test
    void staticallyWrongOperandsAreRefused() {
        assertThat(errorOf(null, rule("1 <= 'a'"))).startsWith("rule #0 (1 <= 'a'): found no matching overload for '_<=_'");
    }

    @Test
    void literalsOfDifferentNumericKindsCannotBeComparedWithEquals() {
        // documented on CompiledSchema: fields compare by value, two literals do not type-check
        assertThat(errorOf(null, rule("1 == 1.0"))).contains("no matching overload for '_==_' applied to '(int, double)'");
        assertThat(compile(null, rule("self == 1.0")).validate(Fixtures.json("1"))).isEmpty();
    }

    @Test
    void emptyRuleIsRefused() {
        assertThat(errorOf(null, rule("  "))).isEqualTo("rule #0 (): rule is empty");
    }

    @Test
    void badPathPatternIsRefused() {
        SchemaBinding b = new SchemaBinding("acme", "presets", "models/***", null, List.of(rule("true")));
        assertThatThrownBy(() -> CompiledSchema.compile(b))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(PREFIX + "pattern 'models/***'");
    }

    @Test
    void goodBindingCompilesAndKnowsWhereItApplies() {
        CompiledSchema s = CompiledSchema.compile(binding(Fixtures.MODEL_PRESET, Fixtures.MAX_TOKENS_RULE));
        assertThat(s.binding().name()).isEqualTo("presets");
        assertThat(s.appliesTo("models/openai/gpt-4o")).isTrue();
        assertThat(s.appliesTo("models")).isTrue();
        assertThat(s.appliesTo("prompts/system")).isFalse();
    }
}
