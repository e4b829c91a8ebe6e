package io.llmcm.core.repo;

import static io.llmcm.core.repo.Fixtures.key;
import static io.llmcm.core.repo.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.HistoryCompactedException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.model.Mutation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions (watch groups): every subscriber sees each event once and in order, whatever
 * revision it starts from and however its joining interleaves with commits.
 */
class SubscriptionTest {
    private static final Scope ACME_PROD = Scope.of("acme", "prod");
    private static final Duration BEAT = Duration.ofMillis(50);
    private static final WatchFilter MODELS = WatchFilter.under(ACME_PROD, "models");

    private final MutableClock clock = Fixtures.clock();
    private Repository repo;

    @BeforeEach
    void setUp() {
        repo = Fixtures.memoryRepo(clock);
        Fixtures.tenant(repo, "acme", "global");
    }

    @AfterEach
    void tearDown() {
        repo.close();
    }

    /** Records what a subscription was told. */
    private static final class Recorder implements WatchListener {
        final List<Long> revisions = new ArrayList<>();
        final List<Long> beats = new ArrayList<>();
        final CompletableFuture<RuntimeException> ended = new CompletableFuture<>();
        final AtomicBoolean overlapped = new AtomicBoolean();
        private final AtomicBoolean inside = new AtomicBoolean();
        volatile long told = -1;

        @Override
        public void onEvents(List<WatchEvent> events, long revision) {
            enter();
            synchronized (this) {
                events.forEach(e -> revisions.add(e.revision()));
            }
            told = revision;
            inside.set(false);
        }

        @Override
        public void onHeartbeat(long revision) {
            enter();
            synchronized (this) {
                beats.add(revision);
            }
            told = revision;
            inside.set(false);
        }

        @Override
        public void onEnd(RuntimeException reason) {
            ended.complete(reason);
        }

        private void enter() {
            if (!inside.compareAndSet(false, true)) {
                overlapped.set(true);
            }
        }

        synchronized List<Long> revisions() {
            return List.copyOf(revisions);
        }
    }

    private static void awaitTold(Recorder r, long revision) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (r.told < revision && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(r.told).as("told up to").isGreaterThanOrEqualTo(revision);
    }

    @RepeatedTest(5)
    void subscribersJoiningWhileCommitsLandSeeEachEventOnceInOrder() throws Exception {
        List<Long> all = new ArrayList<>();
        List<Recorder> recorders = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        List<Long> froms = new ArrayList<>();
        List<Subscription> subs = new ArrayList<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 300; i++) {
                String path = i % 3 == 0 ? "routes/x" : "models/m" + (i % 7); // some commits are out of view
                long r = put(repo, key("acme", "prod", path), String.valueOf(i)).revision();
                if (path.startsWith("models")) {
                    synchronized (all) {
                        all.add(r);
                    }
                }
            }
        });
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (writer.isAlive() || recorders.size() < 20) {
            long now = repo.revision();
            long from = random.nextBoolean() ? -1 : random.nextLong(0, now + 1);
            Recorder rec = new Recorder();
            subs.add(repo.subscribe(MODELS, from, BEAT, rec));
            recorders.add(rec);
            starts.add(from < 0 ? now : from);
            froms.add(from);
            Thread.sleep(random.nextInt(3));
        }
        writer.join();
        long last = repo.revision();
        List<Long> expected;
        synchronized (all) {
            expected = List.copyOf(all);
        }
        for (int i = 0; i < recorders.size(); i++) {
            Recorder rec = recorders.get(i);
            awaitTold(rec, last);
            List<Long> got = rec.revisions();
            assertThat(got).as("strictly increasing, so nothing twice and in order").isSorted().doesNotHaveDuplicates();
            long start = starts.get(i);
            List<Long> after = expected.stream().filter(r -> r > start).toList();
            if (froms.get(i) >= 0) {
                assertThat(got).as("every event after its start, none missed").isEqualTo(after);
            } else { // "now" is somewhere between the revision read before subscribing and the subscription
                assertThat(got).as("a gapless tail of the events after it").isEqualTo(after.subList(after.size() - got.size(), after.size()));
            }
            assertThat(rec.overlapped).as("calls never overlap").isFalse();
        }
        subs.forEach(Subscription::close);
    }

    @Test
    void aSubscriberFromAnOldRevisionCatchesUpThenFollows() throws Exception {
        long r1 = put(repo, key("acme", "prod", "models/a"), "1").revision();
        long r2 = put(repo, key("acme", "prod", "models/b"), "2").revision();
        Recorder rec = new Recorder();
        try (Subscription s = repo.subscribe(MODELS, 0, BEAT, rec)) {
            assertThat(rec.revisions()).as("the catch-up ran before subscribe returned").containsExactly(r1, r2);
            long r3 = put(repo, key("acme", "prod", "models/a"), "3").revision();
            awaitTold(rec, r3);
            assertThat(rec.revisions()).containsExactly(r1, r2, r3);
        }
    }

    @Test
    void quietGroupsSendHeartbeatsWithTheRevisionExamined() throws Exception {
        Recorder rec = new Recorder();
        try (Subscription s = repo.subscribe(MODELS, -1, BEAT, rec)) {
            long elsewhere = put(repo, key("acme", "prod", "routes/x"), "1").revision(); // out of view
            awaitTold(rec, elsewhere);
            assertThat(rec.revisions()).isEmpty();
            assertThat(rec.beats).last().isEqualTo(elsewhere);
        }
    }

    @Test
    void aClosedSubscriptionHearsNothingMore() throws Exception {
        Recorder gone = new Recorder();
        Recorder stays = new Recorder();
        Subscription s = repo.subscribe(MODELS, -1, BEAT, gone);
        try (Subscription other = repo.subscribe(MODELS, -1, BEAT, stays)) {
            s.close();
            long r = put(repo, key("acme", "prod", "models/a"), "1").revision();
            awaitTold(stays, r);
            assertThat(gone.revisions()).isEmpty();
            assertThat(gone.ended).isNotDone();
        }
    }

    @Test
    void deletingTheTenantEndsEverySubscriptionWithNotFound() throws Exception {
        Recorder rec = new Recorder();
        repo.subscribe(MODELS, -1, BEAT, rec);
        repo.commit(ChangeRequest.by("t").add(new Mutation.DeleteTenant("acme")).build());
        assertThat(rec.ended.get(10, TimeUnit.SECONDS)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void closingTheRepositoryEndsSubscriptionsWithNoReason() throws Exception {
        Recorder rec = new Recorder();
        repo.subscribe(MODELS, -1, BEAT, rec);
        repo.close();
        assertThat(rec.ended.get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aPrunedStartIsRefusedAtOnce() {
        long r1 = put(repo, key("acme", "prod", "models/a"), "1").revision();
        put(repo, key("acme", "prod", "models/a"), "2");
        clock.advance(Duration.ofDays(2));
        put(repo, key("acme", "prod", "models/a"), "3");
        repo.prune(Duration.ofDays(1));
        assertThatThrownBy(() -> repo.subscribe(MODELS, r1, BEAT, new Recorder())).isInstanceOf(HistoryCompactedException.class);
    }

    @Test
    void aLargeGroupIsDeliveredInSlicesAndEveryMemberGetsTheEvent() throws Exception {
        List<Recorder> recs = new ArrayList<>();
        List<Subscription> subs = new ArrayList<>();
        for (int i = 0; i < WatchGroup.SLICE * 3 + 7; i++) {
            Recorder rec = new Recorder();
            recs.add(rec);
            subs.add(repo.subscribe(MODELS, -1, BEAT, rec));
        }
        long r = put(repo, key("acme", "prod", "models/a"), "1").revision();
        for (Recorder rec : recs) {
            awaitTold(rec, r);
            assertThat(rec.revisions()).containsExactly(r);
        }
        subs.forEach(Subscription::close);
    }
}
