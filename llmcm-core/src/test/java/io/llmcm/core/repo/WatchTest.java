package io.llmcm.core.repo;

import static io.llmcm.core.repo.Fixtures.json;
import static io.llmcm.core.repo.Fixtures.key;
import static io.llmcm.core.repo.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.HistoryCompactedException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Mutation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Watches: one event per commit that changes an effective value in view, none missed, none twice. */
class WatchTest {
    private static final Duration NOW = Duration.ZERO;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Scope ACME_PROD = Scope.of("acme", "prod");

    private final MutableClock clock = Fixtures.clock();
    private Repository repo;

    @BeforeEach
    void setUp() {
        repo = Fixtures.memoryRepo(clock);
        Fixtures.tenant(repo, "acme", "global");
        Fixtures.tenant(repo, "beta", "global");
    }

    @AfterEach
    void tearDown() {
        repo.close();
    }

    private Watch watch(String prefix) {
        return repo.watch(WatchFilter.under(ACME_PROD, prefix), -1);
    }

    private static List<String> paths(WatchEvent e) {
        return e.changes().stream().map(WatchEvent.Change::path).toList();
    }

    @Test
    void eachCommitThatChangesAWatchedValueIsOneEventInOrder() throws Exception {
        Watch w = watch("models");
        long r1 = put(repo, key("acme", "prod", "models/a"), "1").revision();
        long r2 = repo.commit(ChangeRequest.by("t")
                .put(key("acme", "prod", "models/b"), json("2"))
                .put(key("acme", "prod", "models/c"), json("3")).build()).revision();
        long r3 = put(repo, key("acme", "prod", "models/a"), "4").revision();

        Watch.Batch b = w.next(NOW);
        assertThat(b.events()).extracting(WatchEvent::revision).containsExactly(r1, r2, r3);
        assertThat(paths(b.events().get(1))).containsExactly("models/b", "models/c");
        assertThat(b.events().get(2).changes().getFirst().value().orElseThrow().value()).isEqualTo(json("4"));
        assertThat(b.revision()).isEqualTo(r3);
        assertThat(w.next(NOW).events()).as("nothing told twice").isEmpty();
    }

    @Test
    void changesInGlobalAndParentEnvironmentsCountUnlessAMoreSpecificLayerHidesThem() throws Exception {
        Watch w = watch("");
        long inherited = put(repo, key("global", "base", "limits/rpm"), "100").revision();
        long overridden = put(repo, key("acme", "prod", "limits/rpm"), "50").revision();
        put(repo, key("global", "base", "limits/rpm"), "200"); // hidden by acme:prod
        long deleted = repo.commit(ChangeRequest.by("t").delete(key("acme", "prod", "limits/rpm")).build()).revision();

        List<WatchEvent> events = w.next(NOW).events();
        assertThat(events).extracting(WatchEvent::revision).containsExactly(inherited, overridden, deleted);
        assertThat(events.getLast().changes().getFirst().value().orElseThrow().value())
                .as("the global value shows again").isEqualTo(json("200"));
    }

    @Test
    void otherTenantsPrefixesAndEnvironmentsAreNotInView() throws Exception {
        Watch w = watch("models");
        put(repo, key("beta", "prod", "models/a"), "1");
        put(repo, key("acme", "prod", "routes/a"), "1");
        put(repo, key("acme", "dev", "models/a"), "1");
        put(repo, key("acme", "prod", "modelsx"), "1");
        Watch.Batch b = w.next(NOW);
        assertThat(b.events()).isEmpty();
        assertThat(b.revision()).as("examined up to the head all the same").isEqualTo(repo.revision());
    }

    @Test
    void aDeletedPathIsAChangeWithoutValue() throws Exception {
        EntryKey k = key("acme", "prod", "models/a");
        put(repo, k, "1");
        Watch w = watch("models");
        repo.commit(ChangeRequest.by("t").delete(k).build());
        WatchEvent.Change c = w.next(NOW).events().getFirst().changes().getFirst();
        assertThat(c.isDeleted()).isTrue();
        assertThat(c.path()).isEqualTo("models/a");
    }

    @Test
    void anExactFilterFollowsOnePath() throws Exception {
        Watch w = repo.watch(WatchFilter.path(ACME_PROD, "models/a"), -1);
        put(repo, key("acme", "prod", "models/a/b"), "1");
        long r = put(repo, key("acme", "prod", "models/a"), "1").revision();
        assertThat(w.next(NOW).events()).extracting(WatchEvent::revision).containsExactly(r);
    }

    @Test
    void aWatchResumedFromAPastRevisionGetsExactlyWhatFollowedIt() throws Exception {
        long r1 = put(repo, key("acme", "prod", "models/a"), "1").revision();
        long r2 = put(repo, key("acme", "prod", "models/a"), "2").revision();
        long r3 = put(repo, key("acme", "prod", "models/b"), "3").revision();
        Watch w = repo.watch(WatchFilter.under(ACME_PROD, "models"), r1);
        assertThat(w.next(NOW).events()).extracting(WatchEvent::revision).containsExactly(r2, r3);
    }

    @Test
    void aWatchFarBehindReadsTheCommitsFromTheStore() throws Exception {
        long start = repo.revision();
        var big = ChangeRequest.by("t");
        for (int i = 0; i <= RecentCommits.MAX_MUTATIONS; i++) {
            big.put(key("acme", "base", "bulk/k" + i), json("0"));
        }
        long bulk = repo.commit(big.build()).revision();
        long after = put(repo, key("acme", "prod", "models/a"), "1").revision();
        // the bulk commit alone outweighs the memory window: the first commits come from the store
        List<WatchEvent> events = repo.watch(WatchFilter.under(ACME_PROD, ""), start).next(NOW).events();
        assertThat(events).extracting(WatchEvent::revision).containsExactly(bulk, after);
        assertThat(events.getFirst().changes()).hasSize(RecentCommits.MAX_MUTATIONS + 1);
    }

    @Test
    void aWaitingWatcherWakesOnTheCommitAndTimesOutWithoutOne() throws Exception {
        Watch w = watch("models");
        assertThat(w.next(Duration.ofMillis(20)).events()).isEmpty();
        CompletableFuture<Watch.Batch> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return w.next(WAIT);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long r = put(repo, key("acme", "prod", "models/a"), "1").revision();
        assertThat(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS).events()).extracting(WatchEvent::revision).containsExactly(r);
    }

    @Test
    void awaitRevisionAnswersAtOnceWhenPassedAndWhenTheRepositoryCloses() throws Exception {
        long now = repo.revision();
        assertThat(repo.awaitRevision(now - 1, WAIT)).isEqualTo(now);
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return repo.awaitRevision(now, Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        repo.close();
        assertThat(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(now);
    }

    @Test
    void aRevisionPrunedAwayOrNotReachedCannotBeWatchedFrom() throws Exception {
        EntryKey k = key("acme", "prod", "models/a");
        long r1 = put(repo, k, "1").revision();
        put(repo, k, "2");
        clock.advance(Duration.ofDays(2));
        put(repo, k, "3");
        repo.prune(Duration.ofDays(1));
        long floor = repo.retentionFloor();
        assertThat(floor).isGreaterThan(r1);
        assertThatThrownBy(() -> repo.watch(WatchFilter.under(ACME_PROD, ""), r1))
                .isInstanceOfSatisfying(HistoryCompactedException.class, e -> assertThat(e.oldestRevision()).isEqualTo(floor))
                .hasMessageContaining("read a snapshot");
        assertThat(repo.watch(WatchFilter.under(ACME_PROD, ""), floor).position()).isEqualTo(floor);
        assertThatThrownBy(() -> repo.watch(WatchFilter.under(ACME_PROD, ""), repo.revision() + 1))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> repo.watch(WatchFilter.under(Scope.of("nobody", "prod"), ""), -1))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void deletingTheWatchedTenantEndsTheWatch() throws Exception {
        Watch w = watch("");
        repo.commit(ChangeRequest.by("t").add(new Mutation.DeleteTenant("acme")).build());
        assertThatThrownBy(() -> w.next(NOW)).isInstanceOf(NotFoundException.class).hasMessageContaining("acme");
    }

    @Test
    void manyWatchersOfOneScopeSeeTheSameEvents() throws Exception {
        List<Watch> watchers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            watchers.add(watch("models"));
        }
        long r = put(repo, key("acme", "prod", "models/a"), "1").revision();
        for (Watch w : watchers) {
            assertThat(w.next(NOW).events()).extracting(WatchEvent::revision).containsExactly(r);
        }
    }
}
