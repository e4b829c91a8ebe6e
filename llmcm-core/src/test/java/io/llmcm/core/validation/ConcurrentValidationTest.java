package io.llmcm.core.validation;

import static io.llmcm.core.validation.Fixtures.compile;
import static io.llmcm.core.validation.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** One compiled schema, eight threads, the same answers as on one thread. */
class ConcurrentValidationTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 300;

    @Test
    @Timeout(60)
    void validateFromEightThreadsGivesIdenticalResults() throws Exception {
        CompiledSchema schema = compile("""
                {"type":"object","required":["model"],"properties":{
                  "model":{"type":"string","pattern":"^[a-z0-9-]+$"},
                  "temperature":{"type":"number","minimum":0,"maximum":2},
                  "max_tokens":{"type":"integer","minimum":1},
                  "context_window":{"type":"integer"},
                  "fallbacks":{"type":"array","items":{"$ref":"#/$defs/fallback"}}},
                 "$defs":{"fallback":{"type":"object","required":["model"]}}}""",
                Fixtures.MAX_TOKENS_RULE, Fixtures.rule("self.temperature < 1.5", "too hot", "/temperature"));
        List<JsonNode> values = List.of(
                json("{\"model\":\"gpt-4o\",\"temperature\":0.7,\"max_tokens\":10,\"context_window\":100}"),
                json("{\"model\":\"GPT\",\"temperature\":1.9,\"max_tokens\":1000,\"context_window\":100}"),
                json("{\"temperature\":3,\"max_tokens\":0,\"context_window\":1,\"fallbacks\":[{},{\"model\":1}]}"),
                json("{\"model\":\"x\",\"temperature\":1,\"max_tokens\":5}"));
        List<List<Violation>> expected = values.stream().map(schema::validate).toList();
        assertThat(expected.get(0)).isEmpty();
        assertThat(expected.get(1)).hasSize(3);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<List<Violation>>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<List<Violation>> seen = new ArrayList<>();
                    for (int r = 0; r < ROUNDS; r++) {
                        int i = (r + offset) % values.size();
                        List<Violation> got = schema.validate(values.get(i));
                        if (!got.equals(expected.get(i))) {
                            seen.add(got); // keep only mismatches
                        }
                    }
                    return seen;
                }));
            }
            start.countDown();
            for (Future<List<List<Violation>>> f : futures) {
                assertThat(f.get()).as("mismatching results from one thread").isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(60)
    void compilingConcurrentlyIsSafeToo() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> compile(Fixtures.MODEL_PRESET, Fixtures.MAX_TOKENS_RULE)
                        .validate(json("{\"temperature\":5}")).size()));
            }
            for (Future<Integer> f : futures) {
                assertThat(f.get()).isEqualTo(2); // required model, maximum
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
