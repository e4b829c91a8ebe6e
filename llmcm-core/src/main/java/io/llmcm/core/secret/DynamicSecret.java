package io.llmcm.core.secret;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.Value;
import java.time.Duration;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A secret that holds no value but issues one per request: a random token or a signed JWT, valid
 * for {@code ttl}, recorded as a lease so it can be revoked before it expires. Stored as a {@link
 * ContentType#SECRET} value (it is read, issued and audited like one), holding only this
 * specification — nothing in it is secret; the JWT signing key lives in the tenant's keyring.
 *
 * @param kind what is issued
 * @param ttl how long an issued credential is valid (1 second to 30 days)
 * @param bytes random bytes of a token (16 to 128)
 * @param audience the JWT's {@code aud} ("" for none)
 */
public record DynamicSecret(Kind kind, Duration ttl, int bytes, String audience) {
    public static final Duration MAX_TTL = Duration.ofDays(30);

    public enum Kind {
        TOKEN,
        JWT;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind of(String id) {
            return switch (id) {
                case "token" -> TOKEN;
                case "jwt" -> JWT;
                default -> throw new InvalidInputException("dynamic secret kind '" + id + "' is unknown; expected token or jwt");
            };
        }
    }

    public DynamicSecret {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ttl, "ttl");
        audience = Objects.requireNonNullElse(audience, "");
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new InvalidInputException("ttl must be between 1 second and 30 days, got " + ttl);
        }
        if (bytes < 16 || bytes > 128) {
            throw new InvalidInputException("a token has 16 to 128 random bytes, got " + bytes);
        }
    }

    /** The start of every specification {@link #toValue()} writes. */
    private static final String PREFIX = "{\"v\":1,\"dynamic\":";

    /**
     * True when a stored secret value is a dynamic secret's specification. Looks at the first
     * bytes only: every reveal asks, and parsing the envelope each time is what the cache avoids.
     */
    public static boolean isDynamic(Value v) {
        return v.type() == ContentType.SECRET && v.startsWith(PREFIX);
    }

    public Value toValue() {
        ObjectNode spec = Json.NODES.objectNode()
                .put("kind", kind.id())
                .put("ttl", ttl.toString())
                .put("bytes", bytes)
                .put("audience", audience);
        ObjectNode root = Json.NODES.objectNode().put("v", 1);
        root.set("dynamic", spec);
        return Value.fromStore(ContentType.SECRET, Json.bytes(root));
    }

    public static DynamicSecret from(Value v) {
        JsonNode d = v.json().get("dynamic");
        if (d == null) {
            throw new IllegalArgumentException("not a dynamic secret");
        }
        return new DynamicSecret(
                Kind.of(d.path("kind").asString()),
                Duration.parse(d.path("ttl").asString()),
                d.path("bytes").asInt(32),
                d.path("audience").asString(""));
    }
}
