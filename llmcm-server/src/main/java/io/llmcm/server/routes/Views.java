package io.llmcm.server.routes;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.EntryDiff;
import io.llmcm.core.repo.Explanation;
import io.llmcm.core.repo.LayerRef;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.secret.Masks;
import io.llmcm.core.store.HistoryEntry;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON views of the engine's values. Secrets leave only as their masks: every view that holds a
 * value goes through {@link #shown}.
 */
final class Views {
    private Views() {}

    /** A value as it may leave the server: a sealed secret becomes its mask. */
    static JsonNode shown(Value v, long version, Instant now) {
        return v.type() == ContentType.SECRET ? Masks.maskValue(v, version, now).json() : v.json();
    }

    static String type(Value v) {
        return v.type().name().toLowerCase(java.util.Locale.ROOT);
    }

    static ObjectNode layer(Layer l) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("env", l.env());
        if (l.hasService()) {
            o.put("service", l.service());
        }
        return o;
    }

    static ObjectNode layer(LayerRef r) {
        ObjectNode o = layer(r.layer());
        o.put("tenant", r.tenant());
        return o;
    }

    static ObjectNode resolved(Resolved r, Instant now) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("path", r.path());
        o.set("value", shown(r.value(), r.modRevision(), now));
        o.put("type", type(r.value()));
        o.put("modRevision", r.modRevision());
        if (r.from() != null) {
            o.set("from", layer(r.from()));
        }
        return o;
    }

    /** Fired targeting rules: {@code [{"layer": {...}, "rule": "gpt41-rollout"}]}. */
    static tools.jackson.databind.node.ArrayNode rules(java.util.List<io.llmcm.core.repo.FiredRule> fired) {
        var out = Json.NODES.arrayNode();
        for (io.llmcm.core.repo.FiredRule f : fired) {
            out.addObject().put("rule", f.rule()).set("layer", layer(f.layer()));
        }
        return out;
    }

    static ObjectNode history(HistoryEntry h, Instant now) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("revision", h.version().revision());
        o.set("layer", layer(h.version().key().layer()));
        if (h.version().isDeleted()) {
            o.put("deleted", true);
        } else {
            o.set("value", shown(h.version().value(), h.version().revision(), now));
            o.put("type", type(h.version().value()));
            if (h.version().replace()) {
                o.put("replace", true);
            }
        }
        if (h.commit() != null) {
            o.put("time", h.commit().time().toString());
            o.put("author", h.commit().author());
            o.put("message", h.commit().message());
        }
        return o;
    }

    static ObjectNode diff(EntryDiff d) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("path", d.path());
        o.set("layer", layer(d.layer()));
        o.put("change", d.change().name().toLowerCase(java.util.Locale.ROOT));
        // Diffs masks secrets already; before/after hold masks for them
        if (d.before() != null) {
            o.set("before", d.before().json());
        }
        if (d.after() != null) {
            o.set("after", d.after().json());
        }
        if (d.patch() != null) {
            o.set("patch", d.patch());
        }
        var lines = o.putArray("readable");
        d.readable().forEach(lines::add);
        return o;
    }

    static ObjectNode explanation(Explanation e, Instant now) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("path", e.path());
        o.put("scope", e.scope().toString());
        o.put("revision", e.revision());
        if (e.value() != null) {
            o.set("value", shown(e.value(), e.revision(), now));
        }
        var fields = o.putArray("fields");
        for (Explanation.FieldOrigin f : e.fields()) {
            ObjectNode x = fields.addObject();
            x.put("pointer", f.pointer());
            x.set("value", shown(f.value(), f.revision(), now));
            x.set("layer", layer(f.layer()));
            x.put("revision", f.revision());
            if (f.rule() != null) {
                x.put("rule", f.rule());
            }
        }
        if (!e.rules().isEmpty()) {
            o.set("rules", rules(e.rules()));
        }
        var layers = o.putArray("layers");
        for (Explanation.LayerVersion l : e.layers()) {
            ObjectNode x = layers.addObject();
            x.set("layer", layer(l.layer()));
            x.put("revision", l.revision());
            x.put("replace", l.replace());
            x.put("contributes", l.contributes());
        }
        var refs = o.putArray("references");
        for (Explanation.ReferenceOrigin r : e.references()) {
            ObjectNode x = refs.addObject();
            x.put("pointer", r.pointer());
            x.put("reference", r.reference());
            if (r.target() != null) {
                x.set("target", layer(r.target()));
            }
            x.put("revision", r.revision());
            x.put("secret", r.secret());
        }
        return o;
    }
}
