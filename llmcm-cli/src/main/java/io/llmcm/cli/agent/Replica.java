package io.llmcm.cli.agent;

import io.llmcm.client.ChangeEvent;
import io.llmcm.client.ConfigSpec;
import io.llmcm.client.ConfigValue;
import io.llmcm.client.ConfigView;
import io.llmcm.client.Snapshot;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Names;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the agent holds: the SDK view whose snapshot the local API answers (secrets masked as the
 * server lists them), and the view templates render from (the same one, or a second view of the
 * same spec with secrets revealed). Each snapshot is encoded once — every value's body and list
 * item as bytes — when the first request after a swap asks for it; values that did not change keep
 * their bytes. The recent changes are kept for long-polls ({@code waitForRevision}).
 */
public final class Replica {
    /** Changes kept for long-polls; a long-poll from before them answers at once. */
    static final int RECENT_CHANGES = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final ConfigView served;
    private final ConfigView rendered;
    private final String scope;
    private final String prefix;
    private final long firstRevision;
    private final Object changes = new Object();
    private final ArrayDeque<ChangeEvent> recent = new ArrayDeque<>();
    private long forgottenUpTo;
    private volatile Encoded encoded;

    /**
     * @param served the view the local API answers from (secrets masked)
     * @param rendered the view templates render from: {@code served}, or the same spec revealed
     */
    public Replica(ConfigView served, ConfigView rendered) {
        this.served = served;
        this.rendered = rendered;
        ConfigSpec spec = served.spec();
        this.scope = spec.tenant() + ":" + spec.env() + (spec.service() == null ? "" : ":" + spec.service());
        this.prefix = Names.prefix(spec.prefix());
        this.firstRevision = served.revision();
        served.addListener(this::changed);
    }

    public ConfigSpec spec() {
        return served.spec();
    }

    /** {@code tenant:env[:service]}, as the server names a scope. */
    public String scope() {
        return scope;
    }

    /** The prefix held, without a trailing slash; empty for every path. */
    public String prefix() {
        return prefix;
    }

    public ConfigView served() {
        return served;
    }

    public ConfigView rendered() {
        return rendered;
    }

    /** Whether {@code path} (or a prefix) lies in what this replica holds. */
    public boolean holds(String path) {
        return prefix.isEmpty() || Names.isUnder(path, prefix);
    }

    /** Whether the served view follows the server now (streaming or polling a snapshot read from it). */
    public boolean following() {
        return served.snapshot().source() == Snapshot.Source.SERVER
                && (served.state() == ConfigView.State.STREAMING || served.state() == ConfigView.State.POLLING);
    }

    /**
     * Logs when the replica stops or starts following the server (checked twice a second on a
     * virtual thread until the view closes): the SDK itself says little about a server that went away.
     */
    public void logFollowing() {
        Thread.ofVirtual().name("llmcm-agent-state").start(() -> {
            boolean was = following();
            while (served.state() != ConfigView.State.CLOSED) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                boolean now = following();
                if (now != was) {
                    if (now) {
                        LOG.info("following the server again at revision {}", served.revision());
                    } else {
                        LOG.warn("the server cannot be reached; serving the last good state at revision {} until it answers", served.revision());
                    }
                    was = now;
                }
            }
        });
    }

    /** The encoded current snapshot of the served view. */
    Encoded encoded() {
        Snapshot s = served.snapshot();
        Encoded e = encoded;
        if (e != null && e.snapshot == s) {
            return e;
        }
        synchronized (this) {
            e = encoded;
            if (e == null || e.snapshot != served.snapshot()) {
                e = Encoded.of(served.snapshot(), e, scope);
                encoded = e;
            }
            return e;
        }
    }

    private void changed(ChangeEvent e) {
        synchronized (changes) {
            recent.addLast(e);
            while (recent.size() > RECENT_CHANGES) {
                forgottenUpTo = recent.removeFirst().revision();
            }
            changes.notifyAll();
        }
    }

    /**
     * Waits until a change after {@code revision} touches a path {@code covered} accepts, or the
     * timeout passes; returns at once when the replica cannot tell (the revision is older than what
     * it has seen), as the server does for a revision older than its history.
     */
    void awaitChange(long revision, Predicate<String> covered, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changes) {
            while (true) {
                if (revision < firstRevision || revision < forgottenUpTo) {
                    return;
                }
                for (ChangeEvent e : recent) {
                    if (e.revision() > revision && e.changedPaths().stream().anyMatch(covered)) {
                        return;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changes.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** One value as the local API answers it, encoded once. */
    record Item(ConfigValue value, byte[] body, byte[] listItem, String modRevision) {
        static Item of(ConfigValue v) {
            ObjectNode o = Json.NODES.objectNode();
            o.put("path", v.path());
            o.set("value", v.value());
            o.put("type", v.type());
            o.put("modRevision", v.modRevision());
            if (v.from() != null) {
                o.set("from", v.from());
            }
            return new Item(v, Json.bytes(v.value()), Json.bytes(o), Long.toString(v.modRevision()));
        }
    }

    /** A snapshot with every value encoded, sorted by path; list answers cached per prefix. */
    static final class Encoded {
        private static final int CACHED_LISTS = 64;

        final Snapshot snapshot;
        final String revision;
        final String etag;
        final TreeMap<String, Item> items;
        private final byte[] listHead;
        private final Map<String, byte[]> lists = new ConcurrentHashMap<>();

        private Encoded(Snapshot snapshot, TreeMap<String, Item> items, String scope) {
            this.snapshot = snapshot;
            this.revision = Long.toString(snapshot.revision());
            this.etag = '"' + revision + '"';
            this.items = items;
            this.listHead = ("{\"revision\":" + revision + ",\"scope\":" + Json.compact(Json.NODES.stringNode(scope)) + ",\"items\":[")
                    .getBytes(StandardCharsets.UTF_8);
        }

        static Encoded of(Snapshot s, Encoded previous, String scope) {
            TreeMap<String, Item> items = new TreeMap<>();
            for (ConfigValue v : s.values()) {
                Item old = previous == null ? null : previous.items.get(v.path());
                items.put(v.path(), old != null && old.value == v ? old : Item.of(v));
            }
            return new Encoded(s, items, scope);
        }

        /** The list answer for {@code prefix} ("" for all): the server's shape, items in path order. */
        byte[] list(String prefix) {
            byte[] cached = lists.get(prefix);
            if (cached != null) {
                return cached;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(listHead.length + 64 * items.size());
            out.writeBytes(listHead);
            boolean first = true;
            Iterable<Item> under = prefix.isEmpty() ? items.values() : items.subMap(prefix, true, prefix + Character.MAX_VALUE, true).values();
            for (Item i : under) {
                if (prefix.isEmpty() || Names.isUnder(i.value().path(), prefix)) {
                    if (!first) {
                        out.write(',');
                    }
                    out.writeBytes(i.listItem());
                    first = false;
                }
            }
            out.write(']');
            out.write('}');
            byte[] answer = out.toByteArray();
            if (lists.size() < CACHED_LISTS) {
                lists.put(prefix, answer);
            }
            return answer;
        }

        Set<String> paths() {
            return items.keySet();
        }
    }
}
