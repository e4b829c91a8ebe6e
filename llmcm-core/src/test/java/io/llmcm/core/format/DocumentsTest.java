package io.llmcm.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import io.llmcm.core.json.RandomJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class DocumentsTest {
    private static final JsonNode DOC = Json.parse("""
            {"openai": {"gpt-4o": {"temperature": 0.2}, "o3": {"effort": "high"}},
             "anthropic": {"claude-3.5-sonnet": {"max_tokens": 4096}}}""");

    @Test
    void depthZeroIsTheWholeDocumentAtThePrefix() {
        assertThat(Documents.split(DOC, 0)).containsExactly(Map.entry("", DOC));
        assertThat(Documents.split(Json.parse("\"just text\""), 0)).containsOnlyKeys("");
    }

    @Test
    void depthOneMakesTopLevelFieldsEntries() {
        assertThat(Documents.split(DOC, 1)).containsExactly(
                Map.entry("openai", DOC.get("openai")), Map.entry("anthropic", DOC.get("anthropic")));
    }

    @Test
    void depthTwoGoesOneLevelFurtherInDocumentOrder() {
        assertThat(Documents.split(DOC, 2).keySet())
                .containsExactly("openai/gpt-4o", "openai/o3", "anthropic/claude-3.5-sonnet");
        assertThat(Documents.split(DOC, 3)).containsExactly(
                Map.entry("openai/gpt-4o/temperature", Json.parse("0.2")),
                Map.entry("openai/o3/effort", Json.parse("\"high\"")),
                Map.entry("anthropic/claude-3.5-sonnet/max_tokens", Json.parse("4096")));
    }

    @Test
    void aSlashInAFieldNameIsSeveralSegmentsButOneLevel() {
        JsonNode doc = Json.parse("{\"openai/gpt-4o\": {\"temperature\": 0.2}, \"local\": {\"llama/3\": 1}}");
        assertThat(Documents.split(doc, 1).keySet()).containsExactly("openai/gpt-4o", "local");
        assertThat(Documents.split(doc, 2).keySet()).containsExactly("openai/gpt-4o/temperature", "local/llama/3");
    }

    @Test
    void valuesAreCopies() {
        ObjectNode doc = (ObjectNode) DOC.deepCopy();
        ((ObjectNode) Documents.split(doc, 1).get("openai")).put("x", 1);
        assertThat(doc).isEqualTo(DOC);
    }

    @Test
    void emptyObjectsGiveNoEntries() {
        assertThat(Documents.split(Json.parse("{}"), 1)).isEmpty();
        assertThat(Documents.split(Json.parse("{\"a\":{}}"), 2)).isEmpty();
    }

    @Test
    void aNonObjectAboveTheDepthIsAnErrorNamingTheField() {
        assertThatThrownBy(() -> Documents.split(Json.parse("{\"a\":{\"b\":\"s3cr3t\"}}"), 3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("field /a/b is a string, not an object; depth 3 needs objects on every level above the entries");
        assertThatThrownBy(() -> Documents.split(Json.parse("[1]"), 1))
                .hasMessage("the document is an array, not an object; depth 1 needs objects on every level above the entries");
    }

    @Test
    void badNamesAreErrorsNamingTheField() {
        assertThatThrownBy(() -> Documents.split(Json.parse("{\"ok\":{\"bad name\":1}}"), 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("field /ok/bad name does not give a valid entry path: ");
        assertThatThrownBy(() -> Documents.split(Json.parse("{\"a/\":1}"), 1))
                .hasMessageStartingWith("field /a~1 does not give a valid entry path: ")
                .hasMessageContaining("empty segment");
        assertThatThrownBy(() -> Documents.split(Json.parse("{\"\":1}"), 1))
                .hasMessageStartingWith("field / does not give a valid entry path: path is empty");
        assertThatThrownBy(() -> Documents.split(Json.parse("{\"..\":1}"), 1)).hasMessageContaining("'..'");
    }

    @Test
    void twoFieldsGivingOnePathAreAnError() {
        assertThatThrownBy(() -> Documents.split(Json.parse("{\"a\":{\"b/c\":1},\"a/b\":{\"c\":2}}"), 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("fields /a/b~1c and /a~1b/c both give the entry path a/b/c");
    }

    @Test
    void negativeDepthIsAnError() {
        assertThatThrownBy(() -> Documents.split(DOC, -1)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void joinUsesPathsAsTopLevelFields() {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        entries.put("openai/gpt-4o", Json.parse("{\"temperature\":0.2}"));
        entries.put("prompts/system", Json.parse("\"You are helpful.\""));
        assertThat(Documents.join(entries))
                .isEqualTo(Json.parse("{\"openai/gpt-4o\":{\"temperature\":0.2},\"prompts/system\":\"You are helpful.\"}"));
        assertThat(Documents.split(Documents.join(entries), 1)).containsExactlyEntriesOf(entries);
    }

    @Test
    void joinRejectsThePrefixItselfAndBadPaths() {
        assertThatThrownBy(() -> Documents.join(Map.of("", Json.parse("1"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("export it alone");
        assertThatThrownBy(() -> Documents.join(Map.of("a//b", Json.parse("1")))).isInstanceOf(InvalidInputException.class);
    }

    static IntStream seeds() {
        return IntStream.range(0, 200);
    }

    /** join then split(…, 1) gives the entries back, also through every format that holds them. */
    @ParameterizedTest
    @MethodSource("seeds")
    void joinAndSplitRoundTrip(int seed) {
        Random r = new Random(seed);
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            String path = String.join("/", IntStream.range(0, 1 + r.nextInt(3)).mapToObj(j -> "seg" + r.nextInt(3)).toList());
            entries.put(path, RandomJson.tree(r, 3));
        }
        ObjectNode joined = Documents.join(entries);
        assertThat(Documents.split(joined, 1)).containsExactlyEntriesOf(entries);
        for (Format f : new Format[] {Format.JSON, Format.YAML}) {
            assertThat(Documents.split(f.read(f.write(joined)), 1)).containsExactlyEntriesOf(entries);
        }
    }
}
