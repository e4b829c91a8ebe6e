package io.llmcm.core.auth;

import static io.llmcm.core.auth.AuthFixtures.bind;
import static io.llmcm.core.auth.AuthFixtures.key;
import static io.llmcm.core.auth.AuthFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.repo.Repository;
import io.llmcm.core.store.MemoryStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in role × resource × permission, against the table in {@link BuiltInRoles}'s Javadoc
 * (R read, W write, D delete, O rotate, A admin), through real bindings and decisions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixTest {
    private static final Map<String, String> MATRIX = new LinkedHashMap<>();

    static {
        MATRIX.put("global-admin", "config:RWDOA secret:RWDOA tenant:RWDOA policy:RWDOA audit:RWDOA");
        MATRIX.put("tenant-admin", "config:RWDOA secret:RWDOA tenant:RWDOA policy:RWDOA audit:RWDOA");
        MATRIX.put("operator", "config:RWD secret:RWDO audit:R");
        MATRIX.put("developer", "config:RWD secret:RW");
        MATRIX.put("viewer", "config:R");
        MATRIX.put("service-account", "config:R secret:R");
    }

    private static final Map<Permission, Character> LETTER = Map.of(
            Permission.READ, 'R', Permission.WRITE, 'W', Permission.DELETE, 'D', Permission.ROTATE, 'O', Permission.ADMIN, 'A');

    private Repository repo;
    private PolicyAuthorizer authorizer;

    @BeforeAll
    void bindEveryRole() {
        repo = AuthFixtures.repo(new MemoryStore(), AuthFixtures.clock(), AuthFixtures.masterKeyEnv());
        int n = 0;
        for (String role : MATRIX.keySet()) {
            String id = holder(role);
            // global-admin is bound store-wide; the others in the tenant whose requests we ask about
            bind(repo, role.equals("global-admin") ? "" : "acme", "b" + n++, "key:" + id, role,
                    BindingScope.SUBTREE, "");
        }
        authorizer = new PolicyAuthorizer(repo);
    }

    @AfterAll
    void close() {
        repo.close();
    }

    /** A 16-character key id per role. */
    private static String holder(String role) {
        return (role.replace("-", "") + "0000000000000000").substring(0, 16);
    }

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (Map.Entry<String, String> row : MATRIX.entrySet()) {
            for (Resource r : Resource.values()) {
                for (Permission p : Permission.values()) {
                    out.add(Arguments.of(row.getKey(), r, p, expected(row.getValue(), r, p)));
                }
            }
        }
        return out.stream();
    }

    private static boolean expected(String row, Resource r, Permission p) {
        for (String cell : row.split(" ")) {
            String[] parts = cell.split(":");
            if (parts[0].equals(r.name().toLowerCase(Locale.ROOT))) {
                return parts[1].indexOf(LETTER.get(p)) >= 0;
            }
        }
        return false;
    }

    @ParameterizedTest(name = "{0} {1}:{2} → {3}")
    @MethodSource("cells")
    void eachBuiltInRoleGrantsExactlyItsCells(String role, Resource resource, Permission permission, boolean allowed) {
        Decision d = authorizer.decide(request(key(holder(role), ""), resource, permission, "acme", "models/gpt", "prod"));

        assertThat(d.allowed()).as(d.reason()).isEqualTo(allowed);
        assertThat(BuiltInRoles.get(role).orElseThrow().allows(resource, permission)).isEqualTo(allowed);
        if (allowed) {
            assertThat(d.reason()).contains("role " + role).contains(new Grant(resource, permission).toString());
        } else {
            assertThat(d.reason()).startsWith("no binding allows " + new Grant(resource, permission));
        }
    }

    @Test
    void theMatrixCoversEveryBuiltInRoleAndNoMore() {
        assertThat(BuiltInRoles.all()).extracting(Role::name).containsExactlyElementsOf(MATRIX.keySet());
        assertThat(BuiltInRoles.all()).allSatisfy(r -> assertThat(r.tenant()).isEmpty());
    }

    @Test
    void onlyGlobalAdminActsStoreWide() {
        for (String role : MATRIX.keySet()) {
            Decision d = authorizer.decide(request(key(holder(role), ""), Resource.TENANT, Permission.ADMIN, "", "", ""));
            assertThat(d.allowed()).as(role + ": " + d.reason()).isEqualTo(role.equals("global-admin"));
        }
    }
}
