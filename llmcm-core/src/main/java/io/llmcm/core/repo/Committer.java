package io.llmcm.core.repo;

import io.llmcm.core.LlmcmException;
import io.llmcm.core.StoreException;
import io.llmcm.core.ValidationException;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.TenantUsage;
import io.llmcm.core.store.ChangeFeed;
import io.llmcm.core.store.RevisionMismatchException;
import io.llmcm.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Group commit. One thread takes every waiting request, plans each against the state, and stores
 * the accepted ones as one batch: one transaction and one fsync for all of them. While the store
 * syncs, new requests queue up and form the next batch, so throughput grows with concurrency.
 *
 * <p>A request is planned against the state as of the last applied batch. Two requests in one
 * batch must not depend on each other, so a request that touches a path already in the batch, or
 * the catalog, first flushes the batch. Requests on different paths of one tenant do share its
 * quota, so the batch carries what its planned commits add to each tenant's usage.
 *
 * <p><b>Other writers.</b> When other processes append to the same store (PostgreSQL), this thread
 * is also the one that applies their commits: the store's {@link ChangeFeed} wakes it ({@link
 * #followed}), and between batches it reads the commits after the state's revision and applies
 * them in order, as its own. When an append is refused because another process wrote those
 * revisions first ({@link RevisionMismatchException}, nothing written), it catches up the same way
 * and plans the batch's requests again against the new state (validation, preconditions, quotas),
 * then retries: a request fails only for what the new state says about it, never because another
 * instance was faster.
 */
final class Committer implements AutoCloseable {
    static final int MAX_BATCH = 1024;
    /** How many times a batch is planned again after other writers took its revisions. */
    static final int MAX_ATTEMPTS = 100;
    /** How many commits of other writers one read brings in. */
    static final int CATCH_UP_PAGE = 1000;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Committer.class);

    private final Store store;
    private final State state;
    private final Clock clock;
    private final Planner.SecretRules secretRules;
    /** Told of other writers' commits before they are applied (to drop what they made stale). */
    private final java.util.function.Consumer<List<Commit>> beforeFollowed;
    /** Told of this process's own commits once durable, before they are applied (shared cache, fan-out). */
    private final java.util.function.Consumer<List<Commit>> durable;
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private boolean running = true; // guarded by this
    private Instant lastTime = Instant.EPOCH;
    /** A {@link CatchUp} is queued and not yet started. */
    private final java.util.concurrent.atomic.AtomicBoolean catchUpQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** The highest revision announced by the feed since the last catch-up began (MAX_VALUE: unknown). */
    private final java.util.concurrent.atomic.AtomicLong announced = new java.util.concurrent.atomic.AtomicLong();
    /** Commits of other writers applied so far (metrics, tests). */
    private final java.util.concurrent.atomic.AtomicLong followedCommits = new java.util.concurrent.atomic.AtomicLong();
    /** Batches planned again because another writer took their revisions (metrics, tests). */
    private final java.util.concurrent.atomic.AtomicLong replans = new java.util.concurrent.atomic.AtomicLong();
    /**
     * {@link System#nanoTime()} when the log was last read to its end (a catch-up that found
     * nothing more to apply), or when this committer started: how stale the followed state may be.
     */
    private volatile long lastCaughtUp = System.nanoTime();

    /** A unit of work for the committer thread: a commit request or an exclusive job. */
    private sealed interface Task {}

    private record CommitTask(ChangeRequest request, CompletableFuture<CommitResult> result) implements Task {}

    private record Job(Supplier<Object> body, CompletableFuture<Object> result) implements Task {}

    /** Reads and applies the commits other writers appended (queued by {@link #followed}). */
    private record CatchUp() implements Task {}

    /** Queued by {@link #close()}: everything before it is still done. */
    private record Stop() implements Task {}

    Committer(Store store, State state, Clock clock, Planner.SecretRules secretRules,
            java.util.function.Consumer<List<Commit>> beforeFollowed, java.util.function.Consumer<List<Commit>> durable) {
        this.store = store;
        this.beforeFollowed = beforeFollowed;
        this.durable = durable;
        this.state = state;
        this.clock = clock;
        this.secretRules = secretRules;
        this.thread = Thread.ofPlatform().name("llmcm-committer").daemon(true).unstarted(this::loop);
        thread.start();
    }

    CompletableFuture<CommitResult> submit(ChangeRequest request) {
        CompletableFuture<CommitResult> f = new CompletableFuture<>();
        enqueue(new CommitTask(request, f), f);
        return f;
    }

    /** Runs a job on the committer thread, between batches (pruning, for one). */
    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> run(Supplier<T> job) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        enqueue(new Job((Supplier<Object>) job, f), f);
        return (CompletableFuture<T>) (CompletableFuture<?>) f;
    }

    /**
     * The store's feed says the log may have grown (to {@code revision}, or {@link
     * ChangeFeed#UNKNOWN}): queues one catch-up unless one is queued already or the state is there.
     */
    void followed(long revision) {
        long target = revision < 0 ? Long.MAX_VALUE : revision;
        announced.accumulateAndGet(target, Math::max);
        if (target <= state.revision()) {
            return; // our own append, or one we applied already
        }
        if (catchUpQueued.compareAndSet(false, true)) {
            enqueue(new CatchUp(), null);
        }
    }

    long followedCommits() {
        return followedCommits.get();
    }

    long replans() {
        return replans.get();
    }

    /** {@link System#nanoTime()} of the last read of the store's log that reached its end. */
    long lastCaughtUp() {
        return lastCaughtUp;
    }

    /** Synchronized with {@link #close()} so nothing is queued behind the final {@link Stop}. */
    private synchronized void enqueue(Task t, CompletableFuture<?> f) {
        if (!running) {
            if (f != null) {
                f.completeExceptionally(new StoreException("the repository is closed"));
            }
            return;
        }
        queue.add(t);
    }

    private void loop() {
        List<Task> drained = new ArrayList<>(MAX_BATCH);
        boolean stopping = false;
        while (!stopping) {
            try {
                drained.clear();
                drained.add(queue.take());
                queue.drainTo(drained, MAX_BATCH - 1);
                stopping = drained.getLast() instanceof Stop;
                process(drained);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable t) {
                // never let the thread die: a dead committer would hang every writer
                catchUpQueued.set(false); // a catch-up lost here is queued again by the next announcement
                for (Task task : drained) {
                    failTask(task, internal(t));
                }
            }
        }
    }

    private void process(List<Task> tasks) {
        Batch batch = new Batch();
        for (Task task : tasks) {
            switch (task) {
                case Job job -> {
                    batch.flush();
                    try {
                        job.result().complete(job.body().get());
                    } catch (RuntimeException e) {
                        job.result().completeExceptionally(e instanceof LlmcmException ? e : internal(e));
                    }
                }
                case CommitTask ct -> {
                    if (batch.conflictsWith(ct.request())) {
                        batch.flush();
                    }
                    batch.plan(ct);
                }
                case CatchUp c -> {
                    batch.flush();
                    catchUpQueued.set(false); // before reading: an announcement from now on queues another
                    long target = announced.getAndSet(0);
                    if (target > state.revision()) {
                        try {
                            catchUp();
                            if (target == Long.MAX_VALUE) {
                                // a periodic poll: another process may have pruned (not a commit, so not announced)
                                state.retentionFloor(store.retentionFloor());
                            }
                        } catch (RuntimeException e) {
                            // the feed wakes us again (periodically at worst), and we read from where we are
                            LOG.warn("could not read the commits of other writers: {}", e.toString());
                        }
                    }
                }
                case Stop stop -> {}
            }
        }
        batch.flush();
    }

    /**
     * Applies, in order, every commit in the store's log after the state's revision. Those are
     * other writers' (this thread applies its own before it appends again).
     *
     * @throws StoreException when the log cannot be read, or is not contiguous after the revision
     */
    private void catchUp() {
        while (true) {
            long at = state.revision();
            List<Commit> found = store.commitsAfter(at, CATCH_UP_PAGE);
            if (found.isEmpty()) {
                lastCaughtUp = System.nanoTime();
                return;
            }
            beforeFollowed.accept(found);
            try {
                state.applyFollowed(found, () -> followedCommits.addAndGet(found.size()));
            } catch (IllegalStateException e) {
                throw new StoreException("cannot follow the store's log after revision " + at + ": " + e.getMessage(), e);
            }
            Instant newest = found.getLast().time();
            lastTime = newest.isAfter(lastTime) ? newest : lastTime;
            if (found.size() < CATCH_UP_PAGE) {
                lastCaughtUp = System.nanoTime(); // that was the end of the log
                return;
            }
        }
    }

    /** Commits planned but not yet stored. */
    private final class Batch {
        final List<Commit> commits = new ArrayList<>();
        final List<Catalog> catalogs = new ArrayList<>();
        final List<CommitTask> waiting = new ArrayList<>();
        final Set<String> paths = new HashSet<>();
        /** What the planned commits add to the usage of tenants with a quota. */
        final Map<String, TenantUsage> usage = new HashMap<>();
        boolean catalogTouched;

        boolean conflictsWith(ChangeRequest r) {
            if (commits.isEmpty()) {
                return false;
            }
            if (catalogTouched) {
                return true;
            }
            for (var m : r.mutations()) {
                switch (m) {
                    case io.llmcm.core.model.Mutation.PutEntry p -> {
                        if (paths.contains(p.key().path())) {
                            return true;
                        }
                    }
                    case io.llmcm.core.model.Mutation.DeleteEntry d -> {
                        if (paths.contains(d.key().path())) {
                            return true;
                        }
                    }
                    default -> {
                        return true;
                    }
                }
            }
            // preconditions read heads too: a guard on a path in this batch must see it applied
            for (var k : r.expectations().keySet()) {
                if (paths.contains(k.path())) {
                    return true;
                }
            }
            return false;
        }

        void plan(CommitTask ct) {
            long next = state.revision() + commits.size() + 1;
            Catalog current = catalogs.isEmpty() ? state.catalog() : catalogs.getLast();
            Plan plan;
            try {
                plan = new Planner(state.heads, current, state.revision(), state.retentionFloor(), secretRules,
                                t -> state.heads.usage(t).plus(usage.getOrDefault(t, TenantUsage.NONE)))
                        .plan(ct.request(), next, false);
            } catch (LlmcmException e) {
                ct.result().completeExceptionally(e);
                return;
            } catch (RuntimeException e) {
                ct.result().completeExceptionally(internal(e));
                return;
            }
            if (!plan.violations().isEmpty()) {
                ct.result().completeExceptionally(new ValidationException(plan.violations()));
                return;
            }
            if (plan.isNoop()) {
                ct.result().complete(new CommitResult(state.revision(), null, 0));
                return;
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            lastTime = now.isAfter(lastTime) ? now : lastTime; // commit times never go backwards
            commits.add(new Commit(next, lastTime, ct.request().author(), ct.request().message(), plan.mutations()));
            catalogs.add(plan.catalog());
            waiting.add(ct);
            paths.addAll(plan.paths());
            plan.usageDeltas().forEach((t, d) -> usage.merge(t, d, TenantUsage::plus));
            catalogTouched |= plan.catalog() != current;
        }

        void flush() {
            for (int attempt = 1; !commits.isEmpty(); attempt++) {
                if (store()) {
                    return;
                }
                // another writer appended those revisions first; nothing of ours was written
                List<CommitTask> again = List.copyOf(waiting);
                clear();
                replans.incrementAndGet();
                try {
                    catchUp();
                } catch (RuntimeException e) {
                    StoreException failure = e instanceof StoreException se ? se : internal(e);
                    again.forEach(w -> w.result().completeExceptionally(failure));
                    return;
                }
                if (attempt >= MAX_ATTEMPTS) {
                    StoreException failure = new StoreException("other writers took the next revision " + attempt
                            + " times in a row; nothing was written, try again");
                    again.forEach(w -> w.result().completeExceptionally(failure));
                    return;
                }
                for (CommitTask ct : again) {
                    if (conflictsWith(ct.request())) {
                        flush(); // cannot happen as they were batched together once; stays correct if it does
                    }
                    plan(ct); // against the state with the other writers' commits: may fail, or become a no-op
                }
            }
        }

        /**
         * Appends the batch and, when it is durable, applies it and answers its writers.
         *
         * @return false when another writer had appended those revisions (nothing written, nobody
         *     answered yet); true otherwise, the batch being then done, stored or failed
         */
        private boolean store() {
            long before = state.revision();
            try {
                store.append(commits);
            } catch (RevisionMismatchException e) {
                return false;
            } catch (RuntimeException e) {
                // the transaction may have committed before the error surfaced: ask the store
                if (!landed(before)) {
                    StoreException failure = e instanceof StoreException se
                            ? se
                            : new StoreException("could not write to the store: " + e.getMessage(), e);
                    waiting.forEach(w -> w.result().completeExceptionally(failure));
                    clear();
                    return true;
                }
            }
            durable.accept(commits);
            state.apply(commits, catalogs);
            for (int i = 0; i < waiting.size(); i++) {
                Commit c = commits.get(i);
                waiting.get(i).result().complete(new CommitResult(c.revision(), c.time(), c.mutations().size()));
            }
            clear();
            return true;
        }

        /**
         * Whether the batch is in the log after a failed append: the commits after {@code before}
         * are this batch's, not merely at its revisions (another writer may hold those). When the
         * log cannot be read, false: the writers are told of the failure, and if the batch did land
         * the store's feed brings it back as another writer's commit, so the state never diverges.
         */
        private boolean landed(long before) {
            List<Commit> found;
            try {
                found = store.commitsAfter(before, commits.size());
            } catch (RuntimeException e) {
                return false;
            }
            if (found.size() != commits.size()) {
                return false;
            }
            boolean purges = commits.stream().flatMap(c -> c.mutations().stream())
                    .anyMatch(m -> m instanceof io.llmcm.core.model.Mutation.DeleteTenant);
            for (int i = 0; i < commits.size(); i++) {
                Commit mine = commits.get(i);
                Commit there = found.get(i);
                // a tenant's deletion purges mutations from the log: then who, when and why must do
                if (!mine.info().equals(there.info()) || (!purges && !mine.mutations().equals(there.mutations()))) {
                    return false;
                }
            }
            return true;
        }

        private void clear() {
            commits.clear();
            catalogs.clear();
            waiting.clear();
            paths.clear();
            usage.clear();
            catalogTouched = false;
        }
    }

    private static void failTask(Task t, RuntimeException e) {
        switch (t) {
            case CommitTask ct -> ct.result().completeExceptionally(e);
            case Job j -> j.result().completeExceptionally(e);
            case CatchUp c -> {}
            case Stop stop -> {}
        }
    }

    private static StoreException internal(Throwable t) {
        // the class only: a message could quote user data, which may be secret
        return new StoreException("internal error while committing (" + t.getClass().getSimpleName() + ")", t);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            queue.add(new Stop());
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
