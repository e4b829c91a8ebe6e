package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.audit.AuditEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/audit} pages: at most {@code limit} events, oldest first, and {@code next} to pass
 * as {@code after=}. Walking the pages sees every event exactly once and in order, also while
 * events are being appended (the walk's own reads are audited too).
 */
class AuditPagingTest {
    private static final int APPENDED = 150;
    static TestServer s;

    @BeforeAll
    static void start() {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    /** The events of every page from the first on, until the walk has caught up after the appender finished. */
    private static List<JsonNode> walk(String query, int limit, CompletableFuture<Void> appending) {
        List<JsonNode> seen = new ArrayList<>();
        long after = 0;
        while (true) {
            boolean appenderDone = appending.isDone(); // read before the page: a page after it is complete
            TestServer.Reply r = s.get("/v1/audit?limit=" + limit + "&after=" + after + query, TestServer.BOOTSTRAP);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode page = r.json();
            assertThat(page.get("items").size()).isLessThanOrEqualTo(limit);
            page.get("items").forEach(seen::add);
            after = page.get("next").asLong();
            if (!page.get("more").asBoolean() && appenderDone) {
                return seen;
            }
        }
    }

    private static CompletableFuture<Void> append(String action) {
        return CompletableFuture.runAsync(() -> {
            for (int i = 0; i < APPENDED; i++) {
                s.repo().audit().record(AuditEvent.of(Instant.now(), "test", action, "acme", "t" + i, "allowed", ""));
                if (i % 20 == 0) {
                    Thread.yield();
                }
            }
        });
    }

    @Test
    void walkingEveryPageSeesEveryEventOnceInOrderWhileEventsAreAppended() {
        CompletableFuture<Void> appending = append("test.walk");
        List<JsonNode> seen = walk("", 7, appending);
        long expected = 1;
        for (JsonNode e : seen) {
            assertThat(e.get("seq").asLong()).as("no gap, no repeat").isEqualTo(expected++);
        }
        assertThat(targets(seen, "test.walk")).hasSize(APPENDED).doesNotHaveDuplicates();
    }

    @Test
    void aFilteredWalkSeesEachMatchingEventOnceInOrder() {
        CompletableFuture<Void> appending = append("test.filtered");
        List<JsonNode> seen = walk("&action=test.filtered", 11, appending);
        assertThat(seen).allSatisfy(e -> assertThat(e.get("action").asString()).isEqualTo("test.filtered"));
        assertThat(seen.stream().mapToLong(e -> e.get("seq").asLong()).toArray()).isSorted().doesNotHaveDuplicates();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < APPENDED; i++) {
            expected.add("t" + i);
        }
        assertThat(targets(seen, "test.filtered")).containsExactlyElementsOf(expected);
    }

    @Test
    void badPagingValuesAreRefusedNamingTheField() {
        for (String limit : new String[] {"0", "1001", "-5", "ten", "99999999999999999999"}) {
            Problem.field(s.get("/v1/audit?limit=" + limit, TestServer.BOOTSTRAP), 400, "query:limit");
        }
        for (String after : new String[] {"-1", "x", "1.5"}) {
            Problem.field(s.get("/v1/audit?after=" + after, TestServer.BOOTSTRAP), 400, "query:after");
        }
        assertThat(s.get("/v1/audit?limit=1000", TestServer.BOOTSTRAP).status()).isEqualTo(200);
        JsonNode defaults = s.get("/v1/audit", TestServer.BOOTSTRAP).json();
        assertThat(defaults.get("items").size()).isLessThanOrEqualTo(100);
    }

    private static List<String> targets(List<JsonNode> events, String action) {
        return events.stream().filter(e -> e.get("action").asString().equals(action)).map(e -> e.get("target").asString()).toList();
    }
}
