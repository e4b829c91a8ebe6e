package io.llmcm.core.store;

import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.Grant;
import io.llmcm.core.auth.Role;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.RollbackRule;
import io.llmcm.core.model.Rule;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantIsolation;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantState;
import io.llmcm.core.model.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stable JSON form of the catalog mutations (tenants and their states and quotas, environments,
 * tags, schemas, roles, bindings, API keys), shared by
 * every store so a commit reads back the same whatever stored it. Entry mutations are not encoded
 * here: stores keep them as rows of their own. No mutation uses the field {@code at}: stores add a
 * mutation's position in its commit under that name.
 */
public final class MutationCodec {
    private MutationCodec() {}

    /** True for the mutations this codec encodes (everything but entry puts and deletes). */
    public static boolean isCatalog(Mutation m) {
        return !(m instanceof Mutation.PutEntry) && !(m instanceof Mutation.DeleteEntry);
    }

    public static byte[] encode(List<Mutation> catalogMutations) {
        ArrayNode array = Json.NODES.arrayNode();
        for (Mutation m : catalogMutations) {
            array.add(encode(m));
        }
        return Json.bytes(array);
    }

    public static List<Mutation> decode(byte[] json) {
        List<Mutation> out = new ArrayList<>();
        for (JsonNode n : Json.parse(json)) {
            out.add(decode(n));
        }
        return out;
    }

    public static ObjectNode encode(Mutation m) {
        ObjectNode o = Json.NODES.objectNode();
        switch (m) {
            case Mutation.PutTenant(Tenant t) -> {
                o.put("op", "put-tenant").put("name", t.name());
                if (t.parent() != null) {
                    o.put("parent", t.parent());
                }
                if (t.dedicated()) {
                    o.put("isolation", t.isolation().id()); // only when set: logs of shared tenants read back byte-equal
                }
            }
            case Mutation.DeleteTenant(String name) -> o.put("op", "delete-tenant").put("name", name);
            case Mutation.SetTenantState(String tenant, TenantState state) ->
                o.put("op", "set-tenant-state").put("tenant", tenant).put("state", state.id());
            case Mutation.SetTenantQuota(String tenant, TenantQuota q) -> o.put("op", "set-tenant-quota")
                    .put("tenant", tenant)
                    .put("max-keys", q.maxKeys())
                    .put("max-bytes", q.maxBytes())
                    .put("requests-per-second", q.requestsPerSecond())
                    .put("max-watches", q.maxWatches());
            case Mutation.PutEnvironment(Environment e) -> {
                o.put("op", "put-environment").put("name", e.name());
                if (e.parent() != null) {
                    o.put("parent", e.parent());
                }
            }
            case Mutation.PutTag(Tag t) ->
                o.put("op", "put-tag").put("tenant", t.tenant()).put("name", t.name()).put("revision", t.revision());
            case Mutation.DeleteTag(String tenant, String name) ->
                o.put("op", "delete-tag").put("tenant", tenant).put("name", name);
            case Mutation.PutSchema(SchemaBinding s) -> {
                o.put("op", "put-schema").put("tenant", s.tenant()).put("name", s.name()).put("pattern", s.pattern());
                if (s.schema() != null) {
                    o.set("schema", s.schema().json());
                }
                ArrayNode rules = o.putArray("rules");
                for (Rule r : s.rules()) {
                    ObjectNode rule = rules.addObject().put("rule", r.expression()).put("message", r.message()).put("pointer", r.pointer());
                    if (!r.messageExpression().isEmpty()) {
                        rule.put("messageExpression", r.messageExpression()); // only when set: older readers see the same shape
                    }
                }
                if (!s.checks().isEmpty()) {
                    ArrayNode checks = o.putArray("checks");
                    s.checks().forEach(checks::add);
                }
            }
            case Mutation.DeleteSchema(String tenant, String name) ->
                o.put("op", "delete-schema").put("tenant", tenant).put("name", name);
            case Mutation.PutRollbackRule(RollbackRule r) -> o.put("op", "put-rollback-rule")
                    .put("tenant", r.tenant())
                    .put("name", r.name())
                    .put("env", r.env())
                    .put("service", r.service())
                    .put("prefix", r.prefix())
                    .put("min-reports", r.minReports())
                    .put("reject-share", r.rejectShare());
            case Mutation.DeleteRollbackRule(String tenant, String name) ->
                o.put("op", "delete-rollback-rule").put("tenant", tenant).put("name", name);
            case Mutation.PutRole(Role r) -> {
                o.put("op", "put-role").put("tenant", r.tenant()).put("name", r.name());
                ArrayNode grants = o.putArray("grants");
                r.grants().forEach(g -> grants.add(g.toString()));
            }
            case Mutation.DeleteRole(String tenant, String name) ->
                o.put("op", "delete-role").put("tenant", tenant).put("name", name);
            case Mutation.PutBinding(Binding b) -> o.put("op", "put-binding")
                    .put("tenant", b.tenant())
                    .put("id", b.id())
                    .put("subject", b.subject())
                    .put("role", b.role())
                    .put("children", b.scope().includeChildTenants())
                    .put("prefix", b.scope().pathPrefix())
                    .put("env", b.scope().env())
                    .put("condition", b.condition());
            case Mutation.DeleteBinding(String tenant, String id) ->
                o.put("op", "delete-binding").put("tenant", tenant).put("id", id);
            case Mutation.PutApiKey(ApiKey k) -> {
                o.put("op", "put-api-key").put("tenant", k.tenant()).put("id", k.id()).put("name", k.name())
                        .put("hash", k.hash()).put("created", k.created().toString());
                if (k.expires() != null) {
                    o.put("expires", k.expires().toString());
                }
                if (k.revoked() != null) {
                    o.put("revoked", k.revoked().toString());
                }
            }
            case Mutation.RevokeApiKey(String tenant, String id, Instant at) ->
                o.put("op", "revoke-api-key").put("tenant", tenant).put("id", id).put("revoked", at.toString());
            case Mutation.PutEntry p -> throw new IllegalArgumentException("entry mutations are stored as rows");
            case Mutation.DeleteEntry d -> throw new IllegalArgumentException("entry mutations are stored as rows");
        }
        return o;
    }

    public static Mutation decode(JsonNode o) {
        String op = o.get("op").stringValue();
        return switch (op) {
            case "put-tenant" -> new Mutation.PutTenant(new Tenant(text(o, "name"), text(o, "parent"),
                    o.has("isolation") ? TenantIsolation.parse(text(o, "isolation")) : TenantIsolation.SHARED));
            case "delete-tenant" -> new Mutation.DeleteTenant(text(o, "name"));
            case "set-tenant-state" -> new Mutation.SetTenantState(text(o, "tenant"), TenantState.parse(text(o, "state")));
            case "set-tenant-quota" -> new Mutation.SetTenantQuota(text(o, "tenant"), new TenantQuota(
                    o.path("max-keys").longValue(),
                    o.path("max-bytes").longValue(),
                    o.path("requests-per-second").doubleValue(),
                    o.path("max-watches").intValue()));
            case "put-environment" -> new Mutation.PutEnvironment(new Environment(text(o, "name"), text(o, "parent")));
            case "put-tag" -> new Mutation.PutTag(
                    new Tag(text(o, "tenant"), text(o, "name"), o.get("revision").longValue()));
            case "delete-tag" -> new Mutation.DeleteTag(text(o, "tenant"), text(o, "name"));
            case "put-schema" -> new Mutation.PutSchema(decodeSchema(o));
            case "delete-schema" -> new Mutation.DeleteSchema(text(o, "tenant"), text(o, "name"));
            case "put-rollback-rule" -> new Mutation.PutRollbackRule(decodeRollbackRule(o));
            case "delete-rollback-rule" -> new Mutation.DeleteRollbackRule(text(o, "tenant"), text(o, "name"));
            case "put-role" -> new Mutation.PutRole(decodeRole(o));
            case "delete-role" -> new Mutation.DeleteRole(text(o, "tenant"), text(o, "name"));
            case "put-binding" -> new Mutation.PutBinding(new Binding(
                    text(o, "tenant"),
                    text(o, "id"),
                    text(o, "subject"),
                    text(o, "role"),
                    new BindingScope(o.path("children").booleanValue(), text(o, "prefix"), text(o, "env")),
                    text(o, "condition")));
            case "delete-binding" -> new Mutation.DeleteBinding(text(o, "tenant"), text(o, "id"));
            case "put-api-key" -> new Mutation.PutApiKey(new ApiKey(
                    text(o, "tenant"), text(o, "id"), text(o, "name"), text(o, "hash"),
                    instant(o, "created"), instant(o, "expires"), instant(o, "revoked")));
            case "revoke-api-key" -> new Mutation.RevokeApiKey(text(o, "tenant"), text(o, "id"), instant(o, "revoked"));
            default -> throw new IllegalArgumentException("unknown mutation op " + op);
        };
    }

    /** Encodes a rollback rule on its own (stores keep current rules in a table). */
    public static byte[] encodeRollbackRule(RollbackRule r) {
        return Json.bytes(encode(new Mutation.PutRollbackRule(r)));
    }

    public static RollbackRule decodeRollbackRule(byte[] json) {
        return decodeRollbackRule(Json.parse(json));
    }

    private static RollbackRule decodeRollbackRule(JsonNode o) {
        return new RollbackRule(text(o, "tenant"), text(o, "name"), text(o, "env"), text(o, "service"), text(o, "prefix"),
                o.path("min-reports").intValue(), o.path("reject-share").doubleValue());
    }

    /** Encodes a schema binding on its own (stores keep current bindings in a table). */
    public static byte[] encodeSchema(SchemaBinding s) {
        return Json.bytes(encode(new Mutation.PutSchema(s)));
    }

    public static SchemaBinding decodeSchema(byte[] json) {
        return decodeSchema(Json.parse(json));
    }

    private static SchemaBinding decodeSchema(JsonNode o) {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode r : o.path("rules")) {
            rules.add(new Rule(text(r, "rule"), text(r, "message"), text(r, "pointer"), text(r, "messageExpression")));
        }
        JsonNode schema = o.get("schema");
        List<String> checks = new ArrayList<>();
        for (JsonNode c : o.path("checks")) {
            checks.add(c.stringValue());
        }
        return new SchemaBinding(
                text(o, "tenant"),
                text(o, "name"),
                text(o, "pattern"),
                schema == null ? null : Value.fromStore(ContentType.JSON, Json.bytes(schema)),
                rules,
                checks);
    }

    private static Role decodeRole(JsonNode o) {
        Set<Grant> grants = new TreeSet<>();
        for (JsonNode g : o.path("grants")) {
            grants.add(Grant.parse(g.stringValue()));
        }
        return new Role(text(o, "tenant"), text(o, "name"), grants);
    }

    private static Instant instant(JsonNode o, String field) {
        String s = text(o, field);
        return s == null ? null : Instant.parse(s);
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? null : n.stringValue();
    }
}
