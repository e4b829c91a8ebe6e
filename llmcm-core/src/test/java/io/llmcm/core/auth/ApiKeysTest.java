package io.llmcm.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.repo.MutableClock;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.store.MemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private final MemoryStore store = new MemoryStore();
    private final MutableClock clock = AuthFixtures.clock();
    private Repository repo;
    private ApiKeys keys;

    @BeforeEach
    void open() {
        repo = AuthFixtures.repo(store, clock, AuthFixtures.masterKeyEnv());
        keys = new ApiKeys(repo, clock);
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private static String secretPart(IssuedKey k) {
        return k.secret().substring(ApiKeys.PREFIX.length() + 17);
    }

    @Test
    void anIssuedKeyIsShownOnceAndTheStoreKeepsOnlyItsHash() {
        IssuedKey issued = keys.issue("acme", "ci-deploy", null, "alice");

        assertThat(issued.secret()).matches("llmcm_[a-z2-7]{16}_[A-Za-z0-9_-]{43}");
        assertThat(issued.secret()).contains(issued.key().id());
        assertThat(issued.toString()).doesNotContain(secretPart(issued)).contains(issued.key().id());
        assertThat(issued.key().hash()).isEqualTo(ApiKeys.sha256(secretPart(issued)));
        assertThat(issued.key()).isEqualTo(new ApiKey("acme", issued.key().id(), "ci-deploy", issued.key().hash(), clock.instant(), null, null));
        assertThat(repo.apiKeys("acme")).containsExactly(issued.key());
        String everythingStored = store.load().toString() + store.commitsAfter(0, 100) + store.auditAfter(0, 100);
        assertThat(everythingStored).contains(issued.key().hash()).doesNotContain(secretPart(issued));
        assertThat(repo.commitInfo(repo.revision()).orElseThrow().author()).isEqualTo("alice");
    }

    @Test
    void aValidKeyAuthenticatesAsItsPrincipal() {
        IssuedKey issued = keys.issue("acme", "ci", null, "alice");
        IssuedKey store = keys.issue("", "ops", null, "alice");

        assertThat(keys.verify(issued.secret(), clock.instant()))
                .contains(new Principal("key:" + issued.key().id(), "ci", "acme", java.util.Set.of()));
        assertThat(keys.verify(store.secret(), clock.instant()).orElseThrow().tenant()).isEmpty();
        assertThat(keys.find(issued.secret(), clock.instant())).contains(issued.key());
    }

    @Test
    void aWrongSecretOrAnUnknownIdIsRefused() {
        IssuedKey issued = keys.issue("acme", "ci", null, "alice");
        String other = keys.issue("acme", "other", null, "alice").secret();
        String id = issued.key().id();

        // the other key's secret under this key's id, and this key's secret under an unknown id
        assertThat(keys.verify("llmcm_" + id + "_" + other.substring(23), clock.instant())).isEmpty();
        assertThat(keys.verify("llmcm_aaaaaaaaaaaaaaaa_" + secretPart(issued), clock.instant())).isEmpty();
        char last = issued.secret().charAt(issued.secret().length() - 1);
        String flipped = issued.secret().substring(0, issued.secret().length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(keys.verify(flipped, clock.instant())).isEmpty();
    }

    @Test
    void malformedKeysAreRefused() {
        String good = keys.issue("acme", "ci", null, "alice").secret();
        List<String> bad = new ArrayList<>(Arrays.asList(null, "", "llmcm_", "llmcm", "Bearer " + good, good + "x", good.substring(1),
                " " + good, good + " ", good.replace("llmcm_", "LLMCM_"), good.substring(0, 22) + "-" + good.substring(23),
                good.substring(0, 6) + good.substring(6, 22).toUpperCase() + good.substring(22),
                good.substring(0, 30) + "+" + good.substring(31), good.substring(0, 30) + "=" + good.substring(31),
                good.substring(0, 60) + "\n"));
        for (String s : bad) {
            assertThat(keys.verify(s, clock.instant())).as(String.valueOf(s)).isEmpty();
        }
        assertThat(keys.verify(good, clock.instant())).isPresent();
    }

    @Test
    void anExpiredKeyIsRefused() {
        IssuedKey issued = keys.issue("acme", "ci", clock.instant().plus(Duration.ofHours(1)), "alice");

        assertThat(keys.verify(issued.secret(), clock.instant().plus(Duration.ofMinutes(59)))).isPresent();
        assertThat(keys.verify(issued.secret(), clock.instant().plus(Duration.ofHours(1)))).isEmpty();
        assertThatThrownBy(() -> keys.issue("acme", "late", clock.instant(), "alice"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("is not in the future");
    }

    @Test
    void aRevokedKeyIsRefusedButStaysListed() {
        IssuedKey issued = keys.issue("acme", "ci", null, "alice");
        clock.advance(Duration.ofMinutes(5));

        keys.revoke("acme", issued.key().id(), "bob");

        assertThat(keys.verify(issued.secret(), clock.instant())).isEmpty();
        assertThat(keys.verify(issued.secret(), clock.instant().minusSeconds(1))).as("before the revocation").isPresent();
        assertThat(repo.apiKeys("acme")).singleElement().extracting(ApiKey::revoked).isEqualTo(clock.instant());
    }

    @Test
    void bootstrapMakesOneGlobalAdminKeyOnAStoreWithoutKeys() {
        IssuedKey admin = keys.bootstrap("llmcm serve").orElseThrow();

        Principal p = keys.verify(admin.secret(), clock.instant()).orElseThrow();
        assertThat(p.tenant()).isEmpty();
        assertThat(repo.bindings("")).singleElement().satisfies(b -> {
            assertThat(b.id()).isEqualTo(ApiKeys.BOOTSTRAP_BINDING);
            assertThat(b.role()).isEqualTo(BuiltInRoles.GLOBAL_ADMIN);
            assertThat(b.subject()).isEqualTo(p.id());
        });
        Decision d = new PolicyAuthorizer(repo).decide(new AccessRequest(p, Permission.ADMIN, Resource.POLICY, "", "", "", clock.instant(), ""));
        assertThat(d.allowed()).as(d.reason()).isTrue();
        assertThat(keys.bootstrap("llmcm serve")).as("a second start").isEmpty();

        keys.revoke("", admin.key().id(), "ops");
        assertThat(keys.bootstrap("llmcm serve")).as("a revoked key still counts").isEmpty();
    }

    /**
     * Unknown ids must cost what known ids cost (hash and compare against a dummy). A rough check with
     * a wide margin, so that it fails only if one path skipped the hashing.
     */
    @Test
    void anUnknownIdTakesAsLongAsAKnownOneWithAWrongSecret() {
        IssuedKey issued = keys.issue("acme", "ci", null, "alice");
        String knownWrong = issued.secret().substring(0, 23) + "A".repeat(43);
        String unknown = "llmcm_zzzzzzzzzzzzzzzz_" + "A".repeat(43);
        Instant now = clock.instant();
        long[] known = new long[41];
        long[] missing = new long[41];
        for (int round = 0; round < known.length + 10; round++) {
            long k = time(knownWrong, now);
            long m = time(unknown, now);
            if (round >= 10) { // after warm-up, interleaved so that noise hits both alike
                known[round - 10] = k;
                missing[round - 10] = m;
            }
        }
        Arrays.sort(known);
        Arrays.sort(missing);
        double ratio = (double) missing[20] / known[20];
        System.out.printf("API key check: %.0f ns known id, wrong secret; %.0f ns unknown id (median per check)%n",
                known[20] / 2000.0, missing[20] / 2000.0);
        assertThat(ratio).isBetween(0.5, 2.0);
    }

    private long time(String presented, Instant now) {
        long start = System.nanoTime();
        for (int i = 0; i < 2000; i++) {
            if (keys.verify(presented, now).isPresent()) {
                throw new AssertionError("accepted");
            }
        }
        return System.nanoTime() - start;
    }
}
