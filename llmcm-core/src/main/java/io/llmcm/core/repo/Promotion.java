package io.llmcm.core.repo;

import io.llmcm.core.ConflictException;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.json.MergePatch;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Value;
import io.llmcm.core.targeting.Targeting;
import io.llmcm.core.targeting.TargetingRule;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Turns a targeting rule's variant into its layer's default: the change {@link Repository#promote} commits. */
final class Promotion {
    private Promotion() {}

    /**
     * The one-entry change: the layer's value with the rule's {@code set} folded in and the rule
     * removed, expected at the head's revision.
     */
    static ChangeRequest request(EntryKey key, EntryVersion head, String rule, long expectedRevision, String author, String message) {
        if (head == null || head.isDeleted()) {
            throw new NotFoundException("no entry " + key);
        }
        if (expectedRevision > 0 && head.revision() != expectedRevision) {
            throw new ConflictException(key + " is at revision " + head.revision() + ", expected revision " + expectedRevision
                    + "; re-read it and retry");
        }
        if (Resolver.isSecret(head)) {
            throw new InvalidInputException(key + " holds a secret; secrets have no targeting rules");
        }
        JsonNode tree = head.value().json();
        Targeting rules = Targeting.parse(tree);
        TargetingRule found = rules.rule(rule);
        if (found == null) {
            throw new NotFoundException("no targeting rule '" + rule + "' in " + key + (rules.isEmpty() ? " (it has none)"
                    : " (it has " + rules.rules().stream().map(TargetingRule::name).collect(Collectors.joining(", ")) + ")"));
        }
        ObjectNode value = (ObjectNode) tree;
        ArrayNode list = (ArrayNode) value.get(Targeting.FIELD);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path("name").asString("").equals(rule)) {
                list.remove(i);
                break;
            }
        }
        if (list.isEmpty()) {
            value.remove(Targeting.FIELD);
        }
        fold(value, found.set().json());
        String m = message == null || message.isBlank() ? "promote targeting rule " + rule + " of " + key.path() + " in "
                + key.tenant() + ":" + key.layer() : message;
        return ChangeRequest.by(author).message(m)
                .put(key, Value.of(value, head.value().type()), head.replace())
                .expect(key, head.revision())
                .build();
    }

    /**
     * Merges a rule's patch into a layer's value so that the layer now does what the layer and the
     * fired rule did together. A {@code null} in the patch stays a {@code null} (the layer now
     * deletes that field from the layers below, as the rule did); a field the layer set to a scalar
     * and the rule turns into an object takes the object without its nulls.
     */
    static void fold(ObjectNode target, JsonNode patch) {
        for (Map.Entry<String, JsonNode> f : patch.properties()) {
            JsonNode p = f.getValue();
            JsonNode t = target.get(f.getKey());
            if (p.isObject() && t != null && t.isObject()) {
                fold((ObjectNode) t, p);
            } else if (p.isObject() && t != null && !t.isNull()) {
                target.set(f.getKey(), MergePatch.apply(null, p));
            } else {
                target.set(f.getKey(), p);
            }
        }
    }
}
