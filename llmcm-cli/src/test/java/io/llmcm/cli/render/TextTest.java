package io.llmcm.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.Value;
import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void oneLineReplacesControlCharactersAndCutsWithAnEllipsis() {
        assertThat(Text.oneLine("a\nb\tc", 10)).isEqualTo("a b c");
        assertThat(Text.oneLine("abcdefghij", 5)).isEqualTo("abcd…").hasSize(5);
        assertThat(Text.oneLine("abcde", 5)).isEqualTo("abcde");
    }

    @Test
    void oneLineOfAValueIsCompactJson() {
        Value v = Value.of(Json.parse("{ \"a\": [1, 2],\n \"b\": \"x\\ny\" }"));
        assertThat(Text.oneLine(v, 80)).isEqualTo("{\"a\":[1,2],\"b\":\"x\\ny\"}");
    }

    @Test
    void countsAgreeWithTheirNoun() {
        assertThat(Text.count(1, "key")).isEqualTo("1 key");
        assertThat(Text.count(0, "key")).isEqualTo("0 keys");
        assertThat(Text.count(2, "version")).isEqualTo("2 versions");
    }

    @Test
    void withNewlineAddsOnlyAMissingNewline() {
        assertThat(Text.withNewline("a")).isEqualTo("a\n");
        assertThat(Text.withNewline("a\n")).isEqualTo("a\n");
    }
}
