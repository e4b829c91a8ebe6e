package io.llmcm.core.repo;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.PermissionDeniedException;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.Value;
import io.llmcm.core.secret.Masks;
import io.llmcm.core.secret.Reference;
import io.llmcm.core.secret.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replaces the references in an effective configuration value with what they point at, in the
 * reader's scope and revision. A string that is one reference takes the target's JSON type; a
 * reference inside a longer string is replaced by the target's text. Secrets are substituted
 * only when the read asks to reveal them (each one audited); otherwise they read as {@code ***}.
 */
final class ReferenceResolver {
    /** References may lead through at most this many configuration values. */
    static final int MAX_DEPTH = 8;

    private final Repository repo;
    private final Secrets secrets;
    private final Scope scope;
    private final long at;
    private final boolean reveal;
    private final Caller caller;

    ReferenceResolver(Repository repo, Secrets secrets, Scope scope, long at, boolean reveal, Caller caller) {
        this.repo = repo;
        this.secrets = secrets;
        this.scope = scope;
        this.at = at;
        this.reveal = reveal;
        this.caller = caller;
    }

    Resolved resolve(Resolved r) {
        // every reference starts with "${": most values have none, and are answered without decoding
        if (r.isSecret() || !r.value().containsAscii("${") || !Template.hasReference(r.value().toString())) {
            return r;
        }
        List<String> chain = new ArrayList<>();
        chain.add(r.path());
        JsonNode out = walk(r.value().json(), "", chain);
        ContentType type = r.value().type() == ContentType.TEXT && out.isString() ? ContentType.TEXT : ContentType.JSON;
        return new Resolved(r.path(), Value.of(out, type), r.revision(), r.modRevision(), r.from());
    }

    private JsonNode walk(JsonNode node, String pointer, List<String> chain) {
        if (node.isString()) {
            String s = node.stringValue();
            return Template.hasReference(s) ? substitute(Template.parse(s), pointer, chain) : node;
        }
        if (node.isObject()) {
            ObjectNode o = Json.NODES.objectNode();
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                o.set(f.getKey(), walk(f.getValue(), io.llmcm.core.json.JsonPointers.child(pointer, f.getKey()), chain));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = Json.NODES.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                a.add(walk(node.get(i), io.llmcm.core.json.JsonPointers.child(pointer, i), chain));
            }
            return a;
        }
        return node;
    }

    private JsonNode substitute(Template t, String pointer, List<String> chain) {
        if (t.isSingleReference()) {
            return target((Reference) t.parts().getFirst(), pointer, chain);
        }
        StringBuilder sb = new StringBuilder();
        for (Object part : t.parts()) {
            if (part instanceof Reference ref) {
                JsonNode v = target(ref, pointer, chain);
                sb.append(v.isString() ? v.stringValue() : Json.compact(v));
            } else {
                sb.append((String) part);
            }
        }
        return Json.NODES.stringNode(sb.toString());
    }

    private JsonNode target(Reference ref, String pointer, List<String> chain) {
        String where = "reference " + ref + " at " + (pointer.isEmpty() ? "(root)" : pointer) + " of " + chain.getLast();
        if (!caller.access().mayRead(scope.tenant(), ref.path())) {
            throw new PermissionDeniedException(where + ": not allowed to read its target");
        }
        JsonNode value = switch (ref.kind()) {
            case CONFIG -> config(ref, where, chain);
            case SECRET -> secret(ref, where);
        };
        if (ref.pointer().isEmpty() || (ref.kind() == Reference.Kind.SECRET && !reveal)) {
            return value; // a masked secret has no fields to point into
        }
        JsonNode at = value.at(ref.pointer());
        if (at.isMissingNode()) {
            throw new NotFoundException(where + ": " + ref.path() + " has no " + ref.pointer());
        }
        return at;
    }

    private JsonNode config(Reference ref, String where, List<String> chain) {
        if (chain.contains(ref.path())) {
            throw new InvalidInputException("reference cycle: " + String.join(" → ", chain) + " → " + ref.path());
        }
        if (chain.size() > MAX_DEPTH) {
            throw new InvalidInputException(where + ": references nest more than " + MAX_DEPTH + " deep");
        }
        Resolved t = (at < 0 ? repo.get(scope, ref.path()) : repo.get(scope, ref.path(), at))
                .orElseThrow(() -> new NotFoundException(where + ": " + ref.path() + " is not set in " + scope));
        if (t.isSecret()) {
            throw new InvalidInputException(where + ": " + ref.path() + " is a secret; refer to it as ${secret:" + ref.path() + "}");
        }
        chain.add(ref.path());
        try {
            return walk(t.value().json(), "", chain);
        } finally {
            chain.removeLast();
        }
    }

    private JsonNode secret(Reference ref, String where) {
        Resolved t = (at < 0 ? repo.get(scope, ref.path()) : repo.get(scope, ref.path(), at))
                .orElseThrow(() -> new NotFoundException(where + ": " + ref.path() + " is not set in " + scope));
        if (!t.isSecret()) {
            throw new InvalidInputException(where + ": " + ref.path() + " is configuration; refer to it as ${config:" + ref.path() + "}");
        }
        if (!reveal) {
            return Json.NODES.stringNode(Masks.MASK);
        }
        Revealed plain = secrets.reveal(scope, ref.path(), at, caller);
        return plain.value().type() == ContentType.TEXT ? Json.NODES.stringNode(plain.value().textOrNull()) : plain.value().json();
    }
}
