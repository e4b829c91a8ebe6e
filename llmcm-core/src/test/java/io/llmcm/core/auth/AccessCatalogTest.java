package io.llmcm.core.auth;

import static io.llmcm.core.auth.AuthFixtures.bind;
import static io.llmcm.core.auth.AuthFixtures.binding;
import static io.llmcm.core.auth.AuthFixtures.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.ConflictException;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.repo.MutableClock;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.store.MemoryStore;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Roles, bindings and keys through the commit path: what the planner refuses, what the repository lists. */
class AccessCatalogTest {
    private static final ApiKey KEY = new ApiKey("acme", "acmekey000000001", "ci", "ab".repeat(32), AuthFixtures.T0, null, null);
    private final MemoryStore store = new MemoryStore();
    private final Map<String, String> env = AuthFixtures.masterKeyEnv();
    private final MutableClock clock = AuthFixtures.clock();
    private Repository repo;

    @BeforeEach
    void open() {
        repo = AuthFixtures.repo(store, clock, env);
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private static Role role(String tenant, String name, String... grants) {
        Set<Grant> gs = new java.util.TreeSet<>();
        for (String g : grants) {
            gs.add(Grant.parse(g));
        }
        return new Role(tenant, name, gs);
    }

    @Test
    void rolesBindingsAndKeysAreListedPerOwner() {
        commit(repo, new Mutation.PutRole(role("acme", "reader", "config:read")), new Mutation.PutRole(role("", "auditor", "audit:read")),
                new Mutation.PutApiKey(KEY));
        bind(repo, "acme", "b1", "key:acmekey000000001", "reader");
        bind(repo, "", "b2", "group:admins", "global-admin");

        assertThat(repo.roles("acme")).containsExactly(role("acme", "reader", "config:read"));
        assertThat(repo.roles("")).extracting(Role::name).containsExactly("auditor");
        assertThat(repo.roles("beta")).isEmpty();
        assertThat(repo.bindings("acme")).extracting(Binding::id).containsExactly("b1");
        assertThat(repo.bindings("")).extracting(Binding::role).containsExactly("global-admin");
        assertThat(repo.apiKeys("acme")).containsExactly(KEY);
        assertThat(repo.apiKeys("")).isEmpty();
        assertThat(repo.apiKey(KEY.id())).contains(KEY);
        assertThat(repo.apiKey("nokey00000000000")).isEmpty();
        assertThat(repo.roleFor("acme-eu", "reader")).contains(role("acme", "reader", "config:read"));
        assertThat(repo.roleFor("beta", "reader")).isEmpty();
        assertThat(repo.roleFor("beta", "viewer")).contains(BuiltInRoles.get("viewer").orElseThrow());
        assertThatThrownBy(() -> repo.bindings("nope")).isInstanceOf(NotFoundException.class).hasMessage("unknown tenant 'nope'");
    }

    @Test
    void thePlannerRefusesWhatWouldNotHoldTogether() {
        assertThatThrownBy(() -> commit(repo, new Mutation.PutRole(role("acme", "viewer", "config:read"))))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'viewer' is a built-in role");
        assertThatThrownBy(() -> commit(repo, new Mutation.PutRole(role("nope", "r", "config:read"))))
                .isInstanceOf(NotFoundException.class).hasMessage("unknown tenant 'nope'");
        assertThatThrownBy(() -> bind(repo, "acme", "b", "group:x", "no-such-role"))
                .isInstanceOf(NotFoundException.class).hasMessageStartingWith("no role 'no-such-role' for a binding in tenant 'acme'");
        assertThatThrownBy(() -> bind(repo, "acme", "b", "group:x", "global-admin"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("global-admin is bound store-wide only");
        assertThatThrownBy(() -> bind(repo, "", "b", "group:x", "tenant-admin"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tenant-admin is bound in a tenant");
        assertThatThrownBy(() -> bind(repo, "acme", "b", "group:x", "viewer", new BindingScope(false, "", "qa"), ""))
                .isInstanceOf(NotFoundException.class).hasMessageStartingWith("unknown environment 'qa'");
        assertThatThrownBy(() -> commit(repo, new Mutation.DeleteBinding("acme", "none")))
                .isInstanceOf(NotFoundException.class).hasMessage("no binding 'none' in tenant 'acme'");
        assertThatThrownBy(() -> commit(repo, new Mutation.DeleteRole("", "none")))
                .isInstanceOf(NotFoundException.class).hasMessage("no role 'none' in the store");
        assertThat(repo.bindings("acme")).isEmpty();
    }

    @Test
    void aConditionThatDoesNotCompileIsRefusedWhenWritten() {
        assertThatThrownBy(() -> bind(repo, "acme", "b", "group:x", "viewer", BindingScope.TENANT, "request.env == "))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("condition: ").hasMessageContaining("at column");
        assertThatThrownBy(() -> bind(repo, "acme", "b", "group:x", "viewer", BindingScope.TENANT, "request.enviroment == 'prod'"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("condition: request has no field 'enviroment' (it has env, ip, path, permission, resource, tenant, time)");
        assertThatThrownBy(() -> bind(repo, "acme", "b", "group:x", "viewer", BindingScope.TENANT, "ipInRange(request.ip, '10.0.0.0/33')"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("prefix length outside 0..32");
        assertThatThrownBy(() -> bind(repo, "acme", "b", "group:x", "viewer", BindingScope.TENANT, "request.path"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("must return bool");
        assertThatThrownBy(() -> bind(repo, "acme", "b", "group:x", "viewer", BindingScope.TENANT, "nosuch(request.ip)"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("condition: ");
        assertThat(repo.bindings("acme")).isEmpty();
    }

    @Test
    void aRoleInUseCannotBeDeleted() {
        commit(repo, new Mutation.PutRole(role("global", "reader", "config:read")));
        bind(repo, "acme-eu", "b", "group:x", "reader");

        assertThatThrownBy(() -> commit(repo, new Mutation.DeleteRole("global", "reader")))
                .isInstanceOf(ConflictException.class)
                .hasMessage("role 'reader' is used by binding acme-eu/b; delete or change the binding first");
        commit(repo, new Mutation.DeleteBinding("acme-eu", "b"), new Mutation.DeleteRole("global", "reader"));
        assertThat(repo.roles("global")).isEmpty();
    }

    @Test
    void keyIdsAreUniqueAndARevocationHappensOnce() {
        commit(repo, new Mutation.PutApiKey(KEY));

        assertThatThrownBy(() -> commit(repo, new Mutation.PutApiKey(new ApiKey("beta", KEY.id(), "x", "cd".repeat(32), AuthFixtures.T0, null, null))))
                .isInstanceOf(ConflictException.class).hasMessage("API key id 'acmekey000000001' is taken");
        assertThatThrownBy(() -> commit(repo, new Mutation.RevokeApiKey("beta", KEY.id(), AuthFixtures.T0)))
                .isInstanceOf(NotFoundException.class).hasMessage("no API key 'acmekey000000001' in tenant 'beta'");
        commit(repo, new Mutation.RevokeApiKey("acme", KEY.id(), AuthFixtures.T0));
        assertThatThrownBy(() -> commit(repo, new Mutation.RevokeApiKey("acme", KEY.id(), AuthFixtures.T0)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already revoked");
        assertThat(repo.apiKeys("acme")).containsExactly(KEY.revokedAt(AuthFixtures.T0));
    }

    @Test
    void everythingSurvivesReopeningAndGoesWithItsTenant() {
        commit(repo, new Mutation.PutRole(role("acme", "reader", "config:read")), new Mutation.PutApiKey(KEY));
        bind(repo, "acme", "b1", "key:acmekey000000001", "reader", new BindingScope(true, "models", "prod"), "request.ip != ''");
        bind(repo, "", "b2", "key:acmekey000000001", "viewer");
        repo.close();
        repo = AuthFixtures.repo(store, clock, env);

        assertThat(repo.roles("acme")).hasSize(1);
        assertThat(repo.bindings("acme")).containsExactly(binding("acme", "b1", "key:acmekey000000001", "reader",
                new BindingScope(true, "models", "prod"), "request.ip != ''"));
        assertThat(repo.apiKey(KEY.id())).contains(KEY);
        assertThat(new PolicyAuthorizer(repo).decide(AuthFixtures.request(KEY.principal(), Resource.CONFIG, Permission.READ,
                "acme", "models/x", "edge")).reason()).isEqualTo("binding acme/b1 (role reader) allows config:read");

        repo.secrets().deleteTenant("acme-eu", "test", null);
        repo.secrets().deleteTenant("acme", "test", null);

        assertThat(repo.apiKey(KEY.id())).isEmpty();
        assertThat(repo.bindings("")).extracting(Binding::id).containsExactly("b2");
        assertThat(store.load().roles()).isEmpty();
        assertThat(store.load().apiKeys()).isEmpty();
        assertThat(store.load().bindings()).extracting(Binding::id).containsExactly("b2");
    }

    @Test
    void subjectsAreCheckedAndKeptInNormalForm() {
        assertThat(binding("acme", "b", "cert:CN=Billing Svc, O=Acme Corp", "viewer", BindingScope.TENANT, "").subject())
                .isEqualTo("cert:cn=billing svc,o=acme corp");
        assertThat(binding("acme", "b", "oidc:https://id.example.com/realm#a#b", "viewer", BindingScope.TENANT, "").subject())
                .isEqualTo("oidc:https://id.example.com/realm#a#b");
        for (String bad : new String[] {"", "alice", "key:short", "key:UPPERCASE0000000", "oidc:no-hash", "oidc:#sub", "oidc:iss#",
                "cert:not a dn", "group:", "group: ", "user:alice", "key:acmekey00000000\n"}) {
            assertThatThrownBy(() -> binding("acme", "b", bad, "viewer", BindingScope.TENANT, ""))
                    .as(bad).isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> new Role("acme", "empty", Set.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("grants nothing");
        assertThatThrownBy(() -> Grant.parse("config:fly")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new BindingScope(false, "a/../b", "")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> binding("acme", "b", "group:x", "viewer", BindingScope.TENANT, "x".repeat(5000)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 4096");
    }
}
