package io.llmcm.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import org.junit.jupiter.api.Test;

class ValueTest {
    private static String nested(int levels) {
        return "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
    }

    @Test
    void nestingUpToTenLevelsIsAllowed() {
        assertThat(Value.of(Json.parse(nested(10))).size()).isPositive();
        assertThatThrownBy(() -> Value.of(Json.parse(nested(11))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("value nests 11 levels deep; at most 10 levels are allowed");
    }

    @Test
    void containsAsciiAgreesWithTheJsonText() {
        java.util.Random r = new java.util.Random(7);
        String alphabet = "${}ab:\"";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = r.nextInt(12); n > 0; n--) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            Value v = Value.text(sb.toString());
            String json = Json.utf8(v.bytes());
            for (String needle : new String[] {"${", "$", "}", "ab", "${secret:"}) {
                assertThat(v.containsAscii(needle)).as(json + " / " + needle).isEqualTo(json.contains(needle));
            }
        }
    }

    @Test
    void schemaDocumentsMayNestDeeper() {
        assertThat(Value.document(Json.parse(nested(32))).size()).isPositive();
        assertThatThrownBy(() -> Value.document(Json.parse(nested(33)))).hasMessageContaining("at most 32 levels");
    }

    @Test
    void oneMebibyteOfJsonIsTheLimit() {
        String fits = "x".repeat(Json.MAX_VALUE_BYTES - 2); // plus the two quotes
        assertThat(Value.text(fits).size()).isEqualTo(Json.MAX_VALUE_BYTES);
        assertThatThrownBy(() -> Value.text(fits + "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("value is 1048577 bytes as JSON; at most 1048576 bytes (1 MiB) are allowed");
    }

    @Test
    void valuesAreComparedByContentAndKind() {
        assertThat(Value.of(Json.parse("{\"a\": 1}"))).isEqualTo(Value.of(Json.parse("{\"a\":1}")));
        assertThat(Value.text("hi")).isNotEqualTo(Value.of(Json.parse("\"hi\"")));
        assertThat(Value.text("hi").textOrNull()).isEqualTo("hi");
        assertThat(Value.of(Json.parse("null")).isNull()).isTrue();
    }

    @Test
    void bytesAreACopy() {
        Value v = Value.of(Json.parse("[1]"));
        v.bytes()[0] = 'x';
        assertThat(v.toString()).isEqualTo("[1]");
    }
}
