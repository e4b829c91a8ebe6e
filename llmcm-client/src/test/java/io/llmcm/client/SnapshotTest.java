package io.llmcm.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Snapshots without a server: binding, its cache, carrying entries over, the backoff curve. */
class SnapshotTest {
    record Model(String model, double temperature) {}

    private static final ObjectMapper M = LlmcmClient.defaultMapper();

    static ConfigValue value(String path, String json, long mod) {
        return new ConfigValue(path, M.readTree(json), "json", mod, null);
    }

    @Test
    void bindsToARecordOnceAndKeepsTheObject() {
        Snapshot s = Snapshot.of(7, List.of(value("models/chat", "{\"model\":\"gpt-4o\",\"temperature\":0.2,\"extra\":1}", 7)));
        Model m = s.require("models/chat", Model.class);
        assertThat(m).isEqualTo(new Model("gpt-4o", 0.2));
        assertThat(s.get("models/chat", Model.class).orElseThrow()).isSameAs(m);
        assertThat(s.get("models/chat", Model.class)).isSameAs(s.get("models/chat", Model.class));
        assertThat(s.node("models/chat").orElseThrow().path("model").asString()).isEqualTo("gpt-4o");
        assertThat(s.get("models/chat", Model.class).orElseThrow()).as("a second type leaves the first bound").isSameAs(m);
        assertThat(s.get("models/none", Model.class)).isEmpty();
        assertThatThrownBy(() -> s.require("models/none", Model.class)).isInstanceOf(NoSuchElementException.class);
        assertThat(s.revision()).isEqualTo(7);
        assertThat(s.paths()).containsExactly("models/chat");
    }

    @Test
    void aValueThatDoesNotBindSaysWhere() {
        Snapshot s = Snapshot.of(1, List.of(value("n", "[1,2]", 1)));
        assertThatThrownBy(() -> s.get("n", Model.class))
                .isInstanceOf(LlmcmClientException.class)
                .hasMessageContaining("'n'")
                .hasMessageContaining(Model.class.getName());
    }

    @Test
    void textAndNullValues() {
        Snapshot s = Snapshot.of(1, List.of(
                new ConfigValue("t", M.readTree("\"hello\""), "text", 1, null),
                value("z", "null", 1)));
        assertThat(s.get("t", String.class)).contains("hello");
        assertThat(s.get("z", Model.class)).isEmpty();
        assertThat(s.value("t").orElseThrow().type()).isEqualTo("text");
    }

    @Test
    void unchangedEntriesAreCarriedOverWithWhatTheyBound() {
        Snapshot a = Snapshot.of(1, List.of(value("a", "{\"model\":\"x\",\"temperature\":1}", 1), value("b", "{\"model\":\"y\",\"temperature\":1}", 1)));
        Model boundA = a.require("a", Model.class);
        Snapshot b = a.with(2, List.of(value("b", "{\"model\":\"z\",\"temperature\":1}", 2)), List.of());
        assertThat(b.require("a", Model.class)).isSameAs(boundA);
        assertThat(b.require("b", Model.class).model()).isEqualTo("z");
        assertThat(a.require("b", Model.class).model()).as("the old snapshot is untouched").isEqualTo("y");

        Snapshot fresh = Snapshot.of(5, List.of(value("a", "{\"model\":\"x\",\"temperature\":1}", 1), value("c", "{}", 5)));
        Set<String> changed = new HashSet<>();
        Snapshot c = b.carryInto(fresh, changed);
        assertThat(changed).containsExactlyInAnyOrder("b", "c");
        assertThat(c.revision()).isEqualTo(5);
        assertThat(c.require("a", Model.class)).isSameAs(boundA);
        assertThat(c.with(6, List.of(), List.of("a")).paths()).containsExactly("c");
        assertThat(c.at(9).revision()).isEqualTo(9);
        assertThat(c.at(9).require("a", Model.class)).isSameAs(boundA);
    }

    @Test
    void jsonNodeIsServedWithoutBinding() {
        ConfigValue v = value("a", "{\"k\":1}", 1);
        assertThat(Snapshot.of(1, List.of(v)).get("a", JsonNode.class).orElseThrow()).isSameAs(v.value());
    }

    @Test
    void backoffDoublesToItsCapWithJitterInTheUpperHalf() {
        Duration i = Duration.ofMillis(250);
        Duration max = Duration.ofSeconds(30);
        assertThat(ConfigView.backoff(1, i, max, 0.0)).isEqualTo(Duration.ofMillis(125));
        assertThat(ConfigView.backoff(1, i, max, 0.999)).isLessThanOrEqualTo(Duration.ofMillis(250));
        assertThat(ConfigView.backoff(3, i, max, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigView.backoff(40, i, max, 0.999)).isLessThanOrEqualTo(max).isGreaterThan(Duration.ofSeconds(29));
        assertThat(ConfigView.backoff(Integer.MAX_VALUE, i, max, 0.0)).isEqualTo(Duration.ofSeconds(15));
    }
}
