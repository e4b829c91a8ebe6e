package io.llmcm.core.repo;

import static io.llmcm.core.repo.Fixtures.get;
import static io.llmcm.core.repo.Fixtures.json;
import static io.llmcm.core.repo.Fixtures.key;
import static io.llmcm.core.repo.Fixtures.put;
import static io.llmcm.core.repo.Fixtures.replace;
import static io.llmcm.core.repo.Fixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.ConflictException;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tag;
import io.llmcm.core.store.HistoryEntry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RepositoryTest {
    private final MutableClock clock = Fixtures.clock();
    private Repository repo;

    @BeforeEach
    void open() {
        repo = Fixtures.memoryRepo(clock);
        tenant(repo, "acme", "global");
    }

    @AfterEach
    void close() {
        repo.close();
    }

    @Test
    void initializeCreatesTheDefaultTenantAndEnvironments() {
        assertThat(repo.isInitialized()).isTrue();
        assertThat(repo.environments())
                .containsExactlyInAnyOrder(
                        new Environment("base", null),
                        new Environment("dev", "base"),
                        new Environment("staging", "base"),
                        new Environment("prod", "base"),
                        new Environment("edge", "prod"));
        assertThatThrownBy(() -> repo.initialize("again")).isInstanceOf(ConflictException.class);
    }

    @Test
    void everyCommitGetsTheNextRevision() {
        long before = repo.revision();
        CommitResult a = put(repo, key("acme", "base", "models/a"), "{\"x\":1}");
        CommitResult b = put(repo, key("acme", "base", "models/b"), "{\"x\":2}");
        assertThat(a.revision()).isEqualTo(before + 1);
        assertThat(b.revision()).isEqualTo(before + 2);
        assertThat(repo.revision()).isEqualTo(before + 2);
    }

    @Test
    void tenantLayersMergeOverGlobalAndEnvironmentsOverBase() {
        put(repo, key("global", "base", "models/gpt"), "{\"model\":\"gpt-4o\",\"temperature\":0.7,\"max_tokens\":1000}");
        put(repo, key("global", "prod", "models/gpt"), "{\"temperature\":0.2}");
        put(repo, key("acme", "base", "models/gpt"), "{\"max_tokens\":4000}");

        assertThat(get(repo, Scope.of("acme", "prod"), "models/gpt"))
                .isEqualTo("{\"model\":\"gpt-4o\",\"temperature\":0.2,\"max_tokens\":4000}");
        assertThat(get(repo, Scope.of("acme", "dev"), "models/gpt"))
                .isEqualTo("{\"model\":\"gpt-4o\",\"temperature\":0.7,\"max_tokens\":4000}");
        assertThat(get(repo, Scope.of("global", "prod"), "models/gpt"))
                .isEqualTo("{\"model\":\"gpt-4o\",\"temperature\":0.2,\"max_tokens\":1000}");
    }

    @Test
    void edgeInheritsFromProdButDevNeverDoes() {
        put(repo, key("global", "prod", "flags/f"), "{\"on\":true}");
        assertThat(get(repo, Scope.of("global", "edge"), "flags/f")).isEqualTo("{\"on\":true}");
        assertThat(get(repo, Scope.of("global", "dev"), "flags/f")).isNull();
        assertThat(get(repo, Scope.of("global", "base"), "flags/f")).isNull();
    }

    @Test
    void siblingTenantsNeverInherit() {
        tenant(repo, "beta", "global");
        put(repo, key("acme", "base", "models/gpt"), "{\"a\":1}");
        assertThat(get(repo, Scope.of("beta", "base"), "models/gpt")).isNull();
        assertThat(repo.list(Scope.of("beta", "base"), "")).isEmpty();
    }

    @Test
    void childTenantInheritsFromEveryAncestor() {
        tenant(repo, "acme-eu", "acme");
        put(repo, key("global", "base", "p"), "{\"a\":1,\"b\":1,\"c\":1}");
        put(repo, key("acme", "base", "p"), "{\"b\":2}");
        put(repo, key("acme-eu", "base", "p"), "{\"c\":3}");
        assertThat(get(repo, Scope.of("acme-eu", "base"), "p")).isEqualTo("{\"a\":1,\"b\":2,\"c\":3}");
    }

    @Test
    void serviceLayerComesLast() {
        put(repo, key("global", "base", "chat", "p"), "{\"t\":\"service\"}");
        put(repo, key("acme", "prod", "p"), "{\"t\":\"acme-prod\",\"u\":1}");
        assertThat(get(repo, Scope.of("acme", "prod", "chat"), "p")).isEqualTo("{\"t\":\"service\",\"u\":1}");
        assertThat(get(repo, Scope.of("acme", "prod"), "p")).isEqualTo("{\"t\":\"acme-prod\",\"u\":1}");
        assertThat(get(repo, Scope.of("acme", "prod", "other"), "p")).isEqualTo("{\"t\":\"acme-prod\",\"u\":1}");
    }

    @Test
    void nullDeletesAFieldAndANullValueHidesThePath() {
        put(repo, key("global", "base", "p"), "{\"a\":1,\"b\":{\"c\":2,\"d\":3}}");
        put(repo, key("acme", "base", "p"), "{\"b\":{\"c\":null}}");
        assertThat(get(repo, Scope.of("acme", "base"), "p")).isEqualTo("{\"a\":1,\"b\":{\"d\":3}}");
        put(repo, key("acme", "prod", "p"), "null");
        assertThat(repo.get(Scope.of("acme", "prod"), "p")).isEmpty();
        assertThat(repo.list(Scope.of("acme", "prod"), "")).isEmpty();
    }

    @Test
    void aReplacingLayerDiscardsLowerLayers() {
        put(repo, key("global", "base", "p"), "{\"a\":1,\"b\":2}");
        replace(repo, key("acme", "base", "p"), "{\"c\":3,\"d\":null}");
        put(repo, key("acme", "prod", "p"), "{\"e\":4}");
        assertThat(get(repo, Scope.of("acme", "prod"), "p")).isEqualTo("{\"c\":3,\"e\":4}");
    }

    @Test
    void arraysAndScalarsReplaceWhole() {
        put(repo, key("global", "base", "p"), "{\"stop\":[\"a\",\"b\"],\"n\":1}");
        put(repo, key("acme", "base", "p"), "{\"stop\":[\"c\"]}");
        assertThat(get(repo, Scope.of("acme", "base"), "p")).isEqualTo("{\"stop\":[\"c\"],\"n\":1}");
    }

    @Test
    void explainNamesTheLayerOfEveryField() {
        put(repo, key("global", "base", "p"), "{\"a\":1,\"b\":{\"c\":2}}");
        put(repo, key("acme", "prod", "p"), "{\"b\":{\"d\":3}}");
        Explanation e = repo.explain(Scope.of("acme", "prod"), "p");
        assertThat(e.value()).isEqualTo(json("{\"a\":1,\"b\":{\"c\":2,\"d\":3}}"));
        assertThat(e.fields())
                .extracting(f -> f.pointer() + "=" + f.value() + "@" + f.layer())
                .containsExactly("/a=1@global:base", "/b/c=2@global:base", "/b/d=3@acme:prod");
        assertThat(e.layers()).extracting(l -> l.layer().toString()).containsExactly("global:base", "acme:prod");
    }

    @Test
    void explainShowsReplacedLayersAsNotContributing() {
        put(repo, key("global", "base", "p"), "{\"a\":1}");
        replace(repo, key("acme", "base", "p"), "{\"b\":2}");
        Explanation e = repo.explain(Scope.of("acme", "base"), "p");
        assertThat(e.layers()).extracting(Explanation.LayerVersion::contributes).containsExactly(false, true);
        assertThat(e.fields()).extracting(Explanation.FieldOrigin::pointer).containsExactly("/b");
    }

    @Test
    void compareAndSetRejectsAStaleRevisionAndChangesNothing() {
        var k = key("acme", "base", "p");
        long r1 = put(repo, k, "{\"a\":1}").revision();
        put(repo, k, "{\"a\":2}");
        long before = repo.revision();
        assertThatThrownBy(() -> repo.commit(ChangeRequest.by("t").put(k, json("{\"a\":3}")).expect(k, r1).build()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("expected revision " + r1);
        assertThat(repo.revision()).isEqualTo(before);
        assertThat(get(repo, Scope.of("acme", "base"), "p")).isEqualTo("{\"a\":2}");
    }

    @Test
    void compareAndSetWithZeroMeansCreateOnly() {
        var k = key("acme", "base", "p");
        repo.commit(ChangeRequest.by("t").put(k, json("1")).expect(k, 0).build());
        assertThatThrownBy(() -> repo.commit(ChangeRequest.by("t").put(k, json("2")).expect(k, 0).build()))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void multiKeyCommitsAreAllOrNothing() {
        var a = key("acme", "base", "a");
        var b = key("acme", "base", "b");
        long before = repo.revision();
        assertThatThrownBy(() -> repo.commit(ChangeRequest.by("t")
                        .put(a, json("1"))
                        .delete(b) // b does not exist
                        .build()))
                .isInstanceOf(NotFoundException.class);
        assertThat(repo.revision()).isEqualTo(before);
        assertThat(repo.get(Scope.of("acme", "base"), "a")).isEmpty();
        CommitResult both = repo.commit(ChangeRequest.by("t").put(a, json("1")).put(b, json("2")).build());
        assertThat(repo.raw(a).orElseThrow().revision()).isEqualTo(both.revision());
        assertThat(repo.raw(b).orElseThrow().revision()).isEqualTo(both.revision());
    }

    @Test
    void writingTheSameValueAgainIsNotACommit() {
        var k = key("acme", "base", "p");
        CommitResult first = put(repo, k, "{\"a\":1}");
        CommitResult again = put(repo, k, "{\"a\":1}");
        assertThat(again.changed()).isFalse();
        assertThat(again.revision()).isEqualTo(first.revision());
        assertThat(replace(repo, k, "{\"a\":1}").changed()).isTrue();
    }

    @Test
    void unknownTenantsAndEnvironmentsAreClearErrors() {
        assertThatThrownBy(() -> put(repo, key("nope", "base", "p"), "1"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("unknown tenant 'nope'");
        assertThatThrownBy(() -> put(repo, key("acme", "prdo", "p"), "1"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("unknown environment 'prdo'")
                .hasMessageContaining("prod");
        assertThatThrownBy(() -> repo.get(Scope.of("nope", "base"), "p")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theSameKeyTwiceInOneCommitIsRejected() {
        var k = key("acme", "base", "p");
        assertThatThrownBy(() -> repo.commit(ChangeRequest.by("t").put(k, json("1")).put(k, json("2")).build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("changed twice");
    }

    @Test
    void tenantsAndEnvironmentsAreCreatedOnceWithExistingParents() {
        assertThatThrownBy(() -> tenant(repo, "acme", "global")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> tenant(repo, "orphan", "missing"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("parent tenant 'missing' does not exist");
        repo.commit(ChangeRequest.by("t").add(new Mutation.PutEnvironment(new Environment("qa", "staging"))).build());
        put(repo, key("global", "staging", "p"), "{\"s\":1}");
        assertThat(get(repo, Scope.of("global", "qa"), "p")).isEqualTo("{\"s\":1}");
    }

    @Test
    void historyListsEveryVersionNewestFirstWithAuthorAndMessage() {
        var k = key("acme", "base", "p");
        repo.commit(ChangeRequest.by("alice").message("first").put(k, json("1")).build());
        repo.commit(ChangeRequest.by("bob").message("second").put(k, json("2")).build());
        repo.commit(ChangeRequest.by("carol").message("gone").delete(k).build());
        List<HistoryEntry> h = repo.history("acme", "p", 10);
        assertThat(h).extracting(e -> e.commit().author()).containsExactly("carol", "bob", "alice");
        assertThat(h.getFirst().version().isDeleted()).isTrue();
        assertThat(h.get(1).version().value()).isEqualTo(json("2"));
        assertThat(h.get(1).commit().message()).isEqualTo("second");
    }

    @Test
    void pointInTimeReadsSeeThePast() {
        var k = key("acme", "base", "p");
        long r1 = put(repo, k, "{\"v\":1}").revision();
        long r2 = put(repo, k, "{\"v\":2}").revision();
        repo.commit(ChangeRequest.by("t").delete(k).build());
        Scope s = Scope.of("acme", "base");
        assertThat(repo.get(s, "p", r1).orElseThrow().value()).isEqualTo(json("{\"v\":1}"));
        assertThat(repo.get(s, "p", r2).orElseThrow().value()).isEqualTo(json("{\"v\":2}"));
        assertThat(repo.get(s, "p")).isEmpty();
        assertThat(repo.list(s, "", r1)).extracting(Resolved::path).containsExactly("p");
        assertThatThrownBy(() -> repo.get(s, "p", repo.revision() + 5))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void tagsNameRevisionsPerTenant() {
        long r = put(repo, key("acme", "base", "p"), "{\"v\":1}").revision();
        repo.commit(ChangeRequest.by("t").add(new Mutation.PutTag(new Tag("acme", "stable", r))).build());
        put(repo, key("acme", "base", "p"), "{\"v\":2}");
        assertThat(repo.revisionOf("acme", "stable")).isEqualTo(r);
        assertThat(repo.get(Scope.of("acme", "base"), "p", repo.revisionOf("acme", "stable")).orElseThrow().value())
                .isEqualTo(json("{\"v\":1}"));
        assertThatThrownBy(() -> repo.revisionOf("global", "stable"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no tag 'stable' in tenant 'global'");
        assertThatThrownBy(() -> repo.commit(ChangeRequest.by("t")
                        .add(new Mutation.PutTag(new Tag("acme", "future", repo.revision() + 10)))
                        .build()))
                .isInstanceOf(NotFoundException.class);
        repo.commit(ChangeRequest.by("t").add(new Mutation.DeleteTag("acme", "stable")).build());
        assertThat(repo.tags("acme")).isEmpty();
    }

    @Test
    void diffReportsAddedRemovedAndModifiedEntries() {
        long r0 = put(repo, key("acme", "base", "m/a"), "{\"t\":0.7}").revision();
        put(repo, key("acme", "base", "m/b"), "{\"x\":1}");
        put(repo, key("acme", "base", "m/a"), "{\"t\":0.2}");
        repo.commit(ChangeRequest.by("t").delete(key("acme", "base", "m/b")).build());
        put(repo, key("acme", "prod", "m/c"), "{\"y\":1}");
        List<EntryDiff> d = repo.diff("acme", "m", r0, repo.revision());
        assertThat(d).extracting(x -> x.path() + "@" + x.layer() + ":" + x.change())
                .containsExactly("m/a@base:MODIFIED", "m/c@prod:ADDED");
        assertThat(d.getFirst().before()).isEqualTo(json("{\"t\":0.7}"));
        assertThat(d.getFirst().after()).isEqualTo(json("{\"t\":0.2}"));
        assertThat(d.getFirst().patch()).isNotEmpty();
        assertThat(repo.diff("acme", "m", repo.revision(), r0))
                .extracting(EntryDiff::change)
                .containsExactly(EntryDiff.Change.MODIFIED, EntryDiff.Change.REMOVED);
    }

    @Test
    void rollbackOfAPrefixRestoresItAsANewCommit() {
        long r0 = put(repo, key("acme", "base", "m/a"), "{\"v\":1}").revision();
        put(repo, key("acme", "base", "m/a"), "{\"v\":2}");
        put(repo, key("acme", "prod", "m/b"), "{\"v\":3}");
        put(repo, key("acme", "base", "other"), "{\"v\":4}");
        CommitResult rb = repo.rollback("acme", "m", r0, "ops", null);
        assertThat(rb.revision()).isEqualTo(r0 + 4);
        assertThat(repo.raw(key("acme", "base", "m/a")).orElseThrow().value()).isEqualTo(json("{\"v\":1}"));
        assertThat(repo.raw(key("acme", "prod", "m/b"))).isEmpty();
        assertThat(repo.raw(key("acme", "base", "other")).orElseThrow().value()).isEqualTo(json("{\"v\":4}"));
        assertThat(repo.history("acme", "m/a", 1).getFirst().commit().message()).isEqualTo("rollback m to revision " + r0);
    }

    @Test
    void rollbackOfAWholeTenantLeavesOtherTenantsAlone() {
        long r0 = repo.revision();
        put(repo, key("acme", "base", "a"), "1");
        put(repo, key("global", "base", "g"), "1");
        repo.rollback("acme", "", r0, "ops", "undo acme");
        assertThat(repo.entries("acme", "")).isEmpty();
        assertThat(repo.entries("global", "")).hasSize(1);
        assertThat(repo.rollback("acme", "", r0, "ops", null).changed()).isFalse();
    }

    @Test
    void dryRunPreviewsWithoutCommitting() {
        put(repo, key("global", "base", "p"), "{\"a\":1}");
        long before = repo.revision();
        ValidationReport report = repo.dryRun(ChangeRequest.by("t").put(key("acme", "prod", "p"), json("{\"b\":2}")).build());
        assertThat(report.valid()).isTrue();
        assertThat(report.previews())
                .filteredOn(p -> p.scope().equals(Scope.of("acme", "edge")))
                .extracting(p -> p.value().toString())
                .containsExactly("{\"a\":1,\"b\":2}");
        assertThat(repo.revision()).isEqualTo(before);
        assertThat(repo.raw(key("acme", "prod", "p"))).isEmpty();
    }

    @Test
    void listShowsEffectiveValuesUnderAPrefix() {
        put(repo, key("global", "base", "models/a"), "1");
        put(repo, key("acme", "base", "models/b"), "2");
        put(repo, key("acme", "base", "models_x"), "3");
        put(repo, key("acme", "base", "prompts/p"), "4");
        assertThat(repo.list(Scope.of("acme", "base"), "models")).extracting(Resolved::path).containsExactly("models/a", "models/b");
        assertThat(repo.list(Scope.of("acme", "base"), "")).hasSize(4);
    }

    @Test
    void readsCarryTheRevisionTheyAreTrueAt() {
        put(repo, key("acme", "base", "p"), "1");
        put(repo, key("acme", "base", "q"), "2");
        Resolved p = repo.get(Scope.of("acme", "base"), "p").orElseThrow();
        assertThat(p.revision()).isEqualTo(repo.revision());
        assertThat(p.modRevision()).isEqualTo(repo.revision() - 1);
    }

    @Test
    void cachedReadsFollowEveryChange() {
        Scope s = Scope.of("acme", "prod");
        var k = key("global", "base", "p");
        for (int i = 0; i < 20; i++) {
            put(repo, k, "{\"i\":" + i + "}");
            assertThat(get(repo, s, "p")).isEqualTo("{\"i\":" + i + "}");
            assertThat(get(repo, s, "p")).isEqualTo("{\"i\":" + i + "}");
        }
        tenant(repo, "acme-sub", "acme");
        assertThat(get(repo, Scope.of("acme-sub", "prod"), "p")).isEqualTo("{\"i\":19}");
    }

    @Test
    void retentionPrunesOldVersionsButKeepsHeadsAndTaggedRevisions() {
        var k = key("acme", "base", "p");
        long r1 = put(repo, k, "{\"v\":1}").revision();
        long r2 = put(repo, k, "{\"v\":2}").revision();
        repo.commit(ChangeRequest.by("t").add(new Mutation.PutTag(new Tag("acme", "keep", r1))).build());
        long r3 = put(repo, k, "{\"v\":3}").revision();
        clock.advance(java.time.Duration.ofDays(91));
        long r4 = put(repo, key("acme", "base", "q"), "1").revision();

        assertThat(repo.prune(Repository.DEFAULT_RETENTION)).isEqualTo(1); // v2: superseded long ago, untagged
        Scope s = Scope.of("acme", "base");
        assertThat(repo.get(s, "p").orElseThrow().value()).isEqualTo(json("{\"v\":3}"));
        assertThat(repo.get(s, "p", r1).orElseThrow().value()).as("tagged").isEqualTo(json("{\"v\":1}"));
        assertThatThrownBy(() -> repo.get(s, "p", r2))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("older than the retention window");
        assertThat(repo.get(s, "q", r4)).isPresent();
        assertThat(repo.retentionFloor()).isGreaterThanOrEqualTo(r3);
        assertThat(repo.history("acme", "p", 10)).extracting(h -> h.version().revision()).containsExactly(r3, r1);
        assertThatThrownBy(() -> repo.prune(java.time.Duration.ZERO)).isInstanceOf(InvalidInputException.class);
    }
}
