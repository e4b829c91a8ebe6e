package io.llmcm.core.repo;

import static io.llmcm.core.repo.Fixtures.json;
import static io.llmcm.core.repo.Fixtures.key;
import static io.llmcm.core.repo.Fixtures.put;
import static io.llmcm.core.repo.Fixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.ExpiredException;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.KeyException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.PermissionDeniedException;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Value;
import io.llmcm.core.store.MemoryStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SecretsTest {
    static final String PLAIN = "sk-test-PLAINTEXT-4242";
    private final MutableClock clock = Fixtures.clock();
    private final Map<String, String> env = Fixtures.masterKeyEnv();
    private final MemoryStore store = new MemoryStore();
    private Repository repo;
    private final Caller alice = Caller.trusted("alice");

    @BeforeEach
    void open() {
        repo = Fixtures.secretRepo(store, clock, env);
        tenant(repo, "acme", "global");
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private CommitResult setSecret(EntryKey k, String plaintext) {
        return repo.commit(ChangeRequest.by("alice").put(k, repo.secrets().seal(k, Value.text(plaintext), null)).build());
    }

    private List<AuditEvent> audit() {
        return repo.auditEvents(0, 1000);
    }

    @Test
    void aSealedSecretIsStoredAsCiphertextAndRevealedOnlyOnRequest() {
        var k = key("acme", "prod", "providers/openai/api-key");
        setSecret(k, PLAIN);
        Resolved r = repo.get(Scope.of("acme", "prod"), "providers/openai/api-key").orElseThrow();
        assertThat(r.isSecret()).isTrue();
        assertThat(r.value().toString()).doesNotContain(PLAIN);
        Revealed plain = repo.secrets().reveal(Scope.of("acme", "edge"), "providers/openai/api-key", alice);
        assertThat(plain.value().textOrNull()).isEqualTo(PLAIN);
        assertThat(plain.toString()).doesNotContain(PLAIN);
        assertThat(audit()).last().satisfies(e -> {
            assertThat(e.action()).isEqualTo("secret.reveal");
            assertThat(e.outcome()).isEqualTo("allowed");
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.target()).isEqualTo("acme:edge providers/openai/api-key");
        });
    }

    @Test
    void aCiphertextMovedToAnotherAddressDoesNotOpen() {
        var a = key("acme", "prod", "providers/a");
        var b = key("acme", "prod", "providers/b");
        Value sealedForA = repo.secrets().seal(a, Value.text(PLAIN), null);
        assertThatThrownBy(() -> repo.commit(ChangeRequest.by("mallory").put(b, sealedForA).build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not open at that address");
        // and if it gets there behind the engine's back, revealing fails and is audited
        setSecret(a, PLAIN);
        store.append(List.of(new io.llmcm.core.model.Commit(repo.revision() + 1, clock.instant(), "mallory", "",
                List.of(new Mutation.PutEntry(b, sealedForA, false)))));
        try (Repository reopened = Fixtures.secretRepo(store, clock, env)) {
            assertThatThrownBy(() -> reopened.secrets().reveal(Scope.of("acme", "prod"), "providers/b", alice))
                    .isInstanceOf(KeyException.class)
                    .hasMessageNotContaining(PLAIN);
            assertThat(reopened.auditEvents(0, 100)).last().extracting(AuditEvent::outcome).isEqualTo("failed");
        }
    }

    @Test
    void anExpiredSecretSaysSo() {
        var k = key("acme", "base", "db/password");
        repo.commit(ChangeRequest.by("alice").put(k, repo.secrets().seal(k, Value.text(PLAIN), clock.instant().plus(Duration.ofHours(1)))).build());
        assertThat(repo.secrets().reveal(Scope.of("acme", "base"), "db/password", alice).expires()).isNotNull();
        clock.advance(Duration.ofHours(2));
        assertThatThrownBy(() -> repo.secrets().reveal(Scope.of("acme", "base"), "db/password", alice))
                .isInstanceOf(ExpiredException.class)
                .hasMessageContaining("expired at");
        assertThat(audit()).last().extracting(AuditEvent::outcome).isEqualTo("expired");
        assertThatThrownBy(() -> repo.secrets().seal(k, Value.text("x"), clock.instant().minusSeconds(1)))
                .hasMessageContaining("not in the future");
    }

    @Test
    void aCallerWhoMayNotRevealIsRefusedAndAudited() {
        var k = key("acme", "base", "db/password");
        setSecret(k, PLAIN);
        Caller viewer = new Caller("viewer", new Caller.Access() {
            public boolean mayRead(String tenant, String path) {
                return true;
            }

            public boolean mayReveal(String tenant, String path) {
                return false;
            }
        });
        assertThatThrownBy(() -> repo.secrets().reveal(Scope.of("acme", "base"), "db/password", viewer))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(audit()).last().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("denied");
            assertThat(e.actor()).isEqualTo("viewer");
        });
        assertThatThrownBy(() -> repo.secrets().reveal(Scope.of("acme", "base"), "db/nothing", alice)).isInstanceOf(NotFoundException.class);
        assertThat(audit()).last().extracting(AuditEvent::outcome).isEqualTo("failed");
    }

    @Test
    void versionsHistoryTagsAndRollbackWorkAsForConfiguration() {
        var k = key("acme", "base", "db/password");
        long r1 = setSecret(k, "one").revision();
        repo.commit(ChangeRequest.by("t").add(new Mutation.PutTag(new Tag("acme", "good", r1))).build());
        setSecret(k, "two");
        Scope s = Scope.of("acme", "base");
        assertThat(repo.secrets().reveal(s, "db/password", r1, alice).value().textOrNull()).isEqualTo("one");
        assertThat(repo.history("acme", "db/password", 10)).hasSize(2);
        repo.rollback("acme", "db", repo.revisionOf("acme", "good"), "t", null);
        assertThat(repo.secrets().reveal(s, "db/password", alice).value().textOrNull()).isEqualTo("one");
        List<EntryDiff> d = repo.diff("acme", "db", r1, r1 + 2);
        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.readable()).containsExactly("~ secret: version " + r1 + " → " + (r1 + 2));
            assertThat(x.patch().toString()).doesNotContain("\"ct\"");
        });
    }

    @Test
    void secretsNeverMergeAndAPathIsEitherConfigurationOrSecret() {
        setSecret(key("global", "base", "providers/key"), "shared");
        setSecret(key("acme", "prod", "providers/key"), "acme-only");
        assertThat(repo.secrets().reveal(Scope.of("acme", "prod"), "providers/key", alice).value().textOrNull()).isEqualTo("acme-only");
        assertThat(repo.secrets().reveal(Scope.of("acme", "dev"), "providers/key", alice).value().textOrNull()).isEqualTo("shared");
        assertThatThrownBy(() -> put(repo, key("acme", "dev", "providers/key"), "{\"x\":1}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds a secret in global:base");
        put(repo, key("acme", "base", "models/m"), "{\"x\":1}");
        assertThatThrownBy(() -> setSecret(key("global", "prod", "models/m"), "s"))
                .hasMessageContaining("holds configuration in acme:base");
    }

    @Test
    void explainOfASecretShowsWhereItComesFromButNotWhatItIs() {
        setSecret(key("global", "prod", "providers/key"), PLAIN);
        Explanation e = repo.explain(Scope.of("acme", "edge"), "providers/key");
        assertThat(e.value().toString()).contains("\"secret\":\"***\"").doesNotContain(PLAIN).doesNotContain("\"ct\"");
        assertThat(e.fields()).singleElement().satisfies(f -> assertThat(f.layer().toString()).isEqualTo("global:prod"));
    }

    @Test
    void referencesResolveInTheReadersScopeAndSecretsOnlyWhenRevealed() {
        setSecret(key("global", "base", "providers/openai/key"), PLAIN);
        put(repo, key("global", "base", "endpoints/openai"), "{\"url\":\"https://api.openai.com/v1\"}");
        put(repo, key("acme", "prod", "endpoints/openai"), "{\"url\":\"https://eu.api.openai.com/v1\"}");
        put(repo, key("global", "base", "models/gpt"),
                "{\"api_key\":\"${secret:providers/openai/key}\",\"base\":\"${config:endpoints/openai#/url}\","
                        + "\"header\":\"Bearer ${secret:providers/openai/key}\",\"literal\":\"$${secret:x}\"}");
        Scope prod = Scope.of("acme", "prod");
        Resolved masked = repo.resolve(prod, "models/gpt", -1, false, alice).orElseThrow();
        assertThat(masked.value().json().get("api_key").stringValue()).isEqualTo("***");
        assertThat(masked.value().json().get("base").stringValue()).isEqualTo("https://eu.api.openai.com/v1");
        assertThat(masked.value().json().get("literal").stringValue()).isEqualTo("${secret:x}");
        assertThat(masked.value().toString()).doesNotContain(PLAIN);
        Resolved revealed = repo.resolve(prod, "models/gpt", -1, true, alice).orElseThrow();
        assertThat(revealed.value().json().get("api_key").stringValue()).isEqualTo(PLAIN);
        assertThat(revealed.value().json().get("header").stringValue()).isEqualTo("Bearer " + PLAIN);
        Explanation e = repo.explain(prod, "models/gpt");
        assertThat(e.references()).extracting(r -> r.pointer() + " " + r.target() + " " + r.secret())
                .contains("/api_key global:base true", "/base acme:prod false");
        assertThat(e.toString()).doesNotContain(PLAIN);
    }

    @Test
    void referenceCyclesMissingTargetsAndRefusedTargetsAreClearErrors() {
        put(repo, key("global", "base", "a"), "{\"x\":\"${config:b}\"}");
        put(repo, key("global", "base", "b"), "{\"y\":\"${config:a}\"}");
        put(repo, key("global", "base", "c"), "{\"z\":\"${config:missing#/q}\"}");
        Scope s = Scope.of("global", "base");
        assertThatThrownBy(() -> repo.resolve(s, "a", -1, false, alice))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("reference cycle: a → b → a");
        assertThatThrownBy(() -> repo.resolve(s, "c", -1, false, alice))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("reference ${config:missing#/q} at /z of c: missing is not set in global:base");
        Caller blind = new Caller("blind", new Caller.Access() {
            public boolean mayRead(String tenant, String path) {
                return !path.equals("b");
            }

            public boolean mayReveal(String tenant, String path) {
                return false;
            }
        });
        assertThatThrownBy(() -> repo.resolve(s, "a", -1, false, blind)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> put(repo, key("global", "base", "d"), "{\"z\":\"${secret:no//path}\"}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("/z");
    }

    @Test
    void rotatingADataKeyReEncryptsEverySecretAndKeepsHistoryReadable() {
        long first = 0;
        for (int i = 0; i < 250; i++) {
            long r = setSecret(key("acme", "base", "s/k" + i), "v" + i).revision();
            first = first == 0 ? r : first;
        }
        assertThat(repo.secrets().status("acme").secretsByVersion()).containsEntry(1, 250);
        int[] last = new int[2];
        int primary = repo.secrets().rotate("acme", "ops", (done, total) -> {
            last[0] = done;
            last[1] = total;
        });
        assertThat(primary).isEqualTo(2);
        assertThat(last).containsExactly(250, 250);
        KeyStatus status = repo.secrets().status("acme");
        assertThat(status.secretsByVersion()).containsEntry(1, 0).containsEntry(2, 250);
        assertThat(repo.secrets().reveal(Scope.of("acme", "base"), "s/k7", alice).value().textOrNull()).isEqualTo("v7");
        assertThat(repo.secrets().reveal(Scope.of("acme", "base"), "s/k0", first, alice).value().textOrNull())
                .as("a version sealed with the old key").isEqualTo("v0");
    }

    @Test
    void theMasterKeyRotatesAndTheOldKeyStopsWorking() {
        setSecret(key("acme", "base", "db/password"), PLAIN);
        String previous = env.get("LLMCM_MASTER_KEY");
        env.put("LLMCM_MASTER_KEY_PREVIOUS", previous);
        env.put("LLMCM_MASTER_KEY", io.llmcm.core.crypto.EnvironmentKeyProvider.newKey());
        String note = repo.secrets().rotateMasterKey("ops");
        assertThat(note).isNotBlank();
        env.remove("LLMCM_MASTER_KEY_PREVIOUS");
        repo.close();
        repo = Fixtures.secretRepo(store, clock, env);
        assertThat(repo.secrets().reveal(Scope.of("acme", "base"), "db/password", alice).value().textOrNull()).isEqualTo(PLAIN);
        env.put("LLMCM_MASTER_KEY", previous);
        repo.close();
        repo = Fixtures.secretRepo(store, clock, env);
        assertThatThrownBy(() -> repo.secrets().reveal(Scope.of("acme", "base"), "db/password", alice))
                .isInstanceOf(KeyException.class);
    }

    @Test
    void aWrongMasterKeyIsAClearErrorAndChangesNothing() {
        setSecret(key("acme", "base", "db/password"), PLAIN);
        long before = repo.revision();
        repo.close();
        env.put("LLMCM_MASTER_KEY", io.llmcm.core.crypto.EnvironmentKeyProvider.newKey());
        repo = Fixtures.secretRepo(store, clock, env);
        var k = key("acme", "base", "db/other");
        assertThatThrownBy(() -> repo.secrets().seal(k, Value.text("x"), null))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> repo.secrets().reveal(Scope.of("acme", "base"), "db/password", alice))
                .isInstanceOf(KeyException.class);
        assertThat(repo.revision()).isEqualTo(before);
        assertThat(repo.get(Scope.of("acme", "base"), "db/password")).as("configuration reads need no key").isPresent();
    }

    @Test
    void dynamicSecretsIssueLeasesThatExpireAndCanBeRevoked() {
        var k = key("acme", "base", "tokens/ci");
        repo.commit(ChangeRequest.by("t").put(k,
                new io.llmcm.core.secret.DynamicSecret(io.llmcm.core.secret.DynamicSecret.Kind.TOKEN, Duration.ofHours(1), 32, "").toValue()).build());
        Revealed one = repo.secrets().reveal(Scope.of("acme", "base"), "tokens/ci", alice);
        Revealed two = repo.secrets().reveal(Scope.of("acme", "base"), "tokens/ci", alice);
        assertThat(one.value().textOrNull()).isNotEqualTo(two.value().textOrNull()).hasSizeGreaterThan(40);
        assertThat(one.lease().expires()).isEqualTo(clock.instant().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(repo.secrets().check(one.value().textOrNull()).orElseThrow().status()).isEqualTo(LeaseCheck.Status.VALID);
        repo.secrets().revoke("acme", one.lease().id(), alice);
        assertThat(repo.secrets().check(one.value().textOrNull()).orElseThrow().status()).isEqualTo(LeaseCheck.Status.REVOKED);
        assertThatThrownBy(() -> repo.secrets().revoke("global", two.lease().id(), alice)).isInstanceOf(NotFoundException.class);
        clock.advance(Duration.ofHours(2));
        assertThat(repo.secrets().check(two.value().textOrNull()).orElseThrow().status()).isEqualTo(LeaseCheck.Status.EXPIRED);
        assertThat(repo.secrets().check("never-issued")).isEmpty();
        assertThat(audit()).extracting(AuditEvent::action).contains("secret.issue", "secret.revoke");
        assertThat(repo.secrets().leases("acme", 10)).hasSize(2);
    }

    @Test
    void dynamicJwtsAreSignedByTheTenantKey() {
        var k = key("acme", "base", "tokens/svc");
        repo.commit(ChangeRequest.by("t").put(k,
                new io.llmcm.core.secret.DynamicSecret(io.llmcm.core.secret.DynamicSecret.Kind.JWT, Duration.ofMinutes(5), 32, "inference").toValue()).build());
        Revealed jwt = repo.secrets().reveal(Scope.of("acme", "prod"), "tokens/svc", alice);
        assertThat(jwt.value().textOrNull().split("\\.")).hasSize(3);
        assertThat(repo.secrets().jwks("acme")).contains("\"kty\"");
        assertThat(repo.secrets().check(jwt.value().textOrNull()).orElseThrow().status()).isEqualTo(LeaseCheck.Status.VALID);
    }

    @Test
    void deletingATenantShredsItsKeysAndRotatesTheMasterKey() {
        setSecret(key("acme", "base", "db/password"), PLAIN);
        assertThat(store.keyrings()).containsKey("acme");
        String note = repo.secrets().deleteTenant("acme", "ops", null);
        assertThat(note).contains("rotate it (llmcm key rotate --master)");
        assertThat(store.keyrings()).doesNotContainKey("acme");
        assertThat(repo.tenants()).extracting(io.llmcm.core.model.Tenant::name).doesNotContain("acme");
        assertThatThrownBy(() -> repo.get(Scope.of("acme", "base"), "db/password")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> repo.secrets().deleteTenant("global", "ops", null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void bundlesCarrySecretsEncryptedToARecipientAndAreVerifiedOnImport() {
        setSecret(key("acme", "prod", "providers/key"), PLAIN);
        put(repo, key("acme", "prod", "providers/url"), "{\"u\":\"https://x\"}");
        tenant(repo, "beta", "global");
        var recipient = io.llmcm.core.crypto.PemKeys.generate("x25519");
        Bundles.Exported out = repo.bundles().export(Scope.of("acme", "prod"), "providers", recipient.getPublic(), alice);
        String text = new String(out.bundle(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).doesNotContain(PLAIN);
        assertThat(out.secrets()).isEqualTo(1);
        repo.bundles().importBundle(text, null, recipient.getPrivate(), "beta", "imported", io.llmcm.core.model.Layer.BASE, "ops", null);
        assertThat(repo.secrets().reveal(Scope.of("beta", "base"), "imported/key", alice).value().textOrNull()).isEqualTo(PLAIN);
        assertThat(repo.get(Scope.of("beta", "base"), "imported/url").orElseThrow().value()).isEqualTo(json("{\"u\":\"https://x\"}"));
        String tampered = text.replace("\"encrypted\" : true", "\"encrypted\": true").replaceFirst("\"created\": \"[^\"]+\"", "\"created\": \"2020-01-01T00:00:00Z\"");
        assertThatThrownBy(() -> repo.bundles().importBundle(tampered, null, recipient.getPrivate(), "beta", "x", io.llmcm.core.model.Layer.BASE, "ops", null))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining("altered");
        Bundles.Exported plain = repo.bundles().export(Scope.of("acme", "prod"), "providers", null, alice);
        assertThat(plain.secretsLeftOut()).isEqualTo(1);
        assertThat(new String(plain.bundle(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(PLAIN);
    }

    @Test
    void aLayersConfigurationMayBecomeASecretButNeverTheOtherWayRound() {
        var k = key("acme", "base", "db/url");
        put(repo, k, "\"postgres://user:pw@db\"");
        setSecret(k, "postgres://user:pw@db");
        assertThat(repo.get(Scope.of("acme", "base"), "db/url").orElseThrow().isSecret()).isTrue();
        assertThatThrownBy(() -> put(repo, k, "\"plain\""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a plain value would replace it unencrypted");
        ValidationReport r = repo.dryRun(ChangeRequest.by("t").put(key("acme", "prod", "db/url"),
                repo.secrets().seal(key("acme", "prod", "db/url"), Value.text(PLAIN), null)).build());
        assertThat(r.previews()).isNotEmpty().allSatisfy(p -> assertThat(p.value().toString()).contains("***").doesNotContain(PLAIN));
    }
}
