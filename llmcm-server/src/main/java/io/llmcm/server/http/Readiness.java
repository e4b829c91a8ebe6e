package io.llmcm.server.http;

import io.llmcm.core.repo.Repository;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this server should be sent traffic, the one rule behind {@code GET /health/ready} and the
 * gRPC health service: the repository is open and initialized, the store answers a read within
 * {@link #STORE_WAIT}, and — when other instances share the store — this one follows their commits
 * promptly (its LISTEN connection is up and it read the log to its end within {@link
 * Repository#FOLLOW_STALE}). So an instance cut from PostgreSQL turns unready, and ready again by
 * itself once the store is back and it has caught up.
 *
 * <p>The store read runs on its own thread, one at a time whoever asks: when the database is
 * down, the pool waits its connection timeout, longer than a probe may take; a probe then answers
 * unready after {@link #STORE_WAIT} while that read finishes in the background.
 */
public final class Readiness {
    /** How long a probe waits for the store to answer a read. */
    public static final Duration STORE_WAIT = Duration.ofSeconds(2);

    private final Repository repo;
    /** The store read in flight, shared by the probes that come meanwhile. */
    private final AtomicReference<CompletableFuture<Void>> reading = new AtomicReference<>();

    public Readiness(Repository repo) {
        this.repo = repo;
    }

    /** Why the server is not ready, or empty when it is. */
    public Optional<String> problem() {
        if (repo.isClosed()) {
            return Optional.of("the repository is closed");
        }
        if (!repo.followingPromptly()) {
            return Optional.of("not following the other instances' commits: the store's log was last read to its end "
                    + repo.sinceCaughtUp().toMillis() + " ms ago, or its change notification is down");
        }
        Optional<String> store = storeAnswers();
        if (store.isPresent()) {
            return store;
        }
        if (!repo.isInitialized()) {
            return Optional.of("the store is not initialized");
        }
        return Optional.empty();
    }

    private Optional<String> storeAnswers() {
        CompletableFuture<Void> f = reading.get();
        if (f == null || f.isDone()) {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            if (reading.compareAndSet(f, mine)) {
                Thread.ofVirtual().name("llmcm-readiness").start(() -> {
                    try {
                        repo.commitInfo(repo.revision()); // a read that reaches the store
                        mine.complete(null);
                    } catch (RuntimeException e) {
                        mine.completeExceptionally(e);
                    }
                });
            }
            f = reading.get();
        }
        try {
            f.get(STORE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("the store did not answer within " + STORE_WAIT.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Optional.of("the store is not reachable: " + firstLine(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while checking the store");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
