package io.llmcm.cli.remote;

import io.llmcm.cli.CliException;
import io.llmcm.core.audit.AuditVerification;
import io.llmcm.core.model.CommitInfo;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.EntryDiff;
import io.llmcm.core.repo.Explanation;
import io.llmcm.core.repo.KeyStatus;
import io.llmcm.core.repo.LayerRef;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.store.HistoryEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The server's JSON answers as the domain values the CLI's views render, so a remote command
 * prints exactly what the local one prints for the same data. Secrets arrive masked: their values
 * here are the masks, which the views pass through as they are.
 */
public final class Answers {
    private Answers() {}

    /** A value with the server's {@code type} ({@code text}, {@code json}, {@code secret} = its mask). */
    public static Value value(JsonNode node, String type) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        return "text".equals(type) && node.isString() ? Value.text(node.stringValue()) : Value.of(node);
    }

    /** A value whose type the answer does not say: a string is taken as a text value. */
    public static Value untyped(JsonNode node) {
        return value(node, node != null && node.isString() ? "text" : "json");
    }

    public static Layer layer(JsonNode o) {
        return Layer.of(o.path("env").asString(Layer.BASE_ENV), o.path("service").asString(""));
    }

    public static LayerRef layerRef(JsonNode o) {
        return new LayerRef(o.path("tenant").asString(""), layer(o));
    }

    /** {@code items} of a config or secret listing. */
    public static List<Resolved> resolved(JsonNode answer) {
        long revision = answer.path("revision").asLong(0);
        List<Resolved> out = new ArrayList<>();
        for (JsonNode i : answer.path("items")) {
            out.add(new Resolved(i.path("path").asString(""), value(i.get("value"), i.path("type").asString("json")), revision,
                    i.path("modRevision").asLong(0), i.has("from") ? layerRef(i.get("from")) : null));
        }
        return out;
    }

    /** {@code items} of a history answer, newest first. */
    public static List<HistoryEntry> history(String tenant, String path, JsonNode answer) {
        List<HistoryEntry> out = new ArrayList<>();
        for (JsonNode i : answer.path("items")) {
            long rev = i.path("revision").asLong(0);
            Value v = i.path("deleted").asBoolean(false) ? null : value(i.get("value"), i.path("type").asString("json"));
            EntryVersion version = new EntryVersion(EntryKey.of(tenant, path, layer(i.path("layer"))), rev, v, i.path("replace").asBoolean(false));
            CommitInfo commit = new CommitInfo(rev, Instant.parse(i.path("time").asString(Instant.EPOCH.toString())),
                    i.path("author").asString(""), i.path("message").asString(""));
            out.add(new HistoryEntry(version, commit));
        }
        return out;
    }

    /** {@code items} of a diff answer. */
    public static List<EntryDiff> diffs(JsonNode answer) {
        List<EntryDiff> out = new ArrayList<>();
        for (JsonNode i : answer.path("items")) {
            List<String> readable = new ArrayList<>();
            i.path("readable").forEach(l -> readable.add(l.asString("")));
            JsonNode patch = i.get("patch");
            out.add(new EntryDiff(i.path("path").asString(""), layer(i.path("layer")),
                    EntryDiff.Change.valueOf(i.path("change").asString("modified").toUpperCase(Locale.ROOT)),
                    i.has("before") ? Value.of(i.get("before")) : null, i.has("after") ? Value.of(i.get("after")) : null,
                    patch instanceof ArrayNode a ? a : null, readable));
        }
        return out;
    }

    /** An explain answer; the value's type is not in it, so a string value shows as text. */
    public static Explanation explanation(Scope scope, JsonNode e) {
        List<Explanation.FieldOrigin> fields = new ArrayList<>();
        for (JsonNode f : e.path("fields")) {
            fields.add(new Explanation.FieldOrigin(f.path("pointer").asString(""), Value.of(f.get("value")), layerRef(f.path("layer")),
                    f.path("revision").asLong(0), f.has("rule") ? f.get("rule").asString() : null));
        }
        List<Explanation.LayerVersion> layers = new ArrayList<>();
        for (JsonNode l : e.path("layers")) {
            layers.add(new Explanation.LayerVersion(layerRef(l.path("layer")), l.path("revision").asLong(0), l.path("replace").asBoolean(false),
                    l.path("contributes").asBoolean(true)));
        }
        List<Explanation.ReferenceOrigin> refs = new ArrayList<>();
        for (JsonNode r : e.path("references")) {
            refs.add(new Explanation.ReferenceOrigin(r.path("pointer").asString(""), r.path("reference").asString(""),
                    r.has("target") ? layerRef(r.get("target")) : null, r.path("revision").asLong(0), r.path("secret").asBoolean(false)));
        }
        List<io.llmcm.core.repo.FiredRule> rules = new ArrayList<>();
        for (JsonNode r : e.path("rules")) {
            rules.add(new io.llmcm.core.repo.FiredRule(layerRef(r.path("layer")), r.path("rule").asString("")));
        }
        return new Explanation(e.path("path").asString(""), scope, e.path("revision").asLong(0), e.has("value") ? untyped(e.get("value")) : null,
                fields, layers, refs, rules);
    }

    /** A tenant's data key status ({@code GET …/keys}); no key material is in it. */
    public static KeyStatus keyStatus(JsonNode s) {
        List<Integer> versions = new ArrayList<>();
        s.path("versions").forEach(v -> versions.add(v.asInt()));
        Map<Integer, Integer> counts = new TreeMap<>();
        s.path("secrets").properties().forEach(e -> counts.put(Integer.parseInt(e.getKey()), e.getValue().asInt()));
        return new KeyStatus(s.path("tenant").asString(""), s.path("masterKey").asString("none"), s.path("masterKeyVersion").asInt(0), versions,
                s.path("primary").asInt(0), counts);
    }

    /** An audit check ({@code GET /v1/audit/verify}). */
    public static AuditVerification auditVerification(JsonNode v) {
        return new AuditVerification(v.path("events").asLong(0), v.path("firstBad").asLong(0), v.path("problem").asString(""),
                v.path("unkeyed").asLong(0), v.path("lastHash").asString(""));
    }

    /** name → parent of a tenant or environment listing (the root has none). */
    public static Map<String, String> parents(JsonNode answer) {
        Map<String, String> parents = new TreeMap<>();
        for (JsonNode t : answer.path("items")) {
            parents.put(t.path("name").asString(""), t.has("parent") ? t.get("parent").asString() : null);
        }
        return parents;
    }

    /** The revision of a write's answer ({@code {"revision", "changed", …}}). */
    public static long revision(JsonNode written) {
        if (!written.has("revision")) {
            throw new CliException(CliException.ERROR, "the server's answer carries no revision");
        }
        return written.get("revision").asLong();
    }
}
