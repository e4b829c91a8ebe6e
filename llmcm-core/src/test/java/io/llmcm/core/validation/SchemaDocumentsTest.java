package io.llmcm.core.validation;

import static io.llmcm.core.validation.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.model.Rule;
import io.llmcm.core.model.SchemaBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading the document of {@code llmcm schema set NAME @file}. */
class SchemaDocumentsTest {

    private static SchemaBinding parse(String doc, String override) {
        return SchemaDocuments.parse("acme", "presets", json(doc), override);
    }

    @Test
    void bindingFormGivesPatternSchemaAndRules() {
        SchemaBinding b = parse("""
                {"pattern":"models/**","schema":{"type":"object"},
                 "rules":[{"rule":"self.a > 0","message":"a must be positive","pointer":"/a"},{"rule":"true"}]}""", null);
        assertThat(b.tenant()).isEqualTo("acme");
        assertThat(b.name()).isEqualTo("presets");
        assertThat(b.pattern()).isEqualTo("models/**");
        assertThat(b.schema().json()).isEqualTo(json("{\"type\":\"object\"}"));
        assertThat(b.rules()).containsExactly(new Rule("self.a > 0", "a must be positive", "/a"), new Rule("true", "", ""));
        assertThat(CompiledSchema.compile(b).validate(json("{\"a\":0}"))).hasSize(1);
    }

    @Test
    void rulesOnlyBindingHasNoSchema() {
        SchemaBinding b = parse("{\"pattern\":\"presets/*\",\"rules\":[{\"rule\":\"has(self.model)\"}]}", null);
        assertThat(b.schema()).isNull();
        assertThat(b.rules()).hasSize(1);
    }

    @Test
    void bareSchemaTakesThePatternFromTheOverride() {
        SchemaBinding b = parse("{\"type\":\"object\",\"pattern\":\"^x\"}", "prompts/*");
        assertThat(b.pattern()).isEqualTo("prompts/*");
        assertThat(b.schema().json().get("pattern").stringValue()).isEqualTo("^x"); // the regex keyword stays
        assertThat(b.rules()).isEmpty();
    }

    @Test
    void messageExpressionIsReadAndWrittenBack() {
        String doc = "{\"pattern\":\"models/**\",\"rules\":[{\"rule\":\"self.n < 3\",\"message\":\"m\","
                + "\"messageExpression\":\"'n is ' + string(self.n)\",\"pointer\":\"/n\"}]}";
        SchemaBinding b = parse(doc, null);
        assertThat(b.rules()).containsExactly(new io.llmcm.core.model.Rule("self.n < 3", "m", "/n", "'n is ' + string(self.n)"));
        assertThat(SchemaDocuments.document(b)).isEqualTo(io.llmcm.core.json.Json.parse(doc));
    }

    @Test
    void overrideWinsOverTheDocumentsPattern() {
        assertThat(parse("{\"pattern\":\"models/**\",\"schema\":{}}", "other/**").pattern()).isEqualTo("other/**");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"type":"object"}                                          | a bare JSON Schema needs a pattern
            {"pattern":"models/**","schema":{},"rulez":[]}             | unknown field 'rulez' in the schema document; allowed: pattern, schema, rules, checks
            {"schema":{}}                                              | field 'pattern' is missing
            {"pattern":7,"schema":{}}                                  | field 'pattern' must be a string
            {"pattern":"models/**","schema":[]}                        | field 'schema' must be a JSON object
            {"pattern":"models/**","rules":{}}                         | field 'rules' must be an array
            {"pattern":"models/**","rules":["x"]}                      | rules[0] must be an object
            {"pattern":"models/**","rules":[{"rule":"true","mesage":"m"}]} | rules[0]: unknown field 'mesage'; allowed: rule, message, messageExpression, pointer
            {"pattern":"models/**","rules":[{"rule":"true","messageExpression":7}]} | field 'rules[0].messageExpression' must be a string
            {"pattern":"models/**","rules":[{"rule":"true","messageExpression":" "}]} | rules[0].messageExpression is empty: give a CEL expression returning a string
            {"pattern":"models/**","rules":[{"message":"m"}]}          | rules[0].rule is missing
            {"pattern":"models/**","rules":[{"rule":true}]}            | field 'rules[0].rule' must be a string
            {"pattern":"models/**","rules":[{"rule":"true","pointer":"a"}]} | rules[0].pointer 'a' is not a JSON pointer
            {"pattern":"models/**","schema":null,"rules":[]}           | the schema document has neither a 'schema' nor any 'rules'
            {"pattern":"models/../x","schema":{}}                      | pattern 'models/../x' contains '..'
            """)
    void mistakesAreNamed(String doc, String expected) {
        assertThatThrownBy(() -> parse(doc, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(expected.strip());
    }

    @Test
    void documentMustBeAnObject() {
        assertThatThrownBy(() -> parse("[1]", "models/**"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("a schema document must be a JSON object");
    }

    @Test
    void badOverridePatternIsRefused() {
        assertThatThrownBy(() -> parse("{\"type\":\"object\"}", "a//b"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pattern 'a//b'");
    }

    @Test
    void badNamesAreRefusedByTheModel() {
        assertThatThrownBy(() -> SchemaDocuments.parse("Not A Tenant", "presets", json("{}"), "x/*"))
                .isInstanceOf(InvalidInputException.class);
    }
}
