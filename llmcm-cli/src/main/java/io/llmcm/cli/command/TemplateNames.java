package io.llmcm.cli.command;

import io.llmcm.cli.remote.Remote;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.llm.template.Library;
import io.llmcm.core.llm.template.TemplateRef;
import tools.jackson.databind.JsonNode;

/** A template's own document by name, from the shipped library or a server. */
final class TemplateNames {
    private TemplateNames() {}

    /** The document (not merged with what it extends) as the server holds it for {@code tenant}. */
    static JsonNode remoteDocument(Remote remote, String name, String tenant) {
        TemplateRef ref = TemplateRef.parse(name);
        if (ref.builtin()) {
            return builtin(ref);
        }
        String owner = ref.tenant().isEmpty() ? tenant : ref.tenant();
        // the listing holds the stored value with its references, as a local read shows it (the
        // key's own endpoint would resolve them: a ${secret:...} default would read ***)
        JsonNode listing = remote.send(Remote.get(Remote.tenantPath(owner, "config", null)).query("prefix", ref.path())).json();
        for (JsonNode item : listing.path("items").values()) {
            if (item.path("path").asString("").equals(ref.path())) {
                return item.get("value");
            }
        }
        throw new NotFoundException("no template " + ref.path() + " in tenant " + owner + " or above it");
    }

    static JsonNode builtin(TemplateRef ref) {
        JsonNode doc = Library.get(ref.name());
        if (doc == null) {
            throw new NotFoundException("no built-in template '" + ref.name() + "'; built-in templates: " + String.join(", ", Library.NAMES));
        }
        return doc;
    }
}
