package io.llmcm.core.targeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rollout hash, the context's checks, and rule selection on a parsed list. */
class RolloutsTest {
    @Test
    void theBucketIsTheFirstEightBytesOfSha256ModuloAHundredThousand() throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest("models/chat\ngpt41-rollout\n42".getBytes(StandardCharsets.UTF_8));
        long expected = Long.remainderUnsigned(ByteBuffer.wrap(d, 0, 8).getLong(), 100_000);
        assertThat(Rollouts.bucket("models/chat", "gpt41-rollout", "42")).isEqualTo((int) expected);
        // pinned (also computed with sha256sum): other SDKs and servers must bucket the same key the same way
        assertThat(Rollouts.bucket("models/chat", "gpt41-rollout", "42")).isEqualTo(7_003);
    }

    @Test
    void percentMapsToBucketsWithAThousandthOfAPercent() {
        assertThat(Rollouts.includes(0, 0)).isFalse();
        assertThat(Rollouts.includes(0.001, 0)).isTrue();
        assertThat(Rollouts.includes(0.001, 1)).isFalse();
        assertThat(Rollouts.includes(2.5, 2_499)).isTrue();
        assertThat(Rollouts.includes(2.5, 2_500)).isFalse();
        assertThat(Rollouts.includes(100, 99_999)).isTrue();
    }

    @Test
    void bucketsOfDifferentRulesAreIndependent() {
        int both = 0;
        for (int i = 0; i < 100_000; i++) {
            boolean a = Rollouts.includes(10, Rollouts.bucket("p", "a", "u" + i));
            boolean b = Rollouts.includes(10, Rollouts.bucket("p", "b", "u" + i));
            both += a && b ? 1 : 0;
        }
        assertThat(both).isBetween(800, 1_200); // 1 % of the keys when independent, not 10 %
    }

    @Test
    void aContextChecksItsNamesAndValues() {
        assertThat(TargetingContext.parse(List.of("region=eu", "note=a=b")).attributes()).isEqualTo(Map.of("region", "eu", "note", "a=b"));
        assertThat(TargetingContext.parse(List.of()).isEmpty()).isTrue();
        assertThatThrownBy(() -> TargetingContext.parse(List.of("region"))).isInstanceOf(InvalidInputException.class)
                .hasMessage("context attribute 'region' must be NAME=VALUE, e.g. region=eu");
        assertThatThrownBy(() -> TargetingContext.parse(List.of("a=1", "a=2"))).hasMessage("context attribute 'a' is given twice");
        assertThatThrownBy(() -> TargetingContext.parse(List.of("region="))).hasMessage("context attribute 'region' has no value; give NAME=VALUE, e.g. region=eu");
        assertThatThrownBy(() -> TargetingContext.of(Map.of("1a", "x"))).hasMessageContaining("context attribute name '1a' is not valid");
        assertThatThrownBy(() -> TargetingContext.of(Map.of("a", "x".repeat(1025))))
                .hasMessage("context attribute 'a' is 1025 characters long; at most 1024 are allowed");
        java.util.Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("a" + i, "x");
        }
        assertThatThrownBy(() -> TargetingContext.of(many)).hasMessageContaining("at most 64 attributes");
    }

    @Test
    void selectionTriesTheRulesInOrder() {
        Targeting t = Targeting.parse(Json.parse("""
                {"$targeting":[
                  {"name":"a","when":"ctx.tier == 'pro'","rollout":{"percent":0,"by":"user_id"},"set":{"x":1}},
                  {"name":"b","when":"ctx.tier == 'pro'","set":{"x":2}},
                  {"name":"c","rollout":{"percent":100,"by":"user_id"},"set":{"x":3}}]}"""));
        assertThat(t.select("p", TargetingContext.parse(List.of("tier=pro", "user_id=1"))).name()).isEqualTo("b");
        assertThat(t.select("p", TargetingContext.parse(List.of("user_id=1"))).name()).isEqualTo("c");
        assertThat(t.select("p", TargetingContext.parse(List.of("region=eu")))).isNull();
        assertThat(t.select("p", TargetingContext.EMPTY)).isNull();
        assertThatThrownBy(() -> Targeting.parse(Json.parse("{\"$targeting\":[{\"name\":\"a\",\"set\":{}}]}")))
                .hasMessage("/$targeting/0: a rule needs when, rollout or both (without either it would fire on every read with a context)");
    }
}
