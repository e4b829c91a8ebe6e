package io.llmcm.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** Laws of diff and apply over seeded random trees. */
class JsonPatchPropertyTest {
    static IntStream seeds() {
        return IntStream.range(0, 200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void applyingTheDiffGivesTheTarget(int seed) {
        Random r = new Random(seed);
        JsonNode a = RandomJson.tree(r, 5);
        JsonNode b = RandomJson.tree(r, 5);
        assertThat(JsonPatch.apply(a, JsonPatch.diff(a, b))).isEqualTo(b);
    }

    /** Two objects of overlapping names: diffs that recurse, not just replace the root. */
    @ParameterizedTest
    @MethodSource("seeds")
    void applyingTheDiffOfOverlappingObjectsGivesTheTarget(int seed) {
        Random r = new Random(seed);
        JsonNode a = RandomJson.object(r, 5);
        JsonNode b = RandomJson.object(r, 5);
        assertThat(JsonPatch.apply(a, JsonPatch.diff(a, b))).isEqualTo(b);
        assertThat(JsonPatch.apply(b, JsonPatch.diff(b, a))).isEqualTo(a);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theDiffOfATreeWithItselfIsEmpty(int seed) {
        JsonNode a = RandomJson.tree(new Random(seed), 5);
        assertThat(JsonPatch.diff(a, a)).isEmpty();
        assertThat(JsonPatch.diff(a, a.deepCopy())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void applyChangesNeitherItsInputNorThePatch(int seed) {
        Random r = new Random(seed);
        JsonNode a = RandomJson.object(r, 5);
        JsonNode b = RandomJson.object(r, 5);
        JsonNode aBefore = a.deepCopy();
        ArrayNode patch = JsonPatch.diff(a, b);
        ArrayNode patchBefore = patch.deepCopy();
        JsonNode result = JsonPatch.apply(a, patch);
        assertThat(a).isEqualTo(aBefore);
        assertThat(patch).isEqualTo(patchBefore);
        // and the result shares no nodes with them: changing it changes neither
        if (result.isObject()) {
            result.properties().forEach(f -> {
                if (f.getValue().isObject()) {
                    ((tools.jackson.databind.node.ObjectNode) f.getValue()).put("mutated", true);
                }
            });
        }
        assertThat(a).isEqualTo(aBefore);
        assertThat(patch).isEqualTo(patchBefore);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void thePatchSurvivesJsonTextAndDescribesOneLinePerOp(int seed) {
        Random r = new Random(seed);
        JsonNode a = RandomJson.object(r, 4);
        JsonNode b = RandomJson.object(r, 4);
        ArrayNode patch = (ArrayNode) Json.parse(Json.compact(JsonPatch.diff(a, b)));
        assertThat(JsonPatch.apply(a, patch)).isEqualTo(b);
        assertThat(JsonPatch.describe(patch)).hasSize(patch.size()).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
    }
}
