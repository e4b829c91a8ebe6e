package io.llmcm.core.repo;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.Value;
import io.llmcm.core.secret.Bundle;
import io.llmcm.core.secret.DynamicSecret;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Exports of a scope's values as signed {@link Bundle}s, and their import. Secrets travel only
 * inside a bundle encrypted to a recipient, each revealed (and audited) for the exporting caller;
 * a bundle without a recipient leaves them out.
 */
public final class Bundles {
    private final Repository repo;
    private final Secrets secrets;

    Bundles(Repository repo, Secrets secrets) {
        this.repo = repo;
        this.secrets = secrets;
    }

    /** What an export wrote. */
    public record Exported(byte[] bundle, int values, int secrets, int secretsLeftOut) {}

    /**
     * The effective values under a prefix in a scope, as a bundle signed by this store.
     *
     * @param recipient the public key to encrypt to; null for a signed, unencrypted bundle without
     *     secrets
     */
    public Exported export(Scope scope, String prefix, PublicKey recipient, Caller caller) {
        String p = Names.prefix(prefix);
        ObjectNode entries = Json.NODES.objectNode();
        int values = 0;
        int sealed = 0;
        int left = 0;
        for (Resolved r : repo.list(scope, p)) {
            String rel = Transfers.relative(r.path(), p);
            if (!r.isSecret()) {
                ObjectNode e = entries.putObject(rel).put("type", r.value().type().id());
                e.set("value", r.value().json());
                values++;
            } else if (DynamicSecret.isDynamic(r.value())) {
                ObjectNode e = entries.putObject(rel).put("type", "dynamic");
                e.set("value", r.value().json().get("dynamic"));
                values++;
            } else if (recipient == null) {
                left++;
            } else {
                Revealed plain = secrets.reveal(scope, r.path(), caller);
                ObjectNode e = entries.putObject(rel).put("type", "secret").put("format", plain.value().type().id());
                e.set("value", plain.value().json());
                if (plain.expires() != null) {
                    e.put("expires", plain.expires().toString());
                }
                sealed++;
            }
        }
        ObjectNode payload = Json.NODES.objectNode()
                .put("tenant", scope.tenant())
                .put("env", scope.env())
                .put("service", scope.service())
                .put("prefix", p)
                .put("revision", repo.revision());
        payload.set("entries", entries);
        var key = secrets.signingKey();
        byte[] bundle = Bundle.write(payload, recipient, key.getPrivate(), key.getPublic(), secrets.now());
        secrets.audit(caller.name(), "export", scope.tenant(), scope + " " + (p.isEmpty() ? "(all)" : p), "allowed",
                values + " values, " + sealed + " secrets" + (recipient == null ? "" : ", encrypted"));
        return new Exported(bundle, values, sealed, left);
    }

    /**
     * Writes a bundle's entries under a prefix, into one layer of a tenant, in one commit; secrets
     * are sealed anew for their new addresses.
     *
     * @param signer the exporting store's public key; null to trust only this store's own key
     * @param identity the private key an encrypted bundle was encrypted to
     */
    public CommitResult importBundle(String text, PublicKey signer, PrivateKey identity, String tenant, String intoPrefix,
            Layer layer, String author, String message) {
        String into = Names.prefix(intoPrefix);
        JsonNode payload = Bundle.read(text, signer != null ? signer : secrets.signingKey().getPublic(), identity);
        ChangeRequest.Builder b = ChangeRequest.by(author).message(message == null || message.isBlank() ? "import bundle" : message);
        for (Map.Entry<String, JsonNode> e : payload.path("entries").properties()) {
            String path = Transfers.join(into, e.getKey());
            EntryKey key = EntryKey.of(tenant, Names.path(path), layer);
            JsonNode entry = e.getValue();
            String type = entry.path("type").asString("");
            switch (type) {
                case "json" -> b.put(key, Value.of(entry.get("value")));
                case "text" -> b.put(key, Value.of(entry.get("value"), ContentType.TEXT));
                case "dynamic" -> b.put(key, dynamic(entry.get("value")));
                case "secret" -> {
                    ContentType format = "text".equals(entry.path("format").asString("")) ? ContentType.TEXT : ContentType.JSON;
                    Instant expires = entry.hasNonNull("expires") ? Instant.parse(entry.get("expires").asString()) : null;
                    b.put(key, secrets.seal(key, Value.of(entry.get("value"), format), expires));
                }
                default -> throw new InvalidInputException("bundle entry '" + e.getKey() + "' has an unknown type '" + type + "'");
            }
        }
        return repo.commit(b.build());
    }

    private static Value dynamic(JsonNode spec) {
        ObjectNode root = Json.NODES.objectNode().put("v", 1);
        root.set("dynamic", spec);
        DynamicSecret d = DynamicSecret.from(Value.fromStore(ContentType.SECRET, Json.bytes(root)));
        return d.toValue();
    }
}
