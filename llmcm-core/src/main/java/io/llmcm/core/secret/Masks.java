package io.llmcm.core.secret;

import io.llmcm.core.crypto.Sealer;
import io.llmcm.core.crypto.SecretEnvelope;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.Value;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a reader sees of a secret without revealing it: {@code "***"} plus metadata. This is the
 * only form in which secrets leave the repository unless a caller allowed to reveals them.
 */
public final class Masks {
    public static final String MASK = "***";

    private Masks() {}

    /**
     * {@code {"secret":"***","version":42,"updated":"…","expires":null,"expired":false,"key":2}};
     * dynamic secrets show what they issue instead of dates.
     *
     * @param version the revision of the secret's version
     */
    public static ObjectNode mask(Value sealed, long version, Instant now) {
        ObjectNode o = Json.NODES.objectNode().put("secret", MASK).put("version", version);
        if (DynamicSecret.isDynamic(sealed)) {
            DynamicSecret d = DynamicSecret.from(sealed);
            o.put("dynamic", d.kind().id()).put("ttl", d.ttl().toString());
            return o;
        }
        SecretEnvelope.Metadata m = Sealer.metadata(sealed);
        o.put("type", m.type() == ContentType.TEXT ? "text" : "json");
        o.put("updated", m.sealedAt().toString());
        if (m.expires() == null) {
            o.putNull("expires");
        } else {
            o.put("expires", m.expires().toString());
        }
        o.put("expired", m.expires() != null && !now.isBefore(m.expires()));
        o.put("key", m.dekVersion());
        return o;
    }

    /** The mask as a value, for places that hold values (explain, previews, diffs). */
    public static Value maskValue(Value sealed, long version, Instant now) {
        return Value.of(mask(sealed, version, now));
    }
}
