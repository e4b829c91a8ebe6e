package io.llmcm.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads with a targeting context against a real server: the value the rules make, the rules named, typed binding. */
class TargetingReadTest {
    record ChatModel(String model, double temperature, String endpoint) {}

    static LiveServer server;

    @BeforeAll
    static void start() {
        server = LiveServer.start();
        server.ok("PUT", "/v1/tenants/acme/config/models/chat?env=prod", """
                {"model":"gpt-4o","temperature":0.2,"$targeting":[
                  {"name":"eu-users","when":"ctx.region == 'eu'","set":{"endpoint":"https://eu.example/v1"}},
                  {"name":"gpt41-rollout","rollout":{"percent":10,"by":"user_id"},"set":{"model":"gpt-4.1"}}]}""");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aContextFiresTheRulesAndTheReadNamesThem() {
        try (LlmcmClient client = server.client().build()) {
            ValueRead plain = client.read("acme", "models/chat", "prod", null, Map.of()).orElseThrow();
            assertThat(plain.rules()).isEmpty();
            assertThat(plain.value().value().has("$targeting")).isFalse();
            assertThat(client.read("acme", "models/chat", "prod", 0).orElseThrow().value().value()).isEqualTo(plain.value().value());

            ValueRead eu = client.read("acme", "models/chat", "prod", null, Map.of("region", "eu")).orElseThrow();
            assertThat(eu.value().value().path("endpoint").asString()).isEqualTo("https://eu.example/v1");
            assertThat(eu.rules()).containsExactly(new FiredRule("acme:prod", "eu-users"));
        }
    }

    @Test
    void aTenPercentRolloutTakesAboutTenPercentOfUsersAndTheSameOnesEveryTime() {
        try (LlmcmClient client = server.client().build()) {
            int in = 0;
            StringBuilder who = new StringBuilder();
            for (int i = 0; i < 2_000; i++) {
                boolean fired = !client.read("acme", "models/chat", "prod", null, Map.of("user_id", "u" + i)).orElseThrow().rules().isEmpty();
                in += fired ? 1 : 0;
                who.append(fired ? '1' : '0');
            }
            assertThat(in).isBetween(140, 260); // 10 % of 2000, ± 3 standard deviations
            StringBuilder again = new StringBuilder();
            for (int i = 0; i < 2_000; i++) {
                again.append(client.read("acme", "models/chat", "prod", null, Map.of("user_id", "u" + i)).orElseThrow().rules().isEmpty() ? '0' : '1');
            }
            assertThat(again.toString()).isEqualTo(who.toString());
        }
    }

    @Test
    void aTypedGetBindsTheTargetedValue() {
        try (LlmcmClient client = server.client().build()) {
            ChatModel m = client.get("acme", "models/chat", "prod", Map.of("region", "eu"), ChatModel.class).orElseThrow();
            assertThat(m).isEqualTo(new ChatModel("gpt-4o", 0.2, "https://eu.example/v1"));
            assertThat(client.get("acme", "models/none", "prod", Map.of("region", "eu"), ChatModel.class)).isEmpty();
            assertThatThrownBy(() -> client.read("acme", "models/chat", "prod", null, Map.of("bad name", "x")))
                    .isInstanceOf(LlmcmClientException.class)
                    .hasMessageContaining("HTTP 400");
        }
    }
}
