package io.llmcm.core.llm.routing;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.JsonPointers;
import io.llmcm.core.secret.Reference;
import io.llmcm.core.secret.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;

/** The {@code ${secret:…}} references inside a deployment value, and its auth fields. */
public final class DeploymentRefs {
    /** The fields of a deployment that authenticate it, across providers; each a secret reference. */
    public static final List<String> AUTH_FIELDS = List.of("api_key", "credentials", "access_key_id", "secret_access_key");

    private DeploymentRefs() {}

    /**
     * A secret reference at a pointer inside a deployment.
     *
     * @param pointer where in the deployment, e.g. {@code /api_key}
     * @param secretPath the referenced secret's path
     */
    public record SecretRef(String pointer, String secretPath) {}

    /** Every well-formed secret reference in the value, in document order; malformed ones are skipped. */
    public static List<SecretRef> secrets(JsonNode deployment) {
        List<SecretRef> out = new ArrayList<>();
        strings(deployment, "", (pointer, s) -> {
            if (!Template.hasReference(s)) {
                return;
            }
            try {
                for (Reference r : Template.parse(s).references()) {
                    if (r.kind() == Reference.Kind.SECRET) {
                        out.add(new SecretRef(pointer, r.path()));
                    }
                }
            } catch (InvalidInputException malformed) {
                // refused when the deployment was written; nothing to check here
            }
        });
        return out;
    }

    /**
     * The auth field as a front end may show it: the reference as written when the whole field is
     * one {@code ${secret:…}} reference, otherwise a placeholder (an inline credential must never be
     * shown).
     */
    public static String shownAuth(JsonNode field) {
        if (field != null && field.isString()) {
            try {
                Template t = Template.parse(field.stringValue());
                if (t.isSingleReference() && t.references().getFirst().kind() == Reference.Kind.SECRET) {
                    return t.references().getFirst().toString();
                }
            } catch (InvalidInputException malformed) {
                // falls through to the placeholder
            }
        }
        return "(not a secret reference; value hidden)";
    }

    private static void strings(JsonNode node, String pointer, BiConsumer<String, String> visit) {
        if (node.isString()) {
            visit.accept(pointer, node.stringValue());
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                strings(f.getValue(), JsonPointers.child(pointer, f.getKey()), visit);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                strings(node.get(i), JsonPointers.child(pointer, i), visit);
            }
        }
    }
}
