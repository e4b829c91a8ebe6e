package io.llmcm.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import org.junit.jupiter.api.Test;

class TomlFormatTest {
    @Test
    void readsTablesArraysAndDatesAsStrings() {
        assertThat(Format.TOML.read("""
                title = "models"
                [openai."gpt-4.1"]
                temperature = 0.2
                stop = ["\\n", "END"]
                released = 2025-04-14
                [[tools]]
                name = "search"
                """))
                .isEqualTo(Json.parse("""
                        {"title":"models",
                         "openai":{"gpt-4.1":{"temperature":0.2,"stop":["\\n","END"],"released":"2025-04-14"}},
                         "tools":[{"name":"search"}]}"""));
    }

    @Test
    void numbersGetTheNodeTypesOfJson() {
        assertThat(Format.TOML.read("a = 1\nb = 5000000000\nc = 1.5e15\nd = 123456789012345678901234567890\n"))
                .isEqualTo(Json.parse("{\"a\":1,\"b\":5000000000,\"c\":1.5e15,\"d\":123456789012345678901234567890}"));
    }

    @Test
    void writesAndReadsBackUnicodeAndOddKeys() {
        var tree = Json.parse("{\"é\":{\"a.b\":\"日本 😀\",\"\":1,\"x y\":[{\"k\":\"v\"}]},\"empty\":{},\"none\":[]}");
        assertThat(Format.TOML.read(Format.TOML.write(tree))).isEqualTo(tree);
    }

    @Test
    void nullCannotBeWritten() {
        assertThatThrownBy(() -> Format.TOML.write(Json.parse("{\"a\":{\"b\":[1,null]}}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("TOML cannot hold null, found at /a/b/1");
    }

    @Test
    void onlyObjectsCanBeWritten() {
        assertThatThrownBy(() -> Format.TOML.write(Json.parse("[1]")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("TOML documents are tables: the value must be an object, and it is an array");
    }

    @Test
    void errorsNameTheLineButNotTheContent() {
        assertThatThrownBy(() -> Format.TOML.read("a = 1\nkey = \"s3cr3t\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("not valid TOML at line 2")
                .hasMessageNotContaining("s3cr3t");
        // Jackson reports a duplicate key where it stands after reading it: the next line
        assertThatThrownBy(() -> Format.TOML.read("a = 1\na = 2\n")).hasMessageStartingWith("not valid TOML at line ");
    }

    @Test
    void infinityCannotBeImported() {
        assertThatThrownBy(() -> Format.TOML.read("a = { b = inf }\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("not valid TOML for JSON: the number at /a/b is infinite or not a number, which JSON cannot hold");
    }
}
