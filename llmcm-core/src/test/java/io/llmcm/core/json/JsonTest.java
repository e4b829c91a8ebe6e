package io.llmcm.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parsing: duplicate keys are refused with the key's name, never a value. */
class JsonTest {
    @Test
    void duplicateKeysAreRefusedNamingTheKeyNotTheValues() {
        assertThatThrownBy(() -> Json.parse("{\"a\":\"first-secret\",\"a\":\"second-secret\"}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("not valid JSON at line 1")
                .hasMessageEndingWith(": duplicate field 'a'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        assertThatThrownBy(() -> Json.parse("{\"outer\":{\"k\":1,\"j\":2,\"x\":3,\"k\":4}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(": duplicate field 'k'");
        assertThatThrownBy(() -> Json.parse("[{\"a\":1},{\"b\":2,\"b\":3}]")).hasMessageEndingWith("duplicate field 'b'");
    }

    @Test
    void theNameIsClippedAndControlCharactersEscaped() {
        String longName = "n".repeat(500);
        assertThatThrownBy(() -> Json.parse("{\"" + longName + "\":1,\"" + longName + "\":2}"))
                .hasMessageEndingWith(": duplicate field '" + "n".repeat(64) + "…'");
        assertThatThrownBy(() -> Json.parse("{\"a\\nb\":1,\"a\\nb\":2}")).hasMessageEndingWith(": duplicate field 'a\\u000ab'");
    }

    @Test
    void theSameKeyInDifferentObjectsIsFine() {
        assertThat(Json.parse("{\"a\":{\"a\":1},\"b\":[{\"a\":2},{\"a\":3}]}").get("b").get(1).get("a").asInt()).isEqualTo(3);
        assertThatThrownBy(() -> Json.parse("{\"a\":")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("not valid JSON at line 1").satisfies(e -> assertThat(e.getMessage()).doesNotContain("duplicate"));
    }
}
