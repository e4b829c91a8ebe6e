package io.llmcm.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.format.Format;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Value;
import org.junit.jupiter.api.Test;

class ValueViewTest {
    @Test
    void jsonValuesPrintAsPrettyJsonByDefault() {
        assertThat(ValueView.render(Value.of(Json.parse("{\"a\":1}")), null)).isEqualTo("{\n  \"a\": 1\n}\n");
    }

    @Test
    void textValuesPrintRawWithOneTrailingNewline() {
        assertThat(ValueView.render(Value.text("You are helpful."), null)).isEqualTo("You are helpful.\n");
        assertThat(ValueView.render(Value.text("line\n"), null)).isEqualTo("line\n");
    }

    @Test
    void textOutputOfANonStringIsCompactJson() {
        assertThat(ValueView.render(Value.of(Json.parse("{\"a\": [1, 2]}")), Format.TEXT)).isEqualTo("{\"a\":[1,2]}\n");
        assertThat(ValueView.render(Value.of(Json.parse("\"s\"")), Format.TEXT)).isEqualTo("s\n");
    }

    @Test
    void jsonOutputOfATextValueIsAJsonString() {
        assertThat(ValueView.render(Value.text("a \"q\""), Format.JSON)).isEqualTo("\"a \\\"q\\\"\"\n");
    }
}
