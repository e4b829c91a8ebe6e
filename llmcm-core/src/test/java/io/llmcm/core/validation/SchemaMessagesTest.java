package io.llmcm.core.validation;

import static io.llmcm.core.validation.Fixtures.compile;
import static io.llmcm.core.validation.Fixtures.json;
import static io.llmcm.core.validation.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every JSON Schema keyword a user is likely to hit, and the sentence they get for it. */
class SchemaMessagesTest {

    private static List<String> check(String schema, String value) {
        return lines(compile(schema).validate(json(value)));
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"type":"integer"}                              | 0.5            | : must be an integer (got 0.5)
            {"type":"integer"}                              | "7"            | : must be an integer (got a string)
            {"type":"object"}                               | [1]            | : must be an object (got an array)
            {"type":["string","null"]}                      | 3              | : must be a string or null (got 3)
            {"type":"boolean"}                              | {}             | : must be a boolean (got an object)
            {"minimum":1}                                   | 0              | : must be at least 1 (got 0)
            {"maximum":2}                                   | 3.5            | : must be at most 2 (got 3.5)
            {"exclusiveMinimum":0}                          | 0              | : must be greater than 0 (got 0)
            {"exclusiveMaximum":1.5}                        | 1.5            | : must be less than 1.5 (got 1.5)
            {"multipleOf":5}                                | 12             | : must be a multiple of 5 (got 12)
            {"enum":["a","b"]}                              | "z"            | : must be one of [a, b]
            {"enum":[1,2,null]}                             | 3              | : must be one of [1, 2, null] (got 3)
            {"const":"gpt-4o"}                              | "gpt-3"        | : must be exactly gpt-4o
            {"pattern":"^[a-z]+$"}                          | "ABC"          | : must match the pattern ^[a-z]+$
            {"minLength":3}                                 | "ab"           | : must be at least 3 characters long (got 2)
            {"maxLength":2}                                 | "héé"          | : must be at most 2 characters long (got 3)
            {"minItems":2}                                  | [1]            | : must have at least 2 items (got 1)
            {"maxItems":1}                                  | [1,2]          | : must have at most 1 items (got 2)
            {"uniqueItems":true}                            | [1,1]          | : must not contain duplicate items
            {"minProperties":1}                             | {}             | : must have at least 1 properties (got 0)
            {"maxProperties":1}                             | {"a":1,"b":2}  | : must have at most 1 properties (got 2)
            {"required":["model"]}                          | {}             | : required property 'model' is missing
            {"additionalProperties":false}                  | {"extra":1}    | : property 'extra' is not allowed
            {"unevaluatedProperties":false}                 | {"x":1}        | : property 'x' is not allowed
            {"dependentRequired":{"a":["b"]}}               | {"a":1}        | : property 'b' is required when 'a' is present
            {"properties":{"x":false}}                      | {"x":1}        | /x: is not allowed here
            {"format":"email"}                              | "nope"         | : must be a valid email
            {"format":"uri"}                                | "::"           | : must be a valid uri
            {"not":{"type":"string"}}                       | "s"            | : must not match {"type":"string"}
            {"prefixItems":[{"type":"string"}],"items":false} | ["a",1]      | : item 1 is not allowed (too many items)
            """)
    void keywordMessages(String schema, String value, String expected) {
        assertThat(check(schema, value)).containsExactly(expected.strip());
    }

    @Test
    void pointersReachIntoNestedArraysAndObjects() {
        String schema = """
                {"type":"object","properties":{"fallbacks":{"type":"array","items":{
                  "type":"object","required":["model"],"properties":{"model":{"type":"string"}}}}}}""";
        List<Violation> v = compile(schema).validate(json("""
                {"fallbacks":[{"model":"a"},{"model":"b"},{"model":7},{}]}"""));
        assertThat(lines(v)).containsExactly(
                "/fallbacks/2/model: must be a string (got 7)", "/fallbacks/3: required property 'model' is missing");
        assertThat(v).allSatisfy(x -> {
            assertThat(x.source()).isEqualTo("schema presets");
            assertThat(x.where()).isEmpty();
        });
    }

    @Test
    void pointerEscapesSlashAndTildeInPropertyNames() {
        String schema = """
                {"properties":{"a/b":{"type":"string"},"c~d":{"type":"string"}}}""";
        assertThat(check(schema, "{\"a/b\":1,\"c~d\":2}"))
                .containsExactlyInAnyOrder("/a~1b: must be a string (got 1)", "/c~0d: must be a string (got 2)");
    }

    @Test
    void stringValuesAreNotEchoedBecauseTheyMayBeSecrets() {
        List<String> out = check("{\"enum\":[\"a\"],\"pattern\":\"^x\"}", "\"sk-live-SECRET\"");
        assertThat(out).hasSize(2).noneMatch(s -> s.contains("SECRET"));
    }

    @Test
    void failedAnyOfIsOneMessageListingTheAlternatives() {
        assertThat(check("{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}", "1.5"))
                .containsExactly(": must match at least one alternative (anyOf): [0] must be a string (got 1.5);"
                        + " or [1] must be an integer (got 1.5)");
    }

    @Test
    void failedOneOfNamesDeeperProblemsWithTheirPointer() {
        String schema = """
                {"properties":{"p":{"oneOf":[{"type":"string"},{"type":"object","required":["a"],
                  "properties":{"b":{"type":"integer"}}}]}}}""";
        assertThat(check(schema, "{\"p\":{\"b\":\"x\"}}"))
                .containsExactly("/p: must match exactly one alternative (oneOf): [0] must be a string (got an object);"
                        + " or [1] at /p/b: must be an integer (got a string), required property 'a' is missing");
    }

    @Test
    void theSameAnyOfFailingForTwoItemsGivesTwoMessages() {
        assertThat(check("{\"items\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}}", "[1.5, \"ok\", true]"))
                .containsExactly(
                        "/0: must match at least one alternative (anyOf): [0] must be a string (got 1.5); or [1] must be an integer (got 1.5)",
                        "/2: must match at least one alternative (anyOf): [0] must be a string (got true); or [1] must be an integer (got true)");
    }

    @Test
    void oneOfMatchingTwiceSaysWhich() {
        assertThat(check("{\"oneOf\":[{\"type\":\"number\"},{\"type\":\"integer\"}]}", "1"))
                .containsExactly(": must match exactly one alternative (oneOf), but matches 2 (alternatives 0, 1)");
    }

    @Test
    void validValueHasNoViolations() {
        assertThat(compile(Fixtures.MODEL_PRESET).validate(json("""
                {"model":"gpt-4o","temperature":0.7,"max_tokens":512,"context_window":128000}""")))
                .isEmpty();
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
        List<String> out = check(Fixtures.MODEL_PRESET, "{\"temperature\":3,\"max_tokens\":0}");
        assertThat(out).containsExactlyInAnyOrder(
                ": required property 'model' is missing",
                "/temperature: must be at most 2 (got 3)",
                "/max_tokens: must be at least 1 (got 0)");
    }

    @Test
    void integralDecimalCountsAsIntegerAsTheSpecSays() {
        assertThat(check("{\"type\":\"integer\"}", "2.0")).isEmpty();
    }

    @Test
    void selfReferencingSchemaIsReportedNotAStackOverflow() {
        List<Violation> v = compile("{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/a\"}},\"$ref\":\"#/$defs/a\"}").validate(json("1"));
        assertThat(v).singleElement().satisfies(x -> assertThat(x.message())
                .startsWith("the value could not be checked against the schema: evaluation nests deeper than"));
    }

    @Test
    void patternUsesRe2AndSoCannotBacktrackForever() {
        // catastrophic for a backtracking engine on a long non-matching input; linear for RE2
        String evil = "\"" + "a".repeat(50_000) + "!\"";
        assertThat(check("{\"pattern\":\"^(a+)+$\"}", evil)).containsExactly(": must match the pattern ^(a+)+$");
    }
}
