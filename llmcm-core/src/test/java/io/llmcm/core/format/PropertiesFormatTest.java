package io.llmcm.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class PropertiesFormatTest {
    @Test
    void readsDottedNamesIndicesAndBrackets() {
        assertThat(Format.PROPERTIES.read("""
                # models
                models.[gpt-4.1].temperature = 0.2
                models[claude-3.5-sonnet].max_tokens: 4096
                models.o3.stop[1]=END
                models.o3.stop[0]=\\n
                ! another comment
                tools[0].name=search
                tools[0].args[0][1]=x
                tools[0].args[0][0]=w
                name=caf\\u00e9 \\
                    au lait
                key\\ with\\ spaces=v
                flags={}
                list=[]
                """))
                .isEqualTo(Json.parse("""
                        {"models":{"gpt-4.1":{"temperature":0.2},"claude-3.5-sonnet":{"max_tokens":4096},
                                   "o3":{"stop":["\\n","END"]}},
                         "tools":[{"name":"search","args":[["w","x"]]}],
                         "name":"café au lait","key with spaces":"v","flags":{},"list":[]}"""));
    }

    @Test
    void bracketsRoundTripNamesWithDotsAndBrackets() {
        JsonNode tree = Json.parse("""
                {"gpt-4.1": {"top_p": 1}, "models": {"claude-3.5-sonnet": {"a.b": "c"}, "x[0]": 1, "a]]b": 2,
                 "": 3, "k=v": 4, "k:v": 5, "sp ace": 6, "12": 7, "1.5": 8, "#hash": 9, "!bang": 10}}""");
        String props = Format.PROPERTIES.write(tree);
        assertThat(props).contains("[gpt-4.1].top_p=1\n").contains("models[claude-3.5-sonnet][a.b]=c\n")
                .contains("models.12=7\n").contains("models[1.5]=8\n").contains("models[a]]]]b]=2\n")
                .contains("models.\\#hash=9\n");
        assertThat(Format.PROPERTIES.read(props)).isEqualTo(tree);
    }

    @Test
    void writesEscapesAndEmptyContainers() {
        JsonNode tree = Json.parse("""
                {"s": " lead\\ttab\\nnl\\\\bs é 😀", "e": {}, "a": [], "n": null, "b": [true, 1.5]}""");
        assertThat(Format.PROPERTIES.write(tree)).isEqualTo("""
                s=\\ lead\\ttab\\nnl\\\\bs \\u00E9 \\uD83D\\uDE00
                e={}
                a=[]
                n=null
                b[0]=true
                b[1]=1.5
                """);
        assertThat(Format.PROPERTIES.read(Format.PROPERTIES.write(tree))).isEqualTo(tree);
    }

    @Test
    void stringsThatLookTypedComeBackTyped() {
        // documented loss: properties cannot quote
        assertThat(Format.PROPERTIES.read(Format.PROPERTIES.write(Json.parse("{\"port\":\"8080\",\"x\":\"{}\"}"))))
                .isEqualTo(Json.parse("{\"port\":8080,\"x\":{}}"));
    }

    @Test
    void onlyObjectsCanBeWritten() {
        assertThatThrownBy(() -> Format.PROPERTIES.write(Json.parse("[1]")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("properties documents are objects at the top, and this value is an array");
        assertThat(Format.PROPERTIES.write(Json.NODES.objectNode())).isEmpty();
    }

    @Test
    void duplicateKeysNameBothLines() {
        assertThatThrownBy(() -> Format.PROPERTIES.read("a.b=1\n\n# c\na.b=s3cr3t\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("not valid properties at line 4: key a.b is already given at line 1");
        assertThatThrownBy(() -> Format.PROPERTIES.read("a.b=1\n[a].b=2\n"))
                .hasMessage("not valid properties at line 2: key [a].b is already given at line 1");
    }

    @Test
    void valueAndFieldsAtOnePlaceAreAnError() {
        assertThatThrownBy(() -> Format.PROPERTIES.read("a=1\na.b=s3cr3t\n"))
                .hasMessage("not valid properties at line 2: key a.b goes below a, which line 1 sets to a value");
        assertThatThrownBy(() -> Format.PROPERTIES.read("a.b=1\na=s3cr3t\n"))
                .hasMessage("not valid properties at line 2: key a gets a value, but line 1 gives it fields");
        assertThatThrownBy(() -> Format.PROPERTIES.read("a[0]=1\na.b=2\n"))
                .hasMessage("not valid properties at line 2: key a.b uses a as an object, but line 1 uses it as an array");
        assertThatThrownBy(() -> Format.PROPERTIES.read("a.b=1\na[0]=2\n"))
                .hasMessage("not valid properties at line 2: key a[0] uses a as an array, but line 1 uses it as an object");
    }

    @Test
    void arraysMustNotHaveGaps() {
        assertThatThrownBy(() -> Format.PROPERTIES.read("x=1\na[0]=1\na[2]=s3cr3t\n"))
                .hasMessage("not valid properties at line 3: array a has no element 1; indices count up from 0 without gaps");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..b", ".a", "a.", "a[0", "a]b", "[x]y", "a[0]x"})
    void malformedKeysNameTheLine(String key) {
        assertThatThrownBy(() -> Format.PROPERTIES.read("ok=1\n" + key + "=s3cr3t\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("not valid properties at line 2: key")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void bracketsAtTheStartOfAStepAreAlwaysAName() {
        // a document is an object at the top, so [0] there can only be a field name
        assertThat(Format.PROPERTIES.read("[0]=1\n")).isEqualTo(Json.parse("{\"0\":1}"));
        assertThat(Format.PROPERTIES.read("a.[0]=1\n")).isEqualTo(Json.parse("{\"a\":{\"0\":1}}"));
    }

    @Test
    void malformedUnicodeEscapeNamesTheLine() {
        assertThatThrownBy(() -> Format.PROPERTIES.read("a=1\nb=\\u12s3cr3t\n"))
                .hasMessage("not valid properties at line 2: malformed \\uXXXX escape");
    }

    @Test
    void continuationLinesKeepLineNumbersRight() {
        assertThatThrownBy(() -> Format.PROPERTIES.read("a=one \\\n  two \\\r\n  three\r\nb=1\r\nb=2\n"))
                .hasMessage("not valid properties at line 5: key b is already given at line 4");
        assertThat(Format.PROPERTIES.read("a=x\\\\\nb=y\n")).isEqualTo(Json.parse("{\"a\":\"x\\\\\",\"b\":\"y\"}"));
        assertThat(Format.PROPERTIES.read("# comment \\\nb=y\n")).isEqualTo(Json.parse("{\"b\":\"y\"}"));
    }
}
