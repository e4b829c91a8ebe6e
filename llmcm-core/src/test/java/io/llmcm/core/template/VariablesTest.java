package io.llmcm.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.ValidationException;
import io.llmcm.core.Violation;
import io.llmcm.core.format.Format;
import io.llmcm.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Typed variable declarations, their messages, and binding given values. */
class VariablesTest {
    private static JsonNode yaml(String text) {
        return Format.YAML.read(text);
    }

    private static List<String> declarationProblems(String yaml, boolean withFrom) {
        List<Violation> out = new ArrayList<>();
        Variables.parse(yaml(yaml), "/variables", withFrom, out);
        return out.stream().map(v -> v.pointer() + ": " + v.message()).toList();
    }

    @Test
    void everyDeclarationMessage() {
        assertThat(declarationProblems("""
                a: {type: text}
                b: {type: integer, default: "5"}
                c: {type: string, enum: [formal, casual], default: rude}
                d: {type: integer, enum: [1, "two"]}
                e: {required: "yes", description: 3}
                f: {colour: red}
                "9x": {}
                g: {from: environment}
                h: plain
                i: {type: array, enum: []}
                """, false)).containsExactly(
                "/variables/a/type: variable 'a': type must be one of string, integer, number, boolean, array",
                "/variables/b/default: variable 'b': default must be an integer (type integer), got a string",
                "/variables/c/default: variable 'c': default must be one of formal, casual",
                "/variables/d/enum/1: variable 'd': enum value 1 must be an integer, got a string",
                "/variables/e/required: variable 'e': required must be true or false",
                "/variables/e/description: variable 'e': description must be a string",
                "/variables/f/colour: variable 'f': unknown field 'colour'; allowed: type, enum, default, required, description",
                "/variables/9x: variable name '9x' is not valid: expected letters, digits, '_' and '.', not starting with a digit",
                "/variables/g/from: variable 'g': unknown field 'from'; allowed: type, enum, default, required, description",
                "/variables/h: variable 'h' must be an object like {type: string, required: true}",
                "/variables/i/enum: variable 'i': enum must be a non-empty array of array values");
        assertThat(declarationProblems("g: {from: somewhere}\nk: {from: \"config:models/chat#/model\"}\nl: {from: tenant}", true))
                .containsExactly("/variables/g/from: variable 'g': from must be environment, tenant or config:<path> (a key path, optionally #/pointer)");
        assertThat(declarationProblems("[1]", false)).containsExactly(
                "/variables: variables must be an object: variable name → {type, enum, default, required, description}");
    }

    private static Variables vars(String yaml) {
        List<Violation> out = new ArrayList<>();
        Variables v = Variables.parse(yaml(yaml), "/variables", true, out);
        assertThat(out).isEmpty();
        return v;
    }

    @Test
    void bindListsEveryProblemAtOnceWithoutQuotingValues() {
        Variables v = vars("""
                product: {type: string, required: true}
                tone: {type: string, enum: [formal, casual], default: formal}
                max_items: {type: integer}
                extra: {type: boolean}
                """);
        Map<String, JsonNode> given = new LinkedHashMap<>();
        given.put("tone", Json.NODES.stringNode("sk-secret-looking"));
        given.put("extra", Json.NODES.stringNode("sk-other"));
        given.put("zz_unknown", Json.NODES.stringNode("x"));
        assertThatThrownBy(() -> v.bind(given, Set.of("product", "max_items", "missing_one"), "prompt prompts/p"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.violations().stream().map(x -> x.pointer() + ": " + x.message() + " [" + x.source() + "]")).containsExactly(
                            "/variables/product: variable 'product' is required but was not given [prompt prompts/p]",
                            "/variables/tone: variable 'tone' must be one of formal, casual [prompt prompts/p]",
                            "/variables/max_items: variable 'max_items' is used by the template but has no value: it was not given and has no default [prompt prompts/p]",
                            "/variables/extra: variable 'extra' must be true or false, got a string [prompt prompts/p]",
                            "/variables/missing_one: variable 'missing_one' is used by the template but not declared [prompt prompts/p]",
                            "/variables/zz_unknown: variable 'zz_unknown' was given but is not declared [prompt prompts/p]");
                    assertThat(e.getMessage()).doesNotContain("sk-");
                });
    }

    @Test
    void bindTakesDefaultsAndTypedValues() {
        Variables v = vars("""
                n: {type: number, default: 0.5}
                i: {type: integer}
                tags: {type: array}
                on: {type: boolean, default: false}
                """);
        Map<String, JsonNode> bound = v.bind(v.fromText(Map.of("i", "42", "tags", "a, b,c")), Set.of("n", "i", "tags", "on"), "t");
        assertThat(Json.compact(Json.MAPPER.valueToTree(bound))).isEqualTo("{\"n\":0.5,\"i\":42,\"tags\":[\"a\",\"b\",\"c\"],\"on\":false}");
        assertThat(Variable.text(bound.get("tags"))).isEqualTo("a, b, c");
        assertThat(Variable.text(bound.get("n"))).isEqualTo("0.5");
        assertThat(Variable.text(Json.NODES.numberNode(1.0))).isEqualTo("1");
        assertThatThrownBy(() -> v.bind(v.fromText(Map.of("i", "4.5")), Set.of(), "t"))
                .hasMessageContaining("variable 'i' must be an integer, got a string");
        assertThat(v.bind(Map.of("i", Json.NODES.numberNode(3.0)), Set.of(), "t")).as("3.0 is an integer").containsKey("i");
    }
}
