package io.llmcm.cli.command;

import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.SecretView;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.crypto.SecretEnvelope;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Layer;
import io.llmcm.core.store.HistoryEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The versions of a secret as {@code secret history} and {@code secret rollback} see them, from the
 * local store (sealed values) or from a server's history answer (masks): the same rows either way,
 * so both forms print the same and check the same. No value is kept, only what the mask shows.
 */
final class SecretVersions {
    private SecretVersions() {}

    /**
     * One version.
     *
     * @param kind null for a deletion, {@code config} for a configuration value, else the secret's
     *     kind ({@code text}, {@code json}, {@code token}, {@code jwt})
     * @param key the data key version of a stored secret; null for anything else
     * @param expires a stored secret's expiry (null: none)
     */
    record Row(long revision, Instant time, String author, Layer layer, String op, String kind, Integer key, Instant expires, String message) {
        boolean isSecret() {
            return kind != null && !kind.equals("config");
        }
    }

    /** The rows of a local history, newest first. */
    static List<Row> of(List<HistoryEntry> history) {
        List<Row> rows = new ArrayList<>();
        for (HistoryEntry h : history) {
            EntryVersion v = h.version();
            String kind = null;
            Integer key = null;
            Instant expires = null;
            if (!v.isDeleted()) {
                kind = SecretView.isSecret(v.value()) ? SecretView.kind(v.value()) : "config";
                SecretEnvelope.Metadata m = SecretView.isSecret(v.value()) ? SecretView.metadata(v.value()) : null;
                if (m != null) {
                    key = m.dekVersion();
                    expires = m.expires();
                }
            }
            rows.add(new Row(v.revision(), h.commit().time(), h.commit().author(), v.key().layer(), HistoryCommand.op(v), kind, key, expires,
                    h.commit().message()));
        }
        return rows;
    }

    /** The rows of the server's history of {@code path} (every layer), newest first; a secret's value there is its mask. */
    static List<Row> remote(Remote remote, String tenant, String path, int limit) {
        JsonNode answer = remote.send(Remote.get(Remote.tenantPath(tenant, "history", path)).query("limit", limit)).json();
        List<Row> rows = new ArrayList<>();
        for (JsonNode i : answer.path("items")) {
            boolean deleted = i.path("deleted").asBoolean(false);
            JsonNode mask = i.path("value");
            String kind = null;
            Integer key = null;
            Instant expires = null;
            if (!deleted) {
                boolean secret = i.path("type").asString("json").equals("secret");
                kind = !secret ? "config" : mask.has("dynamic") ? mask.path("dynamic").asString() : mask.path("type").asString("text");
                if (secret && !mask.has("dynamic")) {
                    key = mask.path("key").asInt();
                    expires = mask.path("expires").isString() ? Instant.parse(mask.path("expires").asString()) : null;
                }
            }
            String op = deleted ? "delete" : i.path("replace").asBoolean(false) ? "replace" : "put";
            rows.add(new Row(i.path("revision").asLong(0), Instant.parse(i.path("time").asString(Instant.EPOCH.toString())),
                    i.path("author").asString(""), Answers.layer(i.path("layer")), op, kind, key, expires, i.path("message").asString("")));
        }
        return rows;
    }

    /**
     * Refuses versions that are none, or hold no secret (a configuration key has its own commands).
     *
     * @param secret one per version: true for a secret
     * @param none the message when there is no version
     */
    static void requireSecret(List<Boolean> secret, String tenant, String path, String none, String configCommand) {
        if (secret.isEmpty()) {
            throw new NotFoundException(none);
        }
        if (!secret.contains(true)) {
            throw new InvalidInputException(path + " holds configuration in tenant " + tenant + ", not a secret; see llmcm " + configCommand);
        }
    }

    /** Whether each row is a secret, for {@link #requireSecret}. */
    static List<Boolean> secrets(List<Row> rows) {
        return rows.stream().map(Row::isSecret).toList();
    }

    /**
     * The live versions of every layer now and at revision {@code at}, from a history newest first:
     * what a rollback to {@code at} would touch.
     */
    static List<Row> liveNowOrAt(List<Row> history, long at) {
        List<Row> live = new ArrayList<>();
        Set<Layer> seenNow = new HashSet<>();
        Set<Layer> seenAt = new HashSet<>();
        for (Row r : history) {
            if (seenNow.add(r.layer()) && r.kind() != null) {
                live.add(r);
            }
            if (r.revision() <= at && seenAt.add(r.layer()) && r.kind() != null) {
                live.add(r);
            }
        }
        return live;
    }
}
