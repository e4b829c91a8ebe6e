package io.llmcm.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvFormatTest {
    @Test
    void readsTheCommonForms() {
        assertThat(Format.ENV.read("""
                # OpenAI settings
                OPENAI_API_KEY=sk-abc=def==

                export MODEL = gpt-4.1   # inline comment
                TEMPERATURE=0.2
                STREAM=true
                STOP=null
                URL=http://host/#anchor
                EMPTY=
                SINGLE='  $literal \\n # kept  '
                DOUBLE="line1\\nline2 \\"q\\" back\\\\slash \\$HOME \\x"
                QUOTED_NUMBER="8080"
                _private=1
                """))
                .isEqualTo(Json.parse("""
                        {"OPENAI_API_KEY":"sk-abc=def==","MODEL":"gpt-4.1","TEMPERATURE":0.2,"STREAM":true,
                         "STOP":null,"URL":"http://host/#anchor","EMPTY":"","SINGLE":"  $literal \\\\n # kept  ",
                         "DOUBLE":"line1\\nline2 \\"q\\" back\\\\slash $HOME \\\\x","QUOTED_NUMBER":"8080","_private":1}"""));
    }

    @Test
    void quotedValuesMaySpanLinesAndLineNumbersFollow() {
        assertThatThrownBy(() -> Format.ENV.read("A=\"one\ntwo\"\nB='x\ny'\nC\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("not valid ENV at line 5: expected NAME=value");
        assertThat(Format.ENV.read("A=\"one\r\ntwo\"\r\nB=2\r\n")).isEqualTo(Json.parse("{\"A\":\"one\\r\\ntwo\",\"B\":2}"));
    }

    @Test
    void unquotedValuesAreTypedOnlyWhenExactlyJson() {
        assertThat(Format.ENV.read("A=1\nB=-0.5e3\nC=1.\nD=yes\nE=0x1F\nF=[1,2]\nG={}\nH=[]\nI=007\nJ=True\n"))
                .isEqualTo(Json.parse(
                        "{\"A\":1,\"B\":-500.0,\"C\":\"1.\",\"D\":\"yes\",\"E\":\"0x1F\",\"F\":\"[1,2]\",\"G\":{},\"H\":[],\"I\":\"007\",\"J\":\"True\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1BAD=s3cr3t", "BAD-NAME=s3cr3t", "é=s3cr3t", "=s3cr3t"})
    void badNamesAreErrorsWithTheLineNumberAndNoContent(String line) {
        assertThatThrownBy(() -> Format.ENV.read("OK=1\n\n" + line + "\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("not valid ENV at line 3: the variable name is not allowed; names match [A-Za-z_][A-Za-z0-9_]*");
    }

    @Test
    void otherErrors() {
        assertThatThrownBy(() -> Format.ENV.read("A=1\ns3cr3t\n"))
                .hasMessage("not valid ENV at line 2: expected NAME=value");
        assertThatThrownBy(() -> Format.ENV.read("A=\"s3cr3t\nB=2\n"))
                .hasMessage("not valid ENV at line 1: the quoted value has no closing double quote");
        assertThatThrownBy(() -> Format.ENV.read("A='s3cr3t' s3cr3t\n"))
                .hasMessage("not valid ENV at line 1: unexpected text after the closing quote");
        assertThatThrownBy(() -> Format.ENV.read("A=1\nexport A=2\n"))
                .hasMessage("not valid ENV at line 2: variable A is set twice (first at line 1)");
    }

    @Test
    void writeFlattensUpperCasesAndQuotesWhenNeeded() {
        var tree = Json.parse("""
                {"openai": {"api-key": "sk-abc", "models": ["gpt-4o", "o3"], "temperature": 0.2,
                            "gpt-4.1": {"max_tokens": 100}},
                 "port": "8080", "debug": false, "note": "it's a \\"test\\"\\n$HOME", "spaced": "a b",
                 "unset": null, "empty": {}, "none": [], "blank": "", "9lives": 1, "unicode": "日本"}""");
        assertThat(Format.ENV.write(tree)).isEqualTo("""
                OPENAI__API_KEY=sk-abc
                OPENAI__MODELS='["gpt-4o","o3"]'
                OPENAI__TEMPERATURE=0.2
                OPENAI__GPT_4_1__MAX_TOKENS=100
                PORT='8080'
                DEBUG=false
                NOTE="it's a \\"test\\"\\n\\$HOME"
                SPACED='a b'
                EMPTY={}
                NONE=[]
                BLANK=
                _9LIVES=1
                UNICODE='日本'
                """);
    }

    @Test
    void writeThenReadGivesTheFlatValues() {
        var tree = Json.parse("{\"a\":{\"b\":\"x y\",\"c\":[1]},\"q\":\"'\\\"\\n\\\\\"}");
        assertThat(Format.ENV.read(Format.ENV.write(tree)))
                .isEqualTo(Json.parse("{\"A__B\":\"x y\",\"A__C\":\"[1]\",\"Q\":\"'\\\"\\n\\\\\"}"));
    }

    @Test
    void collidingNamesAreAnError() {
        assertThatThrownBy(() -> Format.ENV.write(Json.parse("{\"a-b\":1,\"a_b\":2}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("ENV names collide: fields /a-b and /a_b both become A_B");
        assertThatThrownBy(() -> Format.ENV.write(Json.parse("{\"a\":{\"b\":1},\"a__b\":2}")))
                .hasMessage("ENV names collide: fields /a/b and /a__b both become A__B");
    }

    @Test
    void onlyObjectsCanBeWritten() {
        assertThatThrownBy(() -> Format.ENV.write(Json.parse("\"s3cr3t\"")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("ENV output needs an object (its fields become variables), and this value is a string");
    }
}
