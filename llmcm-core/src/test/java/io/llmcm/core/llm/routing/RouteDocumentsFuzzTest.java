package io.llmcm.core.llm.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.Violation;
import io.llmcm.core.json.Json;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Random route-shaped documents (seeded): the check never throws, every problem has a pointer
 * into the document, a route is returned exactly when there are no problems, and no message
 * repeats a string value (which may be a credential).
 */
class RouteDocumentsFuzzTest {
    private static final String MARKER = "sk fuzz marker"; // not a valid key path: paths are the one kind of string messages name
    private static final List<String> KEYS = List.of("targets", "fallbacks", "retry", "timeout_ms", "fallback_on", "budgets", "cost_tracking",
            "model", "weight", "route", "attempts", "backoff_ms", "max_backoff_ms", "on", "errors", "latency_ms_above",
            "tokens_per_minute", "tokens_per_day", "requests_per_minute", "enabled", "sink", "url", "tags");

    static LongStream seeds() {
        return LongStream.range(0, 500);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void neverThrowsAndPointsIntoTheDocument(long seed) {
        Random rnd = new Random(seed);
        JsonNode doc = value(rnd, 0);
        RouteDocuments.Parsed p = RouteDocuments.parse(doc);
        assertThat(p.route() == null).as("%s", doc).isEqualTo(!p.problems().isEmpty());
        for (Violation v : p.problems()) {
            assertThat(v.pointer()).as("%s in %s", v, doc).matches("(/[^/]*)*");
            assertThat(v.message()).as("%s", doc).doesNotContain(MARKER).isNotBlank();
        }
        var ctx = new MapContext("routes/fuzz").with("models/openai/gpt-4o", "{provider: openai, model: gpt-4o}");
        assertThat(new RouteCheck().check(doc, ctx)).allSatisfy(v -> assertThat(v.message()).doesNotContain(MARKER));
    }

    private static JsonNode value(Random rnd, int depth) {
        int kind = depth == 0 ? 0 : rnd.nextInt(depth > 3 ? 4 : 6);
        return switch (kind) {
            case 0, 4 -> {
                ObjectNode o = Json.NODES.objectNode();
                int n = rnd.nextInt(5);
                for (int i = 0; i < n; i++) {
                    o.set(KEYS.get(rnd.nextInt(KEYS.size())), value(rnd, depth + 1));
                }
                yield o;
            }
            case 1 -> switch (rnd.nextInt(6)) {
                case 0 -> Json.NODES.numberNode(rnd.nextInt(30) - 5);
                case 1 -> Json.NODES.numberNode(rnd.nextDouble() * 10);
                case 2 -> Json.NODES.numberNode(new java.math.BigDecimal("1e" + rnd.nextInt(40)));
                case 3 -> Json.NODES.booleanNode(rnd.nextBoolean());
                case 4 -> Json.NODES.nullNode();
                default -> Json.NODES.numberNode(Long.MAX_VALUE);
            };
            case 2 -> Json.NODES.stringNode(switch (rnd.nextInt(6)) {
                case 0 -> "models/openai/gpt-4o";
                case 1 -> "rate_limit";
                case 2 -> "webhook";
                case 3 -> "https://x.example/" + MARKER;
                case 4 -> "fuzz";
                default -> MARKER + rnd.nextInt(100);
            });
            default -> {
                ArrayNode a = Json.NODES.arrayNode();
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(value(rnd, depth + 1));
                }
                yield a;
            }
        };
    }
}
