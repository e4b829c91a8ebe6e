package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.llm.prompt.PromptRenderer;
import io.llmcm.core.llm.prompt.RenderRequest;
import io.llmcm.core.llm.prompt.RenderedPrompt;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Bodies;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Fields;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/prompts/render}: renders a prompt template stored at a path, in a scope
 * named in the body. Allowed to whoever may read the path there.
 */
public final class PromptRoutes {
    private final Repository repo;
    private final Access access;

    public PromptRoutes(Repository repo, Access access) {
        this.repo = repo;
        this.access = access;
    }

    public void register(Routes routes) {
        routes.post("/v1/prompts/render", Guard.authenticated(), this::render);
    }

    /** {@code {tenant, env, service, path, variables, variant, key, version}} → {@code {text | messages, variant, version, revision}}. */
    void render(Context ctx, Call call) {
        Fields body = Bodies.object(ctx);
        String tenant = body.requiredString("tenant");
        String env = body.string("env", Layer.BASE_ENV);
        String service = body.string("service", "");
        String path = body.requiredString("path");
        Map<String, JsonNode> variables = variables(body, "variables");
        Map<String, String> textVariables = textVariables(body, "textVariables");
        String variant = body.string("variant", null);
        String key = body.string("key", null);
        String version = body.string("version", null);
        body.done();
        Params.checked("/tenant", () -> Names.tenant(tenant));
        Params.checked("/env", () -> Names.environment(env));
        if (!service.isEmpty()) {
            Params.checked("/service", () -> Names.service(service));
        }
        Params.checked("/path", () -> Names.path(path));
        Call in = access.enter(call, tenant);
        access.require(in, Resource.CONFIG, Permission.READ, path, env);
        RenderedPrompt p = new PromptRenderer(repo).render(new RenderRequest(Scope.of(tenant, env, service), path, variables, textVariables, variant, key, version));
        ObjectNode o = Json.NODES.objectNode();
        if (p.text() != null) {
            o.put("text", p.text());
        } else {
            ArrayNode messages = o.putArray("messages");
            for (RenderedPrompt.Message m : p.messages()) {
                messages.addObject().put("role", m.role()).put("content", m.content());
            }
        }
        o.put("variant", p.variant());
        o.put("version", p.version());
        o.put("revision", p.revision());
        Replies.json(ctx, o);
    }

    /** An object of variable values given as text (a command line's), each converted to its declared type; absent → none. */
    static Map<String, String> textVariables(Fields body, String field) {
        Map<String, String> m = new LinkedHashMap<>();
        for (var e : variables(body, field).entrySet()) {
            if (!e.getValue().isString()) {
                throw new BadRequest(body.pointer(field) + "/" + Params.clipped(e.getKey()), "'" + field + "' holds text values only; give typed ones in 'variables'");
            }
            m.put(e.getKey(), e.getValue().stringValue());
        }
        return m;
    }

    /** An object of variable values; absent → none. */
    static Map<String, JsonNode> variables(Fields body, String field) {
        JsonNode v = body.raw(field);
        Map<String, JsonNode> m = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return m;
        }
        if (!v.isObject()) {
            throw new BadRequest(body.pointer(field), "'" + field + "' must be an object: variable name → value");
        }
        v.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }
}
