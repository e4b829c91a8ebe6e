package io.llmcm.core.llm.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cycle detection over random fallback graphs (seeded, so a failure names its seed): a cycle is
 * reported exactly when one is reachable from the start (by a transitive-closure oracle), and what
 * is reported is a real cycle reachable from the start.
 */
class RouteGraphPropertyTest {
    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aCycleIsFoundExactlyWhenOneIsReachable(long seed) {
        Random rnd = new Random(seed);
        int n = 1 + rnd.nextInt(12);
        double density = rnd.nextDouble() * 0.35;
        Map<String, List<String>> edges = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            List<String> out = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (rnd.nextDouble() < density) {
                    out.add("r" + j);
                }
            }
            java.util.Collections.shuffle(out, rnd);
            edges.put("r" + i, out);
        }
        String start = "r" + rnd.nextInt(n);

        Optional<List<String>> found = RouteGraph.cycleFrom(start, a -> edges.getOrDefault(a, List.of()));

        boolean[][] reach = closure(edges, n);
        int s = Integer.parseInt(start.substring(1));
        boolean expected = false;
        for (int v = 0; v < n; v++) {
            expected |= (v == s || reach[s][v]) && reach[v][v];
        }
        assertThat(found.isPresent()).as("graph %s from %s", edges, start).isEqualTo(expected);
        found.ifPresent(c -> {
            assertThat(c.getFirst()).isEqualTo(c.getLast());
            assertThat(c.subList(0, c.size() - 1)).doesNotHaveDuplicates();
            for (int i = 0; i + 1 < c.size(); i++) {
                assertThat(edges.get(c.get(i))).as("edge %s → %s", c.get(i), c.get(i + 1)).contains(c.get(i + 1));
            }
            int first = Integer.parseInt(c.getFirst().substring(1));
            assertThat(first == s || reach[s][first]).as("cycle reachable from the start").isTrue();
        });
    }

    /**
     * Through the check itself: routes r0..rn in a scope fall back to each other at random; the
     * route checked reports a cycle exactly when, ignoring its own self-fallback (reported on its
     * own), some route it falls back to leads into a cycle.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theCheckReportsACycleExactlyWhenOneIsReachable(long seed) {
        Random rnd = new Random(seed ^ 0x5DEECE66DL);
        int n = 1 + rnd.nextInt(8);
        double density = rnd.nextDouble() * 0.4;
        MapContext base = new MapContext("").with("models/m", "{provider: openai, model: gpt-4o}");
        Map<String, List<String>> edges = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            List<String> out = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (rnd.nextDouble() < density) {
                    out.add("r" + j);
                }
            }
            java.util.Collections.shuffle(out, rnd);
            edges.put("r" + i, out);
            StringBuilder doc = new StringBuilder("{targets: [{model: models/m}], fallbacks: [");
            out.forEach(a -> doc.append("{route: ").append(a).append("},"));
            base.with("routes/r" + i, doc.append("]}").toString());
        }
        int s = rnd.nextInt(n);
        String self = "r" + s;
        List<String> messages = new RouteCheck().check(base.config("routes/" + self), base.at("routes/" + self)).stream()
                .map(io.llmcm.core.Violation::message).toList();

        Map<String, List<String>> withoutSelfLoop = new TreeMap<>(edges);
        withoutSelfLoop.put(self, edges.get(self).stream().filter(a -> !a.equals(self)).toList());
        boolean[][] reach = closure(withoutSelfLoop, n);
        boolean expected = false;
        for (int v = 0; v < n; v++) {
            expected |= reach[s][v] && reach[v][v];
        }
        assertThat(messages.stream().anyMatch(m -> m.contains("cycle"))).as("graph %s checking %s: %s", edges, self, messages).isEqualTo(expected);
        assertThat(messages.contains("route " + self + " falls back to itself")).isEqualTo(edges.get(self).contains(self));
    }

    /** reach[a][b]: a path of at least one edge from a to b (Floyd–Warshall over booleans). */
    private static boolean[][] closure(Map<String, List<String>> edges, int n) {
        boolean[][] r = new boolean[n][n];
        edges.forEach((from, tos) -> tos.forEach(to -> r[Integer.parseInt(from.substring(1))][Integer.parseInt(to.substring(1))] = true));
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    r[i][j] |= r[i][k] && r[k][j];
                }
            }
        }
        return r;
    }
}
