package io.llmcm.cli.command;

import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.ConflictException;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What several remote commands ask the server before a write. */
final class Remotes {
    /** The server's most versions per history answer. */
    static final int HISTORY_LIMIT = 10_000;

    private Remotes() {}

    /** A live entry's head as a history answer tells it: its revision and its type (json, text, secret). */
    record Head(long revision, String type) {
        boolean isSecret() {
            return type.equals("secret");
        }
    }

    /** The live head of the entry in its own layer, or null when it does not exist (never set, or deleted). */
    static Head head(Remote remote, EntryKey key) {
        JsonNode answer = remote.send(Remote.get(Remote.tenantPath(key.tenant(), "history", key.path()))
                .query("env", key.layer().env())
                .query("limit", HISTORY_LIMIT)).json();
        for (JsonNode i : answer.path("items")) { // newest first
            if (Answers.layer(i.path("layer")).equals(key.layer())) {
                return i.path("deleted").asBoolean(false) ? null : new Head(i.path("revision").asLong(), i.path("type").asString("json"));
            }
        }
        return null;
    }

    /**
     * {@code --if-revision R} with the local meaning, "the entry is at revision R": the server's
     * {@code If-Match: "R"} means "unchanged since R", which also passes when the entry is older than
     * R. So the head is compared here first, with the local message, and If-Match then guards the
     * moment between this read and the write.
     */
    static void expect(Remote remote, EntryKey key, Long ifRevision) {
        if (ifRevision == null || ifRevision == 0) {
            return; // nothing, or If-None-Match: * (exactly the local meaning)
        }
        expect(key, head(remote, key), ifRevision);
    }

    static void expect(EntryKey key, Head head, Long ifRevision) {
        if (ifRevision == null) {
            return;
        }
        long actual = head == null ? 0 : head.revision();
        if (actual != ifRevision) {
            throw new ConflictException(key + " is " + (head == null ? "absent" : "at revision " + actual)
                    + ", expected " + (ifRevision == 0 ? "absent" : "revision " + ifRevision) + "; re-read it and retry");
        }
    }

    /** The revision a write's answer names. */
    static long revision(Remote.Answer written) {
        return Answers.revision(written.json());
    }

    /**
     * A revision or tag as a revision number, as the local {@code revisionOf} gives it: a tag is
     * resolved by the server (an empty diff from the tag to itself names its revision; the prefix
     * the command works on keeps that diff small).
     */
    static long revisionOf(Remote remote, String tenant, String revisionOrTag, String prefix) {
        if (revisionOrTag.matches("\\d{1,18}")) {
            return Long.parseLong(revisionOrTag);
        }
        JsonNode d = remote.send(Remote.get(Remote.tenantPath(tenant, "diff", null)).query("from", revisionOrTag).query("to", revisionOrTag)
                .query("prefix", prefix)).json();
        return d.path("from").asLong();
    }

    /**
     * Posts a rollback of {@code prefix} to {@code target}; without {@code --message} it sends the
     * message a local rollback records, as the server's own default differs.
     *
     * @return the write's answer ({@code revision}, {@code changed})
     */
    static JsonNode rollback(Remote remote, String tenant, String prefix, long target, WriteOptions write) {
        String message = write.hasMessage() ? write.message()
                : "rollback " + (prefix.isEmpty() ? "tenant " + tenant : prefix) + " to revision " + target;
        ObjectNode body = Json.NODES.objectNode().put("to", Long.toString(target)).put("prefix", prefix).put("message", message);
        return remote.send(Remote.post(Remote.tenantPath(tenant, "rollback", null)).json(body)).json();
    }
}
