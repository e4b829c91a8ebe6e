package io.llmcm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.AccessRequest;
import io.llmcm.core.auth.ApiKeys;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.Grant;
import io.llmcm.core.auth.IssuedKey;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.PolicyAuthorizer;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.auth.Role;
import io.llmcm.core.auth.ServiceTokens;
import io.llmcm.core.crypto.MasterKeyFileProvider;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roles, bindings and API keys on the embedded store, as someone holding the disk would see them. */
class SqliteAccessTest {
    @TempDir
    Path tmp;

    private Repository open() {
        Path keyFile = tmp.resolve("master.key");
        Repository r = Repository.open(SqliteStore.open(tmp.resolve("data"), Duration.ofSeconds(5)),
                Repository.Options.defaults().withKeyProviders(rec -> new MasterKeyFileProvider(keyFile)));
        if (!r.isInitialized()) {
            r.initialize("ops");
            r.secrets().initialize(new MasterKeyFileProvider(keyFile), "ops");
            for (String t : new String[] {"acme", "beta"}) {
                r.commit(ChangeRequest.by("ops").add(new Mutation.PutTenant(new Tenant(t, "global"))).build());
            }
        }
        return r;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String secretPart(IssuedKey k) {
        return k.secret().substring(k.secret().lastIndexOf('_', k.secret().length() - 44) + 1);
    }

    private static boolean reads(Repository r, IssuedKey k, String tenant) {
        return new PolicyAuthorizer(r).decide(new AccessRequest(k.key().principal(), Permission.READ, Resource.CONFIG, tenant,
                "models/gpt", "prod", Instant.now(), "10.0.0.1")).allowed();
    }

    @Test
    void theSecretPartOfAKeyNeverReachesTheFilesOnlyItsHash() throws Exception {
        Path data = tmp.resolve("data");
        IssuedKey acme;
        IssuedKey admin;
        try (Repository r = open()) {
            ApiKeys keys = new ApiKeys(r, Clock.systemUTC());
            admin = keys.bootstrap("ops").orElseThrow();
            acme = keys.issue("acme", "ci", null, "ops");
            new ServiceTokens(r, keys).exchange(acme.secret(), null, Instant.now()).orElseThrow();
            assertThat(secretPart(acme)).hasSize(43);

            for (IssuedKey k : new IssuedKey[] {acme, admin}) {
                assertThat(RawFiles.containing(data, ascii(secretPart(k)))).as("files holding a key's secret").isEmpty();
                assertThat(RawFiles.containing(data, ascii(k.key().hash()))).as("its hash is there").isNotEmpty();
            }
        }
        for (IssuedKey k : new IssuedKey[] {acme, admin}) {
            assertThat(RawFiles.containing(data, ascii(secretPart(k)))).as("after close").isEmpty();
        }
    }

    @Test
    void accessControlAndServiceTokensSurviveReopening() {
        IssuedKey key;
        String token;
        try (Repository r = open()) {
            ApiKeys keys = new ApiKeys(r, Clock.systemUTC());
            key = keys.issue("acme", "ci", null, "ops");
            r.commit(ChangeRequest.by("ops")
                    .add(new Mutation.PutRole(new Role("acme", "reader", Set.of(Grant.parse("config:read")))))
                    .add(new Mutation.PutBinding(new Binding("acme", "ci", "key:" + key.key().id(), "reader",
                            new BindingScope(false, "models", "prod"), "ipInRange(request.ip, '10.0.0.0/8')")))
                    .build());
            token = new ServiceTokens(r, keys).exchange(key.secret(), null, Instant.now()).orElseThrow().token();
            assertThat(reads(r, key, "acme")).isTrue();
        }
        try (Repository r = open()) {
            ApiKeys keys = new ApiKeys(r, Clock.systemUTC());
            assertThat(keys.verify(key.secret(), Instant.now())).contains(key.key().principal());
            assertThat(new ServiceTokens(r, keys).verify(token, Instant.now())).contains(key.key().principal());
            assertThat(reads(r, key, "acme")).isTrue();
            assertThat(reads(r, key, "beta")).isFalse();
            assertThat(r.roles("acme")).hasSize(1);
            assertThat(r.bindings("acme")).singleElement().extracting(Binding::condition).isEqualTo("ipInRange(request.ip, '10.0.0.0/8')");
        }
    }

    @Test
    void deletingATenantPurgesItsRolesBindingsAndKeysFromTheFiles() throws Exception {
        Path data = tmp.resolve("data");
        try (Repository r = open()) {
            ApiKeys keys = new ApiKeys(r, Clock.systemUTC());
            IssuedKey acme = keys.issue("acme", "acme-ci", null, "ops");
            IssuedKey beta = keys.issue("beta", "beta-ci", null, "ops");
            String marker = "acme-only-role-7f3a9c";
            r.commit(ChangeRequest.by("ops")
                    .add(new Mutation.PutRole(new Role("acme", marker, Set.of(Grant.parse("config:read")))))
                    .add(new Mutation.PutBinding(new Binding("acme", "b", "key:" + acme.key().id(), marker, BindingScope.TENANT, "")))
                    .build());
            keys.revoke("acme", acme.key().id(), "ops");
            assertThat(RawFiles.containing(data, ascii(acme.key().hash()))).isNotEmpty();

            r.secrets().deleteTenant("acme", "ops", null);

            assertThat(r.apiKey(acme.key().id())).isEmpty();
            assertThat(keys.verify(acme.secret(), Instant.now())).isEmpty();
            for (String gone : new String[] {acme.key().hash(), marker}) {
                assertThat(RawFiles.containing(data, ascii(gone))).as("files still holding %s", gone).isEmpty();
            }
            assertThat(RawFiles.containing(data, ascii(beta.key().hash()))).as("the other tenant's key").isNotEmpty();
            assertThat(keys.verify(beta.secret(), Instant.now())).isPresent();
        }
        try (Repository r = open()) {
            assertThat(r.apiKeys("beta")).hasSize(1);
            assertThat(r.bindings("")).isEmpty();
            assertThat(r.tenants()).extracting(Tenant::name).containsExactly("beta", "global");
        }
    }
}
