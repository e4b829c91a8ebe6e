package io.llmcm.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FormatTest {
    @ParameterizedTest
    @CsvSource({
        "json,JSON", "yaml,YAML", "yml,YAML", "toml,TOML", "env,ENV", "dotenv,ENV", "properties,PROPERTIES",
        "props,PROPERTIES", "text,TEXT", "txt,TEXT", "YAML,YAML", "' Json ',JSON"
    })
    void byNameKnowsEveryAlias(String name, Format format) {
        assertThat(Format.byName(name)).isEqualTo(format);
    }

    @Test
    void byNameListsTheAcceptedNames() {
        assertThatThrownBy(() -> Format.byName("xml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("unknown format 'xml'; expected one of json, yaml, yml, toml, env, dotenv, properties, props, text, txt");
        assertThatThrownBy(() -> Format.byName(null)).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "models.json,JSON", "a/b/c.YAML,YAML", "x.yml,YAML", "pyproject.toml,TOML", "prod.env,ENV", ".env,ENV",
        "config/.env,ENV", ".env.local,ENV", "app.properties,PROPERTIES", "notes.txt,TEXT", "README.md,TEXT",
        "system.prompt,TEXT", "C:\\dir\\x.json,JSON", ".env.json,JSON"
    })
    void byFileNameUsesTheExtension(String file, Format format) {
        assertThat(Format.byFileName(file)).contains(format);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Makefile", "x.xml", "env", "", "dir.json/file"})
    void byFileNameIsEmptyForOtherNames(String file) {
        assertThat(Format.byFileName(file)).isEqualTo(Optional.empty());
    }

    @EnumSource(Format.class)
    @ParameterizedTest
    void idIsTheLowerCaseNameAcceptedByByName(Format f) {
        assertThat(Format.byName(f.id())).isEqualTo(f);
    }

    @Test
    void jsonWritesPrettyWithATrailingNewline() {
        String out = Format.JSON.write(Json.parse("{\"a\":[1,2],\"b\":\"é\"}"));
        assertThat(out).endsWith("}\n").contains("\n  \"a\"").contains("é");
        assertThat(Format.JSON.read(out)).isEqualTo(Json.parse("{\"a\":[1,2],\"b\":\"é\"}"));
    }

    @Test
    void jsonErrorsSayWhereButNotWhat() {
        assertThatThrownBy(() -> Format.JSON.read("{\n  \"key\": \"s3cr3t\n}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("not valid JSON at line 2")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> Format.JSON.read(" \n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("not valid JSON: the document is empty");
        assertThatThrownBy(() -> Format.JSON.read("{} {}")).isInstanceOf(InvalidInputException.class);
    }

    @EnumSource(Format.class)
    @ParameterizedTest
    void aByteOrderMarkIsIgnored(Format f) {
        String doc = switch (f) {
            case JSON -> "{\"a\":1}";
            case YAML -> "a: 1";
            case TOML, ENV, PROPERTIES -> "a=1";
            case TEXT -> "a";
        };
        assertThat(f.read("\uFEFF" + doc)).isEqualTo(f.read(doc));
    }

    @Test
    void emptyDocumentsAreEmptyObjectsExceptInJsonAndText() {
        for (Format f : new Format[] {Format.YAML, Format.TOML, Format.ENV, Format.PROPERTIES}) {
            assertThat(f.read("")).as(f.id()).isEqualTo(Json.NODES.objectNode());
            assertThat(f.read("\n# only a comment\n\n")).as(f.id()).isEqualTo(Json.NODES.objectNode());
        }
        assertThat(Format.TEXT.read("")).isEqualTo(Json.NODES.stringNode(""));
    }

    @Test
    void textReadsAndWritesRawStrings() {
        String prompt = "You are a helpful assistant.\n\n  Be brief: {{style}} 😀\n";
        assertThat(Format.TEXT.read(prompt)).isEqualTo(Json.NODES.stringNode(prompt));
        assertThat(Format.TEXT.write(Json.NODES.stringNode(prompt))).isEqualTo(prompt);
    }

    @Test
    void textRefusesNonStrings() {
        assertThatThrownBy(() -> Format.TEXT.write(Json.parse("{\"a\":\"s3cr3t\"}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("the text format holds only a string, and this value is an object; use json, yaml or toml");
        assertThatThrownBy(() -> Format.TEXT.write(Json.parse("42"))).hasMessageContaining("a number");
    }

    @Test
    void deepTreesRoundTripInEveryStructuredFormat() {
        String json = "{\"a\":".repeat(Json.MAX_DEPTH) + "\"deep\"" + "}".repeat(Json.MAX_DEPTH);
        for (Format f : new Format[] {Format.JSON, Format.YAML, Format.TOML, Format.PROPERTIES}) {
            assertThat(f.read(f.write(Json.parse(json)))).as(f.id()).isEqualTo(Json.parse(json));
        }
        assertThat(Format.ENV.write(Json.parse(json))).isEqualTo("A" + "__A".repeat(Json.MAX_DEPTH - 1) + "=deep\n");
    }
}
