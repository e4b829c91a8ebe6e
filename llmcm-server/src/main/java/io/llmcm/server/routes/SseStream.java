package io.llmcm.server.routes;

import io.llmcm.core.HistoryCompactedException;
import io.llmcm.core.repo.Subscription;
import io.llmcm.core.repo.WatchEvent;
import io.llmcm.core.repo.WatchListener;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;

/**
 * One server-sent event stream, after its response head and first event went out through the
 * servlet API. From then on it writes each event straight to the connection's end point as an
 * HTTP/1.1 chunk (or as is, for HTTP/1.0), without blocking: what the socket does not take now is
 * queued and written when the previous write completes. Nothing here waits, so one watch-group
 * thread serves ten thousand streams; and nothing goes through the servlet's output layers, which
 * cost several times the write itself per event (docs/benchmarks.md). The container sends the
 * final chunk when the request completes, after the last of these writes.
 *
 * <p>A client too slow to take {@value #MAX_QUEUED} events is cut off: it resumes from the last
 * event it saw ({@code Last-Event-ID}), which is cheaper than holding its backlog.
 */
final class SseStream implements WatchListener, AsyncListener, Callback {
    static final int MAX_QUEUED = 1024;

    private final EndPoint connection;
    private final boolean chunked;
    /** An event as this caller may see it, framed; null when it may see none of it. */
    private final Function<WatchEvent, SseFrame> changes;
    private final LongFunction<SseFrame> heartbeats;
    private final Function<HistoryCompactedException, SseFrame> compactions;
    private final Consumer<SseStream> onClose;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile Subscription subscription;
    // guarded by this
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private boolean writing;
    private boolean draining;
    /** The last event is queued: the stream ends once it is written. */
    private boolean finishing;

    SseStream(EndPoint connection, boolean chunked, Function<WatchEvent, SseFrame> changes, LongFunction<SseFrame> heartbeats,
            Function<HistoryCompactedException, SseFrame> compactions, Consumer<SseStream> onClose) {
        this.connection = connection;
        this.chunked = chunked;
        this.changes = changes;
        this.heartbeats = heartbeats;
        this.compactions = compactions;
        this.onClose = onClose;
    }

    /**
     * Completes when the stream is over and nothing of it is being written; the request then
     * completes, on a thread of its own so that the container never runs under this stream's lock.
     */
    CompletableFuture<Void> ended() {
        return ended.thenApplyAsync(done -> done, Thread::startVirtualThread);
    }

    void subscribed(Subscription s) {
        subscription = s;
        if (ended.isDone()) {
            s.close(); // ended while subscribing
        }
    }

    /** Queues an event and writes what the socket takes now. */
    synchronized void send(SseFrame frame) {
        if (ended.isDone() || finishing) {
            return;
        }
        if (queue.size() >= MAX_QUEUED) {
            connection.close(); // too slow: it resumes from its last event; the pending write fails and ends the stream
            return;
        }
        ByteBuffer bytes = (chunked ? frame.chunked() : frame.plain()).duplicate(); // each stream its own position in the shared bytes
        if (!writing && queue.isEmpty() && !draining) {
            write(bytes); // the common case: nothing waits, so no queue
        } else {
            queue.add(bytes);
            drain();
        }
    }

    /** Sends the event (if any), then ends the stream once everything is written. */
    synchronized void finish(SseFrame last) {
        if (last != null) {
            send(last);
        }
        finishing = true;
        drain();
    }

    /** Ends the stream: now if nothing is being written, else by cutting the connection (the server is stopping). */
    synchronized void stop() {
        if (writing) {
            connection.close();
        } else {
            end();
        }
    }

    private void drain() { // holds the lock
        if (draining) {
            return; // a write completed inside endPoint.write: the loop below goes on
        }
        draining = true;
        try {
            while (!writing && !queue.isEmpty() && !ended.isDone()) {
                write(queue.poll());
            }
            if (!writing && finishing) {
                end();
            }
        } catch (RuntimeException e) {
            end(); // a write refused (the connection closed meanwhile)
        } finally {
            draining = false;
        }
    }

    /** Holds the lock; the write may complete inside, calling {@link #succeeded}. */
    private void write(ByteBuffer bytes) {
        writing = true;
        try {
            connection.write(this, bytes);
        } catch (RuntimeException refused) {
            writing = false;
            end(); // the connection closed meanwhile
        }
    }

    /** Leaves the watch group and lets the request complete. */
    private void end() {
        if (ended.complete(null)) {
            Subscription s = subscription;
            if (s != null) {
                s.close();
            }
            onClose.accept(this);
        }
    }

    // ---------------------------------------------------------------- a write's completion

    @Override
    public synchronized void succeeded() {
        writing = false;
        drain();
    }

    @Override
    public void failed(Throwable gone) {
        synchronized (this) {
            writing = false;
            queue.clear();
        }
        end(); // the client went away, or the connection was cut
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING; // takes a lock held only briefly, writes without waiting
    }

    // ---------------------------------------------------------------- the watch group's calls

    @Override
    public void onEvents(List<WatchEvent> events, long revision) {
        for (WatchEvent e : events) {
            SseFrame frame = changes.apply(e);
            if (frame != null) {
                send(frame);
            }
        }
    }

    @Override
    public void onHeartbeat(long revision) {
        send(heartbeats.apply(revision));
    }

    @Override
    public void onEnd(RuntimeException reason) {
        finish(reason instanceof HistoryCompactedException c ? compactions.apply(c) : null);
    }

    // ---------------------------------------------------------------- the container's calls

    @Override
    public void onComplete(AsyncEvent event) {
        end();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        end();
    }

    @Override
    public void onError(AsyncEvent event) {
        end();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // the stream is already asynchronous
    }
}
