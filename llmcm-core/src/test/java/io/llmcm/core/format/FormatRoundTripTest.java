package io.llmcm.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import io.llmcm.core.json.RandomJson;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Property tests: write then read gives the tree back, for every format that can hold it. */
class FormatRoundTripTest {
    static IntStream seeds() {
        return IntStream.range(0, 200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void jsonRoundTripsAnyTree(int seed) {
        JsonNode tree = RandomJson.tree(new Random(seed), 5);
        assertThat(Format.JSON.read(Format.JSON.write(tree))).isEqualTo(tree);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void yamlRoundTripsAnyTree(int seed) {
        JsonNode tree = RandomJson.tree(new Random(seed), 5);
        String yaml = Format.YAML.write(tree);
        assertThat(yaml).doesNotStartWith("---");
        assertThat(Format.YAML.read(yaml)).as(yaml).isEqualTo(tree);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void tomlRoundTripsObjectsWithoutNull(int seed) {
        JsonNode tree = withoutNulls(RandomJson.object(new Random(seed), 5));
        String toml = Format.TOML.write(tree);
        assertThat(Format.TOML.read(toml)).as(toml).isEqualTo(tree);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void propertiesRoundTripObjectsUpToTyping(int seed) {
        ObjectNode tree = RandomJson.object(new Random(seed), 5);
        String props = Format.PROPERTIES.write(tree);
        assertThat(Format.PROPERTIES.read(props)).as(props).isEqualTo(typed(tree));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void envRoundTripsFlatObjectsOfScalars(int seed) {
        Random r = new Random(seed);
        ObjectNode tree = Json.NODES.objectNode();
        for (int i = r.nextInt(6); i > 0; i--) {
            JsonNode v = RandomJson.scalar(r);
            if (!v.isNull()) {
                tree.set("VAR_" + (char) ('A' + r.nextInt(5)), v);
            }
        }
        String env = Format.ENV.write(tree);
        assertThat(Format.ENV.read(env)).as(env).isEqualTo(tree);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void textRoundTripsStrings(int seed) {
        JsonNode s = Json.NODES.stringNode(RandomJson.string(new Random(seed)));
        assertThat(Format.TEXT.read(Format.TEXT.write(s))).isEqualTo(s);
    }

    /** A copy without null fields or elements (TOML has no null). */
    static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = Json.NODES.objectNode();
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                if (!f.getValue().isNull()) {
                    o.set(f.getKey(), withoutNulls(f.getValue()));
                }
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = Json.NODES.arrayNode();
            node.values().stream().filter(v -> !v.isNull()).forEach(v -> a.add(withoutNulls(v)));
            return a;
        }
        return node;
    }

    /** The tree as an untyped format gives it back: strings that look like JSON scalars are typed. */
    static JsonNode typed(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = Json.NODES.objectNode();
            node.properties().forEach(f -> o.set(f.getKey(), typed(f.getValue())));
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = Json.NODES.arrayNode();
            node.values().forEach(v -> a.add(typed(v)));
            return a;
        }
        return node.isString() ? Scalars.typed(node.stringValue()) : node;
    }
}
