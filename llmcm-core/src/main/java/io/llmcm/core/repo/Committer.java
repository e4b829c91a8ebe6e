package io.llmcm.core.repo;

import io.llmcm.core.LlmcmException;
import io.llmcm.core.StoreException;
import io.llmcm.core.ValidationException;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.TenantUsage;
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
 */
final class Committer implements AutoCloseable {
    static final int MAX_BATCH = 1024;

    private final Store store;
    private final State state;
    private final Clock clock;
    private final Planner.SecretRules secretRules;
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private boolean running = true; // guarded by this
    private Instant lastTime = Instant.EPOCH;

    /** A unit of work for the committer thread: a commit request or an exclusive job. */
    private sealed interface Task {}

    private record CommitTask(ChangeRequest request, CompletableFuture<CommitResult> result) implements Task {}

    private record Job(Supplier<Object> body, CompletableFuture<Object> result) implements Task {}

    /** Queued by {@link #close()}: everything before it is still done. */
    private record Stop() implements Task {}

    Committer(Store store, State state, Clock clock, Planner.SecretRules secretRules) {
        this.store = store;
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

    /** Synchronized with {@link #close()} so nothing is queued behind the final {@link Stop}. */
    private synchronized void enqueue(Task t, CompletableFuture<?> f) {
        if (!running) {
            f.completeExceptionally(new StoreException("the repository is closed"));
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
                case Stop stop -> {}
            }
        }
        batch.flush();
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
            if (commits.isEmpty()) {
                return;
            }
            long before = state.revision();
            try {
                store.append(commits);
            } catch (RuntimeException e) {
                // the transaction may have committed before the error surfaced: ask the store
                if (durableRevision(before) != commits.getLast().revision()) {
                    StoreException failure = e instanceof StoreException se
                            ? se
                            : new StoreException("could not write to the store: " + e.getMessage(), e);
                    waiting.forEach(w -> w.result().completeExceptionally(failure));
                    clear();
                    return;
                }
            }
            state.apply(commits, catalogs);
            for (int i = 0; i < waiting.size(); i++) {
                Commit c = commits.get(i);
                waiting.get(i).result().complete(new CommitResult(c.revision(), c.time(), c.mutations().size()));
            }
            clear();
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

    private long durableRevision(long fallback) {
        try {
            return store.lastRevision();
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static void failTask(Task t, RuntimeException e) {
        switch (t) {
            case CommitTask ct -> ct.result().completeExceptionally(e);
            case Job j -> j.result().completeExceptionally(e);
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
