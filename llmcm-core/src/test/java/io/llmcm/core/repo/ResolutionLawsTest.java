package io.llmcm.core.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import io.llmcm.core.json.MergePatch;
import io.llmcm.core.json.RandomJson;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.Value;
import io.llmcm.core.store.MemoryStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Property tests of merging and layered resolution, each over many seeded random worlds, checked
 * against a reference written straight from RFC 7396 and ARCHITECTURE.md.
 */
class ResolutionLawsTest {

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 200);
    }

    static LongStream worlds() {
        return LongStream.rangeClosed(1, 40);
    }

    // ------------------------------------------------------------------ RFC 7396 reference

    /** The RFC's pseudo-code, side-effect free. Null result = absent. */
    static JsonNode reference(JsonNode target, JsonNode patch) {
        if (patch.isObject()) {
            ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Json.NODES.objectNode();
            for (var f : patch.properties()) {
                if (f.getValue().isNull()) {
                    result.remove(f.getKey());
                } else {
                    JsonNode merged = reference(result.get(f.getKey()), f.getValue());
                    result.set(f.getKey(), merged);
                }
            }
            return result;
        }
        return patch.isNull() ? null : patch.deepCopy();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void mergePatchMatchesTheRfc(long seed) {
        Random r = new Random(seed);
        JsonNode target = RandomJson.tree(r, 4);
        JsonNode patch = RandomJson.tree(r, 4);
        JsonNode expected = reference(target, patch);
        assertThat(MergePatch.apply(target.deepCopy(), patch.deepCopy())).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void mergingTheSamePatchTwiceChangesNothingMore(long seed) {
        Random r = new Random(seed);
        JsonNode target = RandomJson.object(r, 4);
        JsonNode patch = RandomJson.object(r, 4);
        JsonNode once = MergePatch.apply(target.deepCopy(), patch.deepCopy());
        JsonNode twice = MergePatch.apply(once.deepCopy(), patch.deepCopy());
        assertThat(twice).isEqualTo(once);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aPatchOverridesEveryFieldItSetsAndRemovesEveryFieldItNulls(long seed) {
        Random r = new Random(seed);
        JsonNode target = RandomJson.object(r, 3);
        JsonNode patch = RandomJson.object(r, 3);
        JsonNode merged = MergePatch.apply(target.deepCopy(), patch.deepCopy());
        for (var f : patch.properties()) {
            if (f.getValue().isNull()) {
                assertThat(merged.has(f.getKey())).isFalse();
            } else if (!f.getValue().isObject()) {
                assertThat(merged.get(f.getKey())).isEqualTo(f.getValue());
            }
        }
        for (var f : target.properties()) {
            if (!patch.has(f.getKey())) {
                assertThat(merged.get(f.getKey())).isEqualTo(f.getValue());
            }
        }
    }

    // ------------------------------------------------------------------ layered resolution

    private static final Map<String, String> TENANT_PARENT = Map.of("a", "global", "b", "global", "a1", "a");
    private static final Map<String, String> ENV_PARENT = Map.of("dev", "base", "staging", "base", "prod", "base", "edge", "prod");
    private static final List<String> TENANTS = List.of("global", "a", "b", "a1");
    private static final List<String> ENVS = List.of("base", "dev", "staging", "prod", "edge");
    private static final List<String> SERVICES = List.of("", "chat");
    private static final List<String> PATHS = List.of("p", "q/r");

    private static List<String> ancestry(Map<String, String> parents, String leaf) {
        List<String> chain = new ArrayList<>();
        for (String x = leaf; x != null; x = parents.get(x)) {
            chain.addFirst(x);
        }
        return chain;
    }

    /** ARCHITECTURE.md: tenants global→…→T, within each environments base→…→E, then the service pass. */
    private static List<EntryKey> referenceChain(String tenant, String env, String service, String path) {
        List<EntryKey> chain = new ArrayList<>();
        for (String s : service.isEmpty() ? List.of("") : List.of("", service)) {
            for (String t : ancestry(TENANT_PARENT, tenant)) {
                for (String e : ancestry(ENV_PARENT, env)) {
                    chain.add(EntryKey.of(t, path, Layer.of(e, s)));
                }
            }
        }
        return chain;
    }

    private record Stored(JsonNode value, boolean replace) {}

    private static JsonNode referenceResolve(Map<EntryKey, Stored> world, List<EntryKey> chain) {
        JsonNode acc = null;
        for (EntryKey k : chain) {
            Stored s = world.get(k);
            if (s != null) {
                acc = reference(s.replace() ? null : acc, s.value());
            }
        }
        return acc;
    }

    private static Repository world(Random r, Map<EntryKey, Stored> model) {
        Repository repo = Repository.open(new MemoryStore());
        repo.initialize("t");
        for (String t : List.of("a", "b", "a1")) {
            repo.commit(ChangeRequest.by("t").add(new Mutation.PutTenant(new Tenant(t, TENANT_PARENT.get(t)))).build());
        }
        int writes = 10 + r.nextInt(40);
        for (int i = 0; i < writes; i++) {
            EntryKey k = EntryKey.of(pick(r, TENANTS), pick(r, PATHS), Layer.of(pick(r, ENVS), pick(r, SERVICES)));
            if (model.containsKey(k) && r.nextInt(6) == 0) {
                repo.commit(ChangeRequest.by("t").delete(k).build());
                model.remove(k);
                continue;
            }
            JsonNode v = r.nextInt(8) == 0 ? RandomJson.tree(r, 3) : RandomJson.object(r, 3);
            boolean replace = r.nextInt(10) == 0;
            repo.commit(ChangeRequest.by("t").put(k, Value.of(v), replace).build());
            model.put(k, new Stored(v, replace));
        }
        return repo;
    }

    private static <T> T pick(Random r, List<T> xs) {
        return xs.get(r.nextInt(xs.size()));
    }

    @ParameterizedTest
    @MethodSource("worlds")
    void everyScopeResolvesAsTheReferenceSays(long seed) {
        Random r = new Random(seed);
        Map<EntryKey, Stored> model = new HashMap<>();
        try (Repository repo = world(r, model)) {
            for (String t : TENANTS) {
                for (String e : ENVS) {
                    for (String s : SERVICES) {
                        for (String p : PATHS) {
                            JsonNode expected = referenceResolve(model, referenceChain(t, e, s, p));
                            var actual = repo.get(Scope.of(t, e, s), p);
                            assertThat(actual.map(x -> x.value().json()).orElse(null))
                                    .as("%s:%s:%s %s", t, e, s, p)
                                    .isEqualTo(expected);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("worlds")
    void layersOutsideTheChainNeverShowThrough(long seed) {
        Random r = new Random(seed);
        Map<EntryKey, Stored> model = new HashMap<>();
        try (Repository repo = world(r, model)) {
            // a unique marker in a sibling tenant's and in dev's layer
            repo.commit(ChangeRequest.by("t")
                    .put(EntryKey.of("b", "p", Layer.of("base")), Value.of(Json.parse("{\"sibling-marker\":1}")))
                    .put(EntryKey.of("global", "p", Layer.of("dev")), Value.of(Json.parse("{\"dev-marker\":1}")))
                    .build());
            for (String e : List.of("base", "staging", "prod", "edge")) {
                for (String t : List.of("a", "a1", "global")) {
                    String v = repo.get(Scope.of(t, e), "p").map(x -> x.value().toString()).orElse("");
                    assertThat(v).doesNotContain("sibling-marker").doesNotContain("dev-marker");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("worlds")
    void explainAccountsForEveryLeafOfTheValue(long seed) {
        Random r = new Random(seed);
        Map<EntryKey, Stored> model = new HashMap<>();
        try (Repository repo = world(r, model)) {
            for (String t : TENANTS) {
                for (String e : ENVS) {
                    Scope scope = Scope.of(t, e, "chat");
                    Explanation x = repo.explain(scope, "p");
                    var value = repo.get(scope, "p");
                    assertThat(x.value()).isEqualTo(value.map(Resolved::value).orElse(null));
                    if (x.value() == null) {
                        assertThat(x.fields()).isEmpty();
                        continue;
                    }
                    JsonNode rebuilt = rebuild(x.fields());
                    assertThat(rebuilt).isEqualTo(x.value().json());
                    List<EntryKey> chain = referenceChain(t, e, "chat", "p");
                    for (Explanation.FieldOrigin f : x.fields()) {
                        EntryKey from = EntryKey.of(f.layer().tenant(), "p", f.layer().layer());
                        assertThat(chain).contains(from);
                        JsonNode leaf = f.value().json();
                        if (!leaf.isObject()) {
                            JsonNode raw = model.get(from).value();
                            assertThat(f.pointer().isEmpty() ? raw : raw.at(f.pointer())).isEqualTo(leaf);
                        }
                    }
                }
            }
        }
    }

    /** Puts leaves back together at their pointers. */
    private static JsonNode rebuild(List<Explanation.FieldOrigin> fields) {
        if (fields.size() == 1 && fields.getFirst().pointer().isEmpty()) {
            return fields.getFirst().value().json();
        }
        ObjectNode root = Json.NODES.objectNode();
        for (Explanation.FieldOrigin f : fields) {
            String[] tokens = f.pointer().substring(1).split("/", -1);
            ObjectNode at = root;
            for (int i = 0; i < tokens.length - 1; i++) {
                String name = unescape(tokens[i]);
                at = at.has(name) ? (ObjectNode) at.get(name) : at.putObject(name);
            }
            at.set(unescape(tokens[tokens.length - 1]), f.value().json());
        }
        return root;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
