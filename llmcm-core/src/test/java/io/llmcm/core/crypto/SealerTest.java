package io.llmcm.core.crypto;

import static io.llmcm.core.crypto.CryptoFixtures.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.KeyException;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Value;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

class SealerTest {
    private static final Instant NOW = Instant.parse("2026-11-25T23:10:17.123Z");
    private static final Instant LATER = Instant.parse("2027-01-01T00:00:00Z");
    private static final String PLANTED = "sk-PLANTED-8f3a9c2e71d4b6";
    private static final EntryKey AT = address("acme", "providers/openai/api-key", "prod", "chat");

    private final TenantKeyring keys = TenantKeyring.create("acme");

    @Test
    void textAndJsonOpenAsTheyWereGiven() {
        Value text = Value.text(PLANTED);
        Value json = Value.of(Json.parse("{\"user\":\"app\",\"password\":\"" + PLANTED + "\"}"));
        assertThat(Sealer.open(keys, AT, Sealer.seal(keys, AT, text, null, NOW))).isEqualTo(text);
        Value opened = Sealer.open(keys, AT, Sealer.seal(keys, AT, json, LATER, NOW));
        assertThat(opened).isEqualTo(json);
        assertThat(opened.type()).isEqualTo(ContentType.JSON);
    }

    @Test
    void theEnvelopeHasTheDocumentedShapeAndNoPlaintext() {
        Value sealed = Sealer.seal(keys.rotate(), AT, Value.text(PLANTED), LATER, NOW);
        assertThat(sealed.type()).isEqualTo(ContentType.SECRET);
        String json = Json.utf8(sealed.bytes());
        assertThat(json).startsWith("{\"v\":1,\"dek\":2,\"type\":\"text\",\"sealed\":\"2026-11-25T23:10:17Z\","
                + "\"expires\":\"2027-01-01T00:00:00Z\",\"ct\":\"");
        assertThat(json).doesNotContain(PLANTED).doesNotContain(Base64.getEncoder().encodeToString(PLANTED.getBytes()));
        // Tink prefix (5) + nonce (12) + JSON string of the plaintext + tag (16)
        byte[] ct = Base64.getDecoder().decode(Json.parse(json).get("ct").stringValue());
        assertThat(ct.length).isEqualTo(5 + 12 + Value.text(PLANTED).size() + 16);
    }

    @Test
    void sealingTheSameValueTwiceGivesDifferentCiphertexts() {
        Value a = Sealer.seal(keys, AT, Value.text(PLANTED), null, NOW);
        Value b = Sealer.seal(keys, AT, Value.text(PLANTED), null, NOW);
        assertThat(a).isNotEqualTo(b);
    }

    static List<EntryKey> otherAddresses() {
        return List.of(
                address("acme", "providers/openai/api-key2", "prod", "chat"),
                address("acme", "providers/openai/other", "prod", "chat"),
                address("acme", "providers/openai/api-key", "staging", "chat"),
                address("acme", "providers/openai/api-key", "prod", ""),
                address("acme", "providers/openai/api-key", "prod", "batch"),
                address("acme", "providers/openai-api-key", "prod", "chat"));
    }

    @ParameterizedTest
    @MethodSource("otherAddresses")
    void anEnvelopeMovedToAnotherAddressDoesNotOpen(EntryKey other) {
        Value sealed = Sealer.seal(keys, AT, Value.text(PLANTED), null, NOW);
        assertThatThrownBy(() -> Sealer.open(keys, other, sealed))
                .isInstanceOf(KeyException.class)
                .hasMessage("secret " + other + " does not open: it was sealed for another address, or its key or data are damaged");
    }

    @Test
    void anEnvelopeMovedToAnotherTenantDoesNotOpen() {
        Value sealed = Sealer.seal(keys, AT, Value.text(PLANTED), null, NOW);
        EntryKey beta = address("beta", AT.path(), "prod", "chat");
        assertThatThrownBy(() -> Sealer.open(TenantKeyring.create("beta"), beta, sealed))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining("does not open");
        assertThatThrownBy(() -> Sealer.open(keys, beta, sealed)).hasMessageContaining("does not open");
    }

    static List<Consumer<ObjectNode>> edits() {
        return List.of(
                n -> n.put("dek", 1),
                n -> n.put("type", "json"),
                n -> n.put("sealed", "2026-11-25T23:10:18Z"),
                n -> n.put("expires", "2099-01-01T00:00:00Z"),
                n -> n.put("expires", "2027-01-01T00:00:01Z"),
                n -> {
                    byte[] ct = Base64.getDecoder().decode(n.get("ct").stringValue());
                    ct[ct.length - 1] ^= 1;
                    n.put("ct", Base64.getEncoder().encodeToString(ct));
                });
    }

    @ParameterizedTest
    @MethodSource("edits")
    void editedMetadataOrCiphertextDoesNotOpen(Consumer<ObjectNode> edit) {
        TenantKeyring two = keys.rotate(); // seals with version 2 and holds 1, so "dek": 1 names a real key
        Value sealed = Sealer.seal(two, AT, Value.text(PLANTED), LATER, NOW);
        ObjectNode n = (ObjectNode) Json.parse(sealed.bytes());
        edit.accept(n);
        Value edited = Value.fromStore(ContentType.SECRET, Json.bytes(n));
        assertThatThrownBy(() -> Sealer.open(two, AT, edited)).isInstanceOf(KeyException.class);
    }

    @Test
    void aDroppedExpiryDoesNotOpenEither() {
        Value sealed = Sealer.seal(keys, AT, Value.text(PLANTED), LATER, NOW);
        ObjectNode n = (ObjectNode) Json.parse(sealed.bytes());
        n.putNull("expires");
        assertThatThrownBy(() -> Sealer.open(keys, AT, Value.fromStore(ContentType.SECRET, Json.bytes(n))))
                .hasMessageContaining("does not open");
    }

    @Test
    void damagedEnvelopesSaySo() {
        assertThatThrownBy(() -> Sealer.open(keys, AT, Value.fromStore(ContentType.SECRET, "{\"v\":2}".getBytes())))
                .isInstanceOf(KeyException.class)
                .hasMessage("secret " + AT + " is damaged: not a secret envelope");
        assertThatThrownBy(() -> Sealer.open(keys, AT, Value.text("plain")))
                .hasMessage("value at " + AT + " is not a sealed secret");
        assertThatThrownBy(() -> Sealer.metadata(Value.fromStore(ContentType.SECRET, "nope".getBytes())))
                .hasMessage("sealed secret is damaged: not JSON");
    }

    @Test
    void metadataNeedsNoKey() {
        Value sealed = Sealer.seal(keys.rotate(), AT, Value.text(PLANTED), LATER, NOW);
        SecretEnvelope.Metadata m = Sealer.metadata(sealed);
        assertThat(m).isEqualTo(new SecretEnvelope.Metadata(2, ContentType.TEXT, Instant.parse("2026-11-25T23:10:17Z"), LATER));
        assertThat(m.expiredAt(LATER.minusSeconds(1))).isFalse();
        assertThat(m.expiredAt(LATER)).isTrue();
        assertThat(Sealer.metadata(Sealer.seal(keys, AT, Value.text("x"), null, NOW)).expiredAt(Instant.MAX)).isFalse();
    }

    @Test
    void rotationKeepsOldSecretsOpenAndResealMovesThemToTheNewVersion() {
        Value old = Sealer.seal(keys, AT, Value.text(PLANTED), LATER, NOW);
        TenantKeyring rotated = keys.rotate();
        assertThat(Sealer.open(rotated, AT, old)).isEqualTo(Value.text(PLANTED));
        Value fresh = Sealer.seal(rotated, AT, Value.text("new"), null, NOW);
        assertThat(Sealer.metadata(fresh).dekVersion()).isEqualTo(2);

        Value resealed = Sealer.reseal(rotated, AT, old);
        assertThat(Sealer.metadata(resealed)).isEqualTo(new SecretEnvelope.Metadata(2, ContentType.TEXT, Sealer.metadata(old).sealedAt(), LATER));
        assertThat(Sealer.reseal(rotated, AT, resealed)).isSameAs(resealed);
        TenantKeyring onlyNew = rotated.withoutVersionsBefore(2);
        assertThat(Sealer.open(onlyNew, AT, resealed)).isEqualTo(Value.text(PLANTED));
        assertThatThrownBy(() -> Sealer.open(onlyNew, AT, old))
                .isInstanceOf(KeyException.class)
                .hasMessage("secret " + AT + " was sealed with key version 1 of tenant acme, which is no longer held");
    }

    @Test
    void secretsAreLimitedTo64KiB() {
        String fits = "x".repeat(Sealer.MAX_SECRET_BYTES - 2);
        assertThat(Sealer.open(keys, AT, Sealer.seal(keys, AT, Value.text(fits), null, NOW)).size()).isEqualTo(Sealer.MAX_SECRET_BYTES);
        assertThatThrownBy(() -> Sealer.seal(keys, AT, Value.text(fits + "x"), null, NOW))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("secret is 65537 bytes as JSON; at most 65536 bytes (64 KiB) are allowed");
    }

    @Test
    void sealedValuesAreNotSealedAgainAndKeyringsMustMatchTheTenant() {
        Value sealed = Sealer.seal(keys, AT, Value.text(PLANTED), null, NOW);
        assertThatThrownBy(() -> Sealer.seal(keys, AT, sealed, null, NOW))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("a sealed value cannot be sealed again");
        assertThatThrownBy(() -> Sealer.seal(TenantKeyring.create("beta"), AT, Value.text("x"), null, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noMessageOrToStringCarriesThePlaintext() {
        Value sealed = Sealer.seal(keys, AT, Value.text(PLANTED), LATER, NOW);
        SecretEnvelope env = SecretEnvelope.parse(sealed.bytes());
        assertThat(env.toString()).doesNotContain(PLANTED).doesNotContain(Json.parse(sealed.bytes()).get("ct").stringValue())
                .contains("ciphertext=");
        List<Runnable> failures = List.of(
                () -> Sealer.open(keys, otherAddresses().get(0), sealed),
                () -> Sealer.open(TenantKeyring.create("acme"), AT, sealed),
                () -> Sealer.open(keys.rotate().rotate().withoutVersionsBefore(3), AT, sealed),
                () -> Sealer.seal(keys, AT, Value.text(PLANTED + "x".repeat(70_000)), null, NOW),
                () -> keys.decrypt(Base64.getDecoder().decode(Json.parse(sealed.bytes()).get("ct").stringValue()), new byte[0]));
        for (Runnable r : failures) {
            assertThatThrownBy(r::run).satisfies(e -> {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    assertThat(String.valueOf(t.getMessage())).doesNotContain(PLANTED);
                    assertThat(t.toString()).doesNotContain(PLANTED);
                }
            });
        }
        assertThat(keys.toString()).doesNotContain(PLANTED);
    }
}
