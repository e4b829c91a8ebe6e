package io.llmcm.core.store;

import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.Grant;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.auth.Role;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Rule;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantState;
import io.llmcm.core.model.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.node.ObjectNode;

/**
 * Random commit sequences from a seed, over a small space of names so that versions collide,
 * get superseded, deleted and re-created. Paths include near neighbours ({@code a_b}, {@code axb},
 * {@code a-b}, {@code a.b}) that catch prefix matching done with LIKE or plain string prefixes.
 * Now and then a tenant other than the root is deleted, purging what came before. Roles, bindings
 * and API keys come and go too, store-wide and per tenant, and tenants change state and quota.
 */
public final class RandomLog {
    public static final List<String> TENANTS = List.of("global", "acme", "beta");
    public static final List<String> PATHS = List.of(
            "a", "a/b", "a/b/c", "a/bc", "a_b", "a_b/c", "axb/c", "a-b/c", "a.b", "ab", "m/x_y", "m/x_y/z", "m/xzy");
    public static final List<String> PREFIXES = List.of("", "a", "a/b", "a_b", "a/b/c", "ab", "m", "m/x_y", "zz");
    private static final List<Layer> LAYERS =
            List.of(Layer.BASE, Layer.of("prod"), Layer.of("prod", "chat"), Layer.of("base", "chat"), Layer.of("edge"));
    private static final List<String> TAGS = List.of("stable", "v1.0", "rc_1");
    private static final List<String> SCHEMAS = List.of("models", "presets-v1");
    private static final List<String> OWNERS = List.of("", "global", "acme", "beta");
    private static final List<String> ROLES = List.of("reader", "ops");

    private final Random random;
    private long nextRevision = 1;
    private long time = StoreFixtures.T0.toEpochMilli();

    public RandomLog(Random random) {
        this.random = random;
    }

    /** One to three consecutive commits. */
    public List<Commit> nextBatch() {
        List<Commit> batch = new ArrayList<>();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            batch.add(nextCommit());
        }
        return batch;
    }

    private Commit nextCommit() {
        long revision = nextRevision++;
        time += 1 + random.nextInt(5_000); // strictly increasing, millisecond precision
        List<Mutation> mutations = new ArrayList<>();
        for (int n = random.nextInt(5); n > 0; n--) {
            mutations.add(mutation(revision));
        }
        return new Commit(revision, java.time.Instant.ofEpochMilli(time), pick(List.of("alice", "bob")),
                "change " + revision, mutations);
    }

    private Mutation mutation(long revision) {
        int roll = random.nextInt(116);
        if (roll >= 112) {
            return tenantSetting();
        }
        if (roll >= 100) {
            return access(roll - 100);
        }
        if (roll < 55) {
            return new Mutation.PutEntry(key(), value(), random.nextInt(4) == 0);
        } else if (roll < 70) {
            return new Mutation.DeleteEntry(key());
        } else if (roll < 75) {
            String name = pick(TENANTS);
            return new Mutation.PutTenant(new Tenant(name, name.equals("global") ? null : "global"));
        } else if (roll < 80) {
            String name = pick(List.of("base", "prod", "edge", "dev"));
            return new Mutation.PutEnvironment(new Environment(
                    name, switch (name) {
                        case "base" -> null;
                        case "edge" -> "prod";
                        default -> "base";
                    }));
        } else if (roll < 88) {
            return new Mutation.PutTag(new Tag(pick(TENANTS), pick(TAGS), 1 + random.nextInt((int) revision)));
        } else if (roll < 92) {
            return new Mutation.DeleteTag(pick(TENANTS), pick(TAGS));
        } else if (roll < 95) {
            return new Mutation.PutSchema(schema());
        } else if (roll < 96) {
            return random.nextBoolean()
                    ? new Mutation.PutRollbackRule(new io.llmcm.core.model.RollbackRule(pick(TENANTS), pick(SCHEMAS), "prod", "",
                            pick(List.of("", "models", "a/b")), 1 + random.nextInt(5), pick(List.of(0.5, 1.0))))
                    : new Mutation.DeleteRollbackRule(pick(TENANTS), pick(SCHEMAS));
        } else if (roll < 98) {
            return new Mutation.DeleteSchema(pick(TENANTS), pick(SCHEMAS));
        } else {
            // the root is never deleted (the engine refuses); the others come back through later puts
            return new Mutation.DeleteTenant(pick(TENANTS.subList(1, TENANTS.size())));
        }
    }

    /** A state or quota, of a tenant that may not exist (the store then keeps nothing of it). */
    private Mutation tenantSetting() {
        String tenant = pick(TENANTS.subList(1, TENANTS.size())); // the root is always active
        if (random.nextBoolean()) {
            return new Mutation.SetTenantState(tenant, pick(List.of(TenantState.values())));
        }
        return new Mutation.SetTenantQuota(tenant, random.nextInt(4) == 0
                ? TenantQuota.UNLIMITED
                : new TenantQuota(random.nextInt(3) * 100L, random.nextInt(3) * 1024L, random.nextInt(3) * 2.5, random.nextInt(3)));
    }

    /** Roles, bindings and API keys, store-wide ("") or of a tenant; key ids never cross owners. */
    private Mutation access(int roll) {
        String owner = pick(OWNERS);
        return switch (roll) {
            case 0, 1 -> {
                Set<Grant> grants = new TreeSet<>();
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    grants.add(new Grant(pick(List.of(Resource.values())), pick(List.of(Permission.values()))));
                }
                yield new Mutation.PutRole(new Role(owner, pick(ROLES), grants));
            }
            case 2 -> new Mutation.DeleteRole(owner, pick(ROLES));
            case 3, 4, 5 -> new Mutation.PutBinding(new Binding(owner, pick(List.of("b1", "b-2")),
                    pick(List.of("key:acmekkkkkkkkkkk1", "group:ops", "oidc:https://id.example#u1", "cert:CN=svc,O=Acme")),
                    pick(List.of("viewer", "operator", "ops", "reader")),
                    new BindingScope(random.nextBoolean(), pick(List.of("", "models", "a/b")), pick(List.of("", "prod"))),
                    pick(List.of("", "request.env == 'prod'", "ipInRange(request.ip, \"10.0.0.0/8\")"))));
            case 6 -> new Mutation.DeleteBinding(owner, pick(List.of("b1", "b-2")));
            case 7, 8, 9 -> {
                java.time.Instant created = java.time.Instant.ofEpochMilli(time);
                yield new Mutation.PutApiKey(new ApiKey(owner, keyId(owner), "key-" + random.nextInt(3),
                        "0123456789abcdef".repeat(4), created,
                        random.nextBoolean() ? null : created.plusSeconds(3600), random.nextInt(4) == 0 ? created : null));
            }
            default -> new Mutation.RevokeApiKey(owner, keyId(owner), java.time.Instant.ofEpochMilli(time));
        };
    }

    private String keyId(String owner) {
        return ((owner.isEmpty() ? "store" : owner) + "kkkkkkkkkkkkkkk").substring(0, 15) + random.nextInt(3);
    }

    private EntryKey key() {
        return EntryKey.of(pick(TENANTS), pick(PATHS), pick(LAYERS));
    }

    private Value value() {
        return switch (random.nextInt(5)) {
            case 0 -> Value.of(Json.NODES.numberNode(random.nextInt(1000)));
            case 1 -> Value.text(pick(List.of("hello", "naïve ✓", "50% off_now", "")));
            case 2 -> Value.of(Json.NODES.nullNode());
            case 3 -> Value.of(Json.NODES.stringNode("s" + random.nextInt(10)));
            default -> {
                ObjectNode o = Json.NODES.objectNode();
                o.put("model", "m" + random.nextInt(5)).put("temperature", random.nextInt(10) / 10.0);
                o.putArray("stop").add("\n").add(random.nextBoolean());
                yield Value.of(o);
            }
        };
    }

    private SchemaBinding schema() {
        List<Rule> rules = new ArrayList<>();
        for (int n = random.nextInt(3); n > 0; n--) {
            rules.add(new Rule("self.max_tokens <= " + random.nextInt(9000), pick(List.of("", "too many")),
                    pick(List.of("", "/max_tokens"))));
        }
        Value schema = random.nextBoolean() ? null : StoreFixtures.json("{\"type\":\"object\",\"required\":[\"model\"]}");
        return new SchemaBinding(pick(TENANTS), pick(SCHEMAS), pick(List.of("models/**", "a/*")), schema, rules);
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
