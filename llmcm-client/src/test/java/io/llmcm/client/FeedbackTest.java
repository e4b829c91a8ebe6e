package io.llmcm.client;

import static io.llmcm.client.LiveServer.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The application's verdict on each revision: a rejected snapshot is not served, the view reports
 * what it applied and accepted, and a server rollback rule reverts a change the clients reject.
 */
class FeedbackTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    record Preset(String model, int maxTokens) {}

    /** Refuses a preset asking more tokens than the model gives. */
    static final Validator TOKENS = candidate -> {
        for (String path : candidate.paths()) {
            Preset p = candidate.require(path, Preset.class);
            if (p.maxTokens() > 4096) {
                return Optional.of(path + ": maxTokens " + p.maxTokens() + " is above 4096");
            }
        }
        return Optional.empty();
    };

    static LiveServer server;

    @BeforeAll
    static void start() {
        server = LiveServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The server's count of {@code revision} in the acme base view of {@code prefix}. */
    static JsonNode counted(String prefix, long revision) {
        for (JsonNode view : server.ok("GET", "/v1/tenants/acme/reports?prefix=" + prefix, null).path("views")) {
            for (JsonNode r : view.path("revisions")) {
                if (r.path("revision").asLong() == revision) {
                    return r;
                }
            }
        }
        return null;
    }

    @Test
    void aRejectedRevisionIsNotServedAndIsReportedWithItsReason() {
        long good = server.put("acme", "presets/chat", "{\"model\":\"gpt-4o\",\"maxTokens\":1000}");
        try (LlmcmClient client = server.client().clientId("pod-a").build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "base").prefix("presets"), TOKENS);
            List<ChangeEvent> events = new CopyOnWriteArrayList<>();
            view.addListener(events::add);
            await(WAIT, "the first report", () -> counted("presets", view.revision()) != null);
            assertThat(counted("presets", view.revision()).path("accepted").asInt()).isEqualTo(1);

            long bad = server.put("acme", "presets/chat", "{\"model\":\"gpt-4o\",\"maxTokens\":200000}");
            await(WAIT, "the rejection report", () -> counted("presets", bad) != null);
            JsonNode rejected = counted("presets", bad);
            assertThat(rejected.path("rejected").asInt()).isEqualTo(1);
            assertThat(rejected.path("reasons").get(0).asString()).contains("maxTokens 200000 is above 4096");
            assertThat(view.require("presets/chat", Preset.class).maxTokens()).as("the last accepted value").isEqualTo(1000);
            assertThat(view.revision()).isLessThan(bad).isGreaterThanOrEqualTo(good);
            assertThat(events).as("no listener call for a rejected revision").isEmpty();

            long fixed = server.put("acme", "presets/chat", "{\"model\":\"gpt-4o\",\"maxTokens\":2000}");
            await(WAIT, "the fix", () -> view.revision() >= fixed);
            assertThat(view.require("presets/chat", Preset.class).maxTokens()).isEqualTo(2000);
            assertThat(events).hasSize(1);
            assertThat(events.getFirst().changedPaths()).containsExactly("presets/chat");
        }
    }

    @Test
    void aRollbackRuleRevertsAChangeTheClientsRejectAndTheViewsServeTheRevert() {
        server.ok("PUT", "/v1/tenants/acme/rollback-rules/guard", "{\"env\":\"base\",\"prefix\":\"guarded\",\"minReports\":2,\"rejectShare\":0.5}");
        server.put("acme", "guarded/chat", "{\"model\":\"gpt-4o\",\"maxTokens\":1000}");
        try (LlmcmClient a = server.client().clientId("pod-1").build();
                LlmcmClient b = server.client().clientId("pod-2").build()) {
            ConfigView va = a.config(ConfigSpec.of("acme", "base").prefix("guarded"), TOKENS);
            ConfigView vb = b.config(ConfigSpec.of("acme", "base").prefix("guarded"), TOKENS);
            long bad = server.put("acme", "guarded/chat", "{\"model\":\"gpt-4o\",\"maxTokens\":999999}");
            // both clients reject it; the second rejection trips the rule, the server reverts, the views move on
            await(WAIT, "the revert to reach both views", () -> va.revision() > bad && vb.revision() > bad);
            assertThat(va.require("guarded/chat", Preset.class).maxTokens()).isEqualTo(1000);
            JsonNode history = server.ok("GET", "/v1/tenants/acme/history/guarded/chat", null).path("items");
            assertThat(history.get(0).path("revision").asLong()).isEqualTo(va.revision());
            JsonNode audit = server.ok("GET", "/v1/audit?tenant=acme&action=rollout.rollback", null).path("items");
            assertThat(audit.get(0).path("outcome").asString()).isEqualTo("done");
        }
    }

    @Test
    void aFirstSnapshotTheApplicationRejectsFailsTheOpenWithoutADiskSnapshot() {
        server.put("acme", "first/chat", "{\"model\":\"x\",\"maxTokens\":50000}");
        try (LlmcmClient client = server.client().build()) {
            assertThatThrownBy(() -> client.config(ConfigSpec.of("acme", "base").prefix("first"), TOKENS))
                    .isInstanceOf(LlmcmClientException.class)
                    .hasMessageContaining("rejected").hasMessageContaining("maxTokens 50000 is above 4096");
        }
    }

    @Test
    void aValidatorThatThrowsRejectsAndNoReportsAreSentWhenTurnedOff() {
        long r = server.put("acme", "quiet/x", "{\"model\":\"m\",\"maxTokens\":1}");
        try (LlmcmClient client = server.client().reports(false).build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "base").prefix("quiet"), TOKENS);
            long boom = server.put("acme", "quiet/x", "\"not a preset\"");
            await(WAIT, "the view to see the change", () -> reached(view, boom));
            assertThat(view.require("quiet/x", Preset.class).maxTokens()).isEqualTo(1);
            assertThat(view.revision()).isEqualTo(r);
        }
        assertThat(server.ok("GET", "/v1/tenants/acme/reports?prefix=quiet", null).path("views")).isEmpty();
    }

    private static boolean reached(ConfigView view, long revision) {
        try {
            return view.awaitRevision(revision, Duration.ofMillis(100));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
