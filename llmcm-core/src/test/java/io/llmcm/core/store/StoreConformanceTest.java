package io.llmcm.core.store;

import static io.llmcm.core.store.StoreFixtures.commit;
import static io.llmcm.core.store.StoreFixtures.delete;
import static io.llmcm.core.store.StoreFixtures.json;
import static io.llmcm.core.store.StoreFixtures.key;
import static io.llmcm.core.store.StoreFixtures.put;
import static io.llmcm.core.store.StoreFixtures.time;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.Grant;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.auth.Role;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} must show. A store's test extends this class and says how to
 * open a store in a directory; reopening the same directory must give back the same store. Along
 * come, from its superclasses, a tenant's deletion ({@link StoreTenantPurgeTest}), keyrings,
 * settings, audit and leases ({@link StoreKeysAuditLeasesTest}) and the randomized comparison
 * with {@link ReferenceLog} ({@link StoreRandomizedTest}).
 */
public abstract class StoreConformanceTest extends StoreTenantPurgeTest {
    private static final io.llmcm.core.model.RollbackRule RULE =
            new io.llmcm.core.model.RollbackRule("acme", "models-guard", "prod", "chat", "models", 10, 0.2);

    private static final EntryKey A_PROD = key("global", "a", Layer.of("prod"));

    // ---- empty store, append, durability ----

    @Test
    void anEmptyStoreHoldsNothing() {
        store.append(List.of());

        StoreImage image = store.load();
        assertThat(image.revision()).isZero();
        assertThat(image.heads()).isEmpty();
        assertThat(image.tenants()).isEmpty();
        assertThat(image.environments()).isEmpty();
        assertThat(image.tags()).isEmpty();
        assertThat(image.schemas()).isEmpty();
        assertThat(image.roles()).isEmpty();
        assertThat(image.bindings()).isEmpty();
        assertThat(image.apiKeys()).isEmpty();
        assertThat(image.retentionFloor()).isZero();
        assertThat(store.lastRevision()).isZero();
        assertThat(store.retentionFloor()).isZero();
        assertThat(store.commitsAfter(0, 10)).isEmpty();
        assertThat(store.commitInfo(1)).isEmpty();
        assertThat(store.history("global", "a", Long.MAX_VALUE, 10)).isEmpty();
        assertThat(store.entriesAt("global", "", Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void appendedCommitsSurviveReopening() {
        List<Commit> log = List.of(
                commit(1, put("a", "1"), put("b", "{\"x\":[1,2]}")),
                commit(2, put("a", "2"), delete("b")));
        store.append(log.subList(0, 1));
        store.append(log.subList(1, 2));
        StoreImage before = store.load();

        reopen();

        assertThat(store.lastRevision()).isEqualTo(2);
        assertThat(store.load()).isEqualTo(before);
        assertThat(before.heads()).containsExactly(new EntryVersion(key("a"), 2, json("2"), false));
        assertThat(store.commitsAfter(0, 10)).isEqualTo(log);

        store.append(List.of(commit(3, put("c", "3"))));
        assertThat(store.lastRevision()).isEqualTo(3);
    }

    @Test
    void aBatchOfCommitsLandsTogether() {
        List<Commit> batch = List.of(
                commit(1, put("a", "1")), commit(2, put("a", "2"), put("b", "1")), commit(3, delete("a")));

        store.append(batch);

        assertThat(store.lastRevision()).isEqualTo(3);
        assertThat(store.commitsAfter(0, 10)).isEqualTo(batch);
        assertThat(store.load().heads()).containsExactly(new EntryVersion(key("b"), 2, json("1"), false));
        reopen();
        assertThat(store.commitsAfter(0, 10)).isEqualTo(batch);
    }

    @Test
    void aBatchNotStartingAtTheLogsEndIsRejectedAndWritesNothing() {
        assertThatThrownBy(() -> store.append(List.of(commit(2, put("a", "2")))))
                .isInstanceOfSatisfying(RevisionMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(1);
                    assertThat(e.actual()).isZero();
                });
        store.append(List.of(commit(1, put("a", "1"))));
        StoreImage before = store.load();

        assertThatThrownBy(() -> store.append(List.of(commit(3, put("a", "3")))))
                .isInstanceOfSatisfying(RevisionMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(2);
                    assertThat(e.actual()).isEqualTo(1);
                });
        assertThatThrownBy(() -> store.append(List.of(commit(1, put("a", "\"again\"")))))
                .isInstanceOf(RevisionMismatchException.class);

        assertThat(store.lastRevision()).isEqualTo(1);
        assertThat(store.load()).isEqualTo(before);
        assertThat(store.commitsAfter(0, 10)).containsExactly(commit(1, put("a", "1")));
        assertThat(store.commitInfo(3)).isEmpty();
        store.append(List.of(commit(2, put("a", "2"))));
        assertThat(store.lastRevision()).isEqualTo(2);
    }

    @Test
    void aBatchWithAGapIsRejectedEntirely() {
        store.append(List.of(commit(1, put("a", "1"))));
        StoreImage before = store.load();

        for (List<Commit> bad : List.of(
                List.of(commit(2, put("a", "2")), commit(4, put("a", "4"))),
                List.of(commit(2, put("a", "2")), commit(2, put("b", "2"))),
                List.of(commit(2, put("a", "2")), commit(3, put("a", "3")), commit(5, put("c", "5"))))) {
            assertThatThrownBy(() -> store.append(bad)).isInstanceOf(RevisionMismatchException.class);
            assertThat(store.lastRevision()).isEqualTo(1);
            assertThat(store.commitInfo(2)).isEmpty();
            assertThat(store.load()).isEqualTo(before);
            assertThat(store.history("global", "a", Long.MAX_VALUE, 10)).hasSize(1);
        }
        reopen();
        assertThat(store.load()).isEqualTo(before);
        store.append(List.of(commit(2, put("a", "2")), commit(3, put("a", "3"))));
        assertThat(store.lastRevision()).isEqualTo(3);
    }

    // ---- commitsAfter, commitInfo ----

    @Test
    void commitsReadBackEqualWithMutationsInTheirOriginalOrder() {
        SchemaBinding schema = new SchemaBinding("acme", "models", "models/**",
                json("{\"type\":\"object\",\"properties\":{\"max_tokens\":{\"type\":\"integer\"}}}"),
                List.of(new Rule("self.max_tokens <= 8192", "too many tokens", "/max_tokens"), new Rule("true", "", "")));
        Commit mixed = new Commit(2, time(2), "bob@example.com", "naïve ✓ change\nsecond line", List.of(
                new Mutation.PutTenant(new Tenant("acme", "global")),
                new Mutation.PutEntry(key("acme", "models/gpt", Layer.of("prod", "chat")), json("{\"t\":0.5}"), true),
                new Mutation.PutEnvironment(new Environment("prod", "base")),
                delete("old"),
                new Mutation.PutTag(new Tag("acme", "stable", 1)),
                new Mutation.PutEntry(key("prompts/greeting"), Value.text("Hello,\n%_ world"), false),
                new Mutation.PutEntry(key("prompts/json-string"), json("\"Hello\""), false),
                new Mutation.PutSchema(schema),
                new Mutation.DeleteTag("acme", "stable"),
                new Mutation.PutSchema(new SchemaBinding("acme", "rules-only", "a/*", null, List.of())),
                new Mutation.DeleteSchema("acme", "rules-only"),
                put("z", "null")));
        List<Commit> log = List.of(commit(1, put("old", "1")), mixed, commit(3));

        store.append(log);

        assertThat(store.commitsAfter(0, 100)).isEqualTo(log);
        Mutation.PutEntry text = (Mutation.PutEntry) store.commitsAfter(1, 1).getFirst().mutations().get(5);
        assertThat(text.value().textOrNull()).isEqualTo("Hello,\n%_ world");
        reopen();
        assertThat(store.commitsAfter(0, 100)).isEqualTo(log);
    }

    @Test
    void commitsAfterHonoursItsBoundAndLimit() {
        List<Commit> log = new ArrayList<>();
        for (long r = 1; r <= 7; r++) {
            log.add(commit(r, put("k" + r, String.valueOf(r)), put("shared", String.valueOf(r))));
        }
        store.append(log.subList(0, 4));
        store.append(log.subList(4, 7));

        assertThat(store.commitsAfter(0, 3)).isEqualTo(log.subList(0, 3));
        assertThat(store.commitsAfter(3, 2)).isEqualTo(log.subList(3, 5));
        assertThat(store.commitsAfter(5, 100)).isEqualTo(log.subList(5, 7));
        assertThat(store.commitsAfter(7, 100)).isEmpty();
        assertThat(store.commitsAfter(-5, 1)).isEqualTo(log.subList(0, 1));
        assertThat(store.commitsAfter(0, 0)).isEmpty();
    }

    @Test
    void commitInfoDescribesExistingRevisionsOnly() {
        Commit c = new Commit(1, Instant.parse("2026-03-04T05:06:07.089Z"), "carol", "tune temperature", List.of(put("a", "1")));
        store.append(List.of(c, commit(2)));

        assertThat(store.commitInfo(1)).contains(c.info());
        assertThat(store.commitInfo(2)).contains(commit(2).info());
        assertThat(store.commitInfo(0)).isEmpty();
        assertThat(store.commitInfo(3)).isEmpty();
        assertThat(store.commitInfo(-1)).isEmpty();
    }

    // ---- history ----

    @Test
    void historyIsNewestFirstAcrossLayersWithDeletions() {
        store.append(List.of(
                commit(1, put("a", "1"), put("a/b", "0"), put("ab", "0"), put(key("acme", "a", Layer.BASE), "0")),
                commit(2, put(A_PROD, "2")),
                commit(3, put("a", "3"), put("a-b", "0")),
                commit(4, delete(A_PROD), put(key("global", "a", Layer.of("base", "chat")), "4"))));

        List<HistoryEntry> history = store.history("global", "a", Long.MAX_VALUE, 100);

        assertThat(history).extracting(h -> h.version().revision(), h -> h.version().key().layer().toString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(4L, "base:chat"),
                        org.assertj.core.groups.Tuple.tuple(4L, "prod"),
                        org.assertj.core.groups.Tuple.tuple(3L, "base"),
                        org.assertj.core.groups.Tuple.tuple(2L, "prod"),
                        org.assertj.core.groups.Tuple.tuple(1L, "base"));
        assertThat(history.get(1).version().isDeleted()).isTrue();
        assertThat(history.get(2).version()).isEqualTo(new EntryVersion(key("a"), 3, json("3"), false));
        assertThat(history.get(2).commit()).isEqualTo(commit(3).info());
        assertThat(store.history("acme", "a", Long.MAX_VALUE, 100)).hasSize(1);
        assertThat(store.history("global", "nothing", Long.MAX_VALUE, 100)).isEmpty();
    }

    @Test
    void historyPagesByRevisionAndLimit() {
        for (long r = 1; r <= 5; r++) {
            store.append(List.of(commit(r, put("a", String.valueOf(r)))));
        }

        assertThat(store.history("global", "a", Long.MAX_VALUE, 2))
                .extracting(h -> h.version().revision()).containsExactly(5L, 4L);
        assertThat(store.history("global", "a", 4, 2)).extracting(h -> h.version().revision()).containsExactly(3L, 2L);
        assertThat(store.history("global", "a", 2, 10)).extracting(h -> h.version().revision()).containsExactly(1L);
        assertThat(store.history("global", "a", 1, 10)).isEmpty();
        assertThat(store.history("global", "a", Long.MAX_VALUE, 0)).isEmpty();
    }

    // ---- entriesAt ----

    @Test
    void entriesAtShowsEachRevisionThroughDeletesAndRecreates() {
        store.append(List.of(
                commit(1, put("a", "1"), put("b", "1")),
                commit(2, put("a", "2")),
                commit(3, delete("a")),
                commit(4, put("a", "4"), delete("b")),
                commit(5, put("c", "5"))));

        assertThat(store.entriesAt("global", "", 0)).isEmpty();
        assertThat(store.entriesAt("global", "", 1)).containsExactly(
                new EntryVersion(key("a"), 1, json("1"), false), new EntryVersion(key("b"), 1, json("1"), false));
        assertThat(store.entriesAt("global", "", 2)).extracting(EntryVersion::revision).containsExactly(2L, 1L);
        assertThat(store.entriesAt("global", "", 3)).containsExactly(new EntryVersion(key("b"), 1, json("1"), false));
        assertThat(store.entriesAt("global", "", 4)).containsExactly(new EntryVersion(key("a"), 4, json("4"), false));
        assertThat(store.entriesAt("global", "", 99)).extracting(v -> v.key().path()).containsExactly("a", "c");
        assertThat(store.entriesAt("acme", "", 99)).isEmpty();
    }

    @Test
    void entriesAtMatchesWholeSegmentsWhateverTheCharacters() {
        List<String> paths = List.of("a", "a/x", "a/b/c", "a_b/x", "axb/x", "a-b", "a.b/c", "ab", "b", "a_b");
        List<Mutation> puts = new ArrayList<>();
        for (String p : paths) {
            puts.add(put(p, "1"));
        }
        store.append(List.of(new Commit(1, time(1), "alice", "many", puts)));

        assertThat(paths("a")).containsExactly("a", "a/b/c", "a/x");
        assertThat(paths("a/")).containsExactly("a", "a/b/c", "a/x");
        assertThat(paths("a_b")).containsExactly("a_b", "a_b/x");
        assertThat(paths("a/b")).containsExactly("a/b/c");
        assertThat(paths("a.b")).containsExactly("a.b/c");
        assertThat(paths("ab")).containsExactly("ab");
        assertThat(paths("a/b/c/d")).isEmpty();
        assertThat(paths("")).containsExactly("a", "a-b", "a.b/c", "a/b/c", "a/x", "a_b", "a_b/x", "ab", "axb/x", "b");
    }

    private List<String> paths(String prefix) {
        return store.entriesAt("global", prefix, 1).stream().map(v -> v.key().path()).toList();
    }

    @Test
    void entriesAtSortsByPathThenLayer() {
        store.append(List.of(commit(1,
                put(key("global", "b", Layer.BASE), "1"),
                put(key("global", "a", Layer.of("prod", "chat")), "1"),
                put(key("global", "a", Layer.of("prod")), "1"),
                put(key("global", "a", Layer.of("base", "chat")), "1"),
                put(key("global", "a", Layer.BASE), "1"),
                put(key("global", "a", Layer.of("dev")), "1"))));

        assertThat(store.entriesAt("global", "", 1)).extracting(v -> v.key().path() + " " + v.key().layer())
                .containsExactly("a base", "a base:chat", "a dev", "a prod", "a prod:chat", "b base");
    }

    @Test
    void aCommitMayWriteOneEntryTwiceAndTheLaterWriteWins() {
        List<Commit> log = List.of(
                commit(1, put("a", "1"), put("a", "2")),
                commit(2, put("b", "1"), delete("b")),
                commit(3, delete("a"), put("a", "3")));

        store.append(log);

        assertThat(store.commitsAfter(0, 10)).isEqualTo(log);
        assertThat(store.entriesAt("global", "", 1)).containsExactly(new EntryVersion(key("a"), 1, json("2"), false));
        assertThat(store.entriesAt("global", "", 2)).extracting(v -> v.key().path()).containsExactly("a");
        assertThat(store.load().heads()).containsExactly(new EntryVersion(key("a"), 3, json("3"), false));
        assertThat(store.history("global", "a", Long.MAX_VALUE, 10)).extracting(h -> h.version().value())
                .containsExactly(json("3"), null, json("2"), json("1"));
    }

    // ---- prune and retention floor ----

    /** a: 1, 2, 3 (head); b: 3, deleted at 4 (a tombstone head); c: 5 (head). */
    private void appendPruneScenario() {
        store.append(List.of(
                commit(1, put("a", "1")),
                commit(2, put("a", "2")),
                commit(3, put("a", "3"), put("b", "1")),
                commit(4, delete("b")),
                commit(5, put("c", "1"))));
    }

    @Test
    void pruneRemovesVersionsSupersededBeforeTheCutoffButNeverHeads() {
        appendPruneScenario();
        StoreImage before = store.load();

        assertThat(store.prune(time(4), Set.of())).isEqualTo(2);

        assertThat(store.history("global", "a", Long.MAX_VALUE, 10)).extracting(h -> h.version().revision())
                .containsExactly(3L);
        assertThat(store.history("global", "b", Long.MAX_VALUE, 10)).extracting(h -> h.version().revision())
                .containsExactly(4L, 3L);
        assertThat(store.load().heads()).isEqualTo(before.heads());
        assertThat(store.entriesAt("global", "", 3)).extracting(v -> v.key().path() + "@" + v.revision())
                .containsExactly("a@3", "b@3");
        assertThat(store.commitInfo(1)).isPresent();
        assertThat(store.commitsAfter(store.retentionFloor(), 10)).isEqualTo(List.of(
                commit(4, delete("b")), commit(5, put("c", "1"))));

        // b@3, superseded at 4, and then b's deletion marker itself, now older than the cutoff
        assertThat(store.prune(time(99), Set.of())).isEqualTo(2);
        assertThat(store.history("global", "b", Long.MAX_VALUE, 10)).isEmpty();
        assertThat(store.load().heads()).isEqualTo(before.heads());
        assertThat(store.entriesAt("global", "", 5)).extracting(v -> v.key().path()).containsExactly("a", "c");
    }

    @Test
    void pruneKeepsVersionsVisibleAtTaggedRevisions() {
        appendPruneScenario();
        List<EntryVersion> atOne = store.entriesAt("global", "", 1);
        List<EntryVersion> atThree = store.entriesAt("global", "", 3);

        // a@2 (no tag sees it) and b's deletion marker (absence says the same)
        assertThat(store.prune(time(99), Set.of(1L, 3L))).isEqualTo(2);

        assertThat(store.history("global", "a", Long.MAX_VALUE, 10)).extracting(h -> h.version().revision())
                .containsExactly(3L, 1L);
        assertThat(store.entriesAt("global", "", 1)).isEqualTo(atOne);
        assertThat(store.entriesAt("global", "", 3)).isEqualTo(atThree);
        // revision 2 sees neither a@1 (superseded at 2) nor b@3 (written later)
        assertThat(store.prune(time(99), Set.of(2L))).isEqualTo(2);
        assertThat(store.history("global", "a", Long.MAX_VALUE, 10)).hasSize(1);
        assertThat(store.history("global", "b", Long.MAX_VALUE, 10)).isEmpty();
    }

    @Test
    void retentionFloorRisesWithPruningNeverFallsAndSurvivesReopening() {
        assertThat(store.prune(time(10), Set.of())).isZero();
        assertThat(store.retentionFloor()).isZero();
        appendPruneScenario();

        store.prune(time(4), Set.of());
        assertThat(store.retentionFloor()).isEqualTo(3);
        assertThat(store.load().retentionFloor()).isEqualTo(3);

        assertThat(store.prune(time(2), Set.of())).isZero();
        assertThat(store.retentionFloor()).isEqualTo(3);

        reopen();
        assertThat(store.retentionFloor()).isEqualTo(3);
        assertThat(store.load().retentionFloor()).isEqualTo(3);
        store.prune(time(5).plusMillis(1), Set.of());
        assertThat(store.retentionFloor()).isEqualTo(5);
    }

    // ---- catalog ----

    @Test
    void catalogStateFollowsPutsAndDeletes() {
        SchemaBinding models = new SchemaBinding("acme", "models", "models/**", json("{\"type\":\"object\"}"), List.of());
        SchemaBinding models2 = new SchemaBinding("acme", "models", "models/*", null, List.of(new Rule("true", "", "")));
        SchemaBinding presets = new SchemaBinding("global", "presets", "presets/*", null, List.of());
        store.append(List.of(
                commit(1,
                        new Mutation.PutTenant(new Tenant("global", null)),
                        new Mutation.PutEnvironment(new Environment("base", null)),
                        new Mutation.PutEnvironment(new Environment("prod", "base")),
                        new Mutation.PutTenant(new Tenant("acme", "global"))),
                commit(2,
                        new Mutation.PutTag(new Tag("acme", "stable", 1)),
                        new Mutation.PutTag(new Tag("global", "v1", 1)),
                        new Mutation.PutSchema(models),
                        new Mutation.PutSchema(presets))));
        store.append(List.of(commit(3,
                new Mutation.PutTag(new Tag("acme", "stable", 2)),
                new Mutation.DeleteTag("global", "v1"),
                new Mutation.PutSchema(models2),
                new Mutation.DeleteSchema("global", "presets"),
                new Mutation.PutRollbackRule(RULE),
                new Mutation.PutRollbackRule(new io.llmcm.core.model.RollbackRule("acme", "gone", "prod", "", "", 1, 1.0)),
                new Mutation.DeleteRollbackRule("acme", "gone"),
                new Mutation.PutEnvironment(new Environment("edge", "prod")),
                new Mutation.PutTenant(new Tenant("beta", "acme")))));

        for (int pass = 0; pass < 2; pass++) {
            StoreImage image = store.load();
            assertThat(image.revision()).isEqualTo(3);
            assertThat(image.tenants()).containsExactlyInAnyOrder(
                    new Tenant("global", null), new Tenant("acme", "global"), new Tenant("beta", "acme"));
            assertThat(image.environments()).containsExactlyInAnyOrder(
                    new Environment("base", null), new Environment("prod", "base"), new Environment("edge", "prod"));
            assertThat(image.tags()).containsExactly(new Tag("acme", "stable", 2));
            assertThat(image.schemas()).containsExactly(models2);
            assertThat(image.rollbackRules()).containsExactly(RULE);
            assertThat(image.heads()).isEmpty();
            reopen();
        }
    }

    @Test
    void tenantStatesAndQuotasFollowTheLogAndGoWithTheTenant() {
        TenantQuota q1 = new TenantQuota(100, 10_485_760, 2.5, 3);
        TenantQuota q2 = new TenantQuota(0, 1024, 0, 0);
        List<Commit> log = List.of(
                commit(1,
                        new Mutation.PutTenant(new Tenant("global", null)),
                        new Mutation.PutTenant(new Tenant("acme", "global")),
                        new Mutation.PutTenant(new Tenant("beta", "global")),
                        new Mutation.SetTenantState("acme", TenantState.SUSPENDED),
                        new Mutation.SetTenantQuota("acme", q1),
                        new Mutation.SetTenantQuota("beta", q2)),
                commit(2,
                        new Mutation.SetTenantState("acme", TenantState.ARCHIVED),
                        new Mutation.SetTenantState("beta", TenantState.SUSPENDED),
                        new Mutation.SetTenantState("beta", TenantState.ACTIVE),
                        new Mutation.PutTenant(new Tenant("acme", "global")))); // re-putting keeps them
        store.append(log);
        for (int pass = 0; pass < 2; pass++) {
            StoreImage image = store.load();
            assertThat(image.tenantStates()).isEqualTo(java.util.Map.of("acme", TenantState.ARCHIVED));
            assertThat(image.tenantQuotas()).isEqualTo(java.util.Map.of("acme", q1, "beta", q2));
            assertThat(store.commitsAfter(0, 10)).isEqualTo(log);
            reopen();
        }

        store.append(List.of(
                commit(3, new Mutation.DeleteTenant("acme"), new Mutation.SetTenantQuota("beta", TenantQuota.UNLIMITED)),
                commit(4, new Mutation.PutTenant(new Tenant("acme", "global")))));
        for (int pass = 0; pass < 2; pass++) {
            StoreImage image = store.load();
            assertThat(image.tenantStates()).isEmpty(); // created anew: active and unlimited
            assertThat(image.tenantQuotas()).isEmpty();
            assertThat(store.commitsAfter(0, 1).getFirst().mutations()).containsExactly(
                    new Mutation.PutTenant(new Tenant("global", null)),
                    new Mutation.PutTenant(new Tenant("acme", "global")),
                    new Mutation.PutTenant(new Tenant("beta", "global")),
                    new Mutation.SetTenantQuota("beta", q2));
            reopen();
        }
    }

    @Test
    void accessControlStateFollowsPutsDeletesAndRevocations() {
        Role reader = new Role("acme", "reader", Set.of(new Grant(Resource.CONFIG, Permission.READ)));
        Role reader2 = new Role("acme", "reader", Set.of(Grant.parse("config:read"), Grant.parse("secret:read")));
        Role storeRole = new Role("", "auditor", Set.of(Grant.parse("audit:read")));
        Binding ops = new Binding("acme", "ops", "group:ops team", "operator",
                new BindingScope(true, "models/openai", "prod"),
                "ipInRange(request.ip, \"10.0.0.0/8\") && request.time.getHours(\"UTC\") < 18 // naïve ✓");
        Binding admin = new Binding("", "admin", "oidc:https://id.example.com/realm#alice", "global-admin", BindingScope.TENANT, "");
        Binding cert = new Binding("acme", "svc", "cert:CN=billing, O=Acme", "reader", BindingScope.TENANT, "");
        ApiKey k1 = new ApiKey("acme", "acmekey000000001", "ci", "ab".repeat(32), time(1), null, null);
        ApiKey k2 = new ApiKey("", "storekey00000002", "ops-bot", "cd".repeat(32), time(1), time(9), null);
        List<Commit> log = List.of(
                commit(1,
                        new Mutation.PutTenant(new Tenant("global", null)),
                        new Mutation.PutTenant(new Tenant("acme", "global")),
                        new Mutation.PutRole(reader),
                        new Mutation.PutRole(storeRole),
                        new Mutation.PutBinding(ops),
                        new Mutation.PutBinding(admin),
                        new Mutation.PutApiKey(k1),
                        new Mutation.PutApiKey(k2)),
                commit(2,
                        new Mutation.PutRole(reader2),
                        new Mutation.PutBinding(cert),
                        new Mutation.DeleteRole("", "auditor"),
                        new Mutation.DeleteBinding("acme", "ops"),
                        new Mutation.RevokeApiKey("acme", "acmekey000000001", time(2))));

        store.append(log);

        for (int pass = 0; pass < 2; pass++) {
            StoreImage image = store.load();
            assertThat(image.roles()).containsExactly(reader2);
            assertThat(image.bindings()).containsExactlyInAnyOrder(admin, cert);
            assertThat(image.apiKeys()).containsExactlyInAnyOrder(k1.revokedAt(time(2)), k2);
            assertThat(store.commitsAfter(0, 10)).isEqualTo(log);
            reopen();
        }
        assertThat(cert.subject()).isEqualTo("cert:cn=billing,o=acme");
    }

    @Test
    void tenantsAndEnvironmentsComeBackInCreationOrderSoParentsPrecedeChildren() {
        store.append(List.of(commit(1,
                new Mutation.PutTenant(new Tenant("global", null)),
                new Mutation.PutTenant(new Tenant("zoo", "global")),
                new Mutation.PutTenant(new Tenant("acme", "zoo")),
                new Mutation.PutEnvironment(new Environment("base", null)),
                new Mutation.PutEnvironment(new Environment("zz", "base")),
                new Mutation.PutEnvironment(new Environment("aa", "zz")))));
        store.append(List.of(commit(2, new Mutation.PutTenant(new Tenant("global", null)))));

        StoreImage image = store.load();
        assertThat(image.tenants()).extracting(Tenant::name).containsExactly("global", "zoo", "acme");
        assertThat(image.environments()).extracting(Environment::name).containsExactly("base", "zz", "aa");
    }

    // ---- concurrency ----

    @Test
    void readsRunConcurrentlyWithAppendsAndSeeConsistentSnapshots() throws Exception {
        int commits = 150;
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            readers.add(Thread.ofPlatform().start(() -> {
                started.countDown();
                long seen = 0;
                long lastSeen = 0;
                try {
                    while (!done.get()) {
                        StoreImage image = store.load();
                        assertThat(image.revision()).isGreaterThanOrEqualTo(seen);
                        seen = image.revision();
                        if (seen > 0) {
                            // one snapshot: the counter's head was written by the image's last commit
                            assertThat(image.heads()).filteredOn(v -> v.key().path().equals("counter"))
                                    .singleElement().extracting(EntryVersion::revision).isEqualTo(seen);
                            assertThat(store.entriesAt("global", "counter", seen)).singleElement()
                                    .extracting(EntryVersion::value).isEqualTo(json(String.valueOf(seen)));
                        }
                        List<Commit> next = store.commitsAfter(seen, 5);
                        for (int i = 0; i < next.size(); i++) {
                            assertThat(next.get(i).revision()).isEqualTo(seen + 1 + i);
                        }
                        long lastRevision = store.lastRevision();
                        assertThat(lastRevision).isGreaterThanOrEqualTo(lastSeen);
                        lastSeen = lastRevision;
                        reads.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        started.await();
        for (long r = 1; r <= commits; r++) {
            store.append(List.of(commit(r, put("counter", String.valueOf(r)), put("k" + (r % 7), "1"))));
        }
        done.set(true);
        for (Thread t : readers) {
            t.join();
        }

        assertThat(failures).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(store.load().revision()).isEqualTo(commits);
    }
}
