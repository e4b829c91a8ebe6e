package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.json.Json;
import io.llmcm.core.llm.ModelCatalog;
import io.llmcm.core.llm.ModelInfo;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The catalog of a scope in the form the server answers, from the server or the local store. */
final class Catalogs {
    private Catalogs() {}

    /** {@code {scope, as_of, overridden, models: {ID: {...}}}}. */
    static JsonNode effective(StoreOptions store, Scope scope) {
        Remote remote = store.remote();
        if (remote != null) {
            return remote.send(query(Remote.get("/v1/catalog"), scope)).json();
        }
        try (Repository repo = store.open()) {
            ObjectNode o = Json.NODES.objectNode();
            o.put("scope", scope.toString());
            o.setAll(ModelCatalog.effective(repo, scope).toJson());
            return o;
        }
    }

    /** {@code {id, provider, ...}}; not found names the way to add it. */
    static JsonNode model(StoreOptions store, Scope scope, String id) {
        Remote remote = store.remote();
        if (remote != null) {
            return remote.send(query(Remote.get("/v1/catalog/" + id), scope)).json();
        }
        try (Repository repo = store.open()) {
            ModelInfo m = ModelCatalog.effective(repo, scope).get(id);
            ObjectNode o = Json.NODES.objectNode().put("id", m.id());
            o.setAll(m.toJson());
            return o;
        }
    }

    private static Remote.Call query(Remote.Call call, Scope scope) {
        call.query("tenant", scope.tenant()).query("env", scope.env());
        if (scope.service() != null && !scope.service().isEmpty()) {
            call.query("service", scope.service());
        }
        return call;
    }
}
