package io.llmcm.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The effective configuration of one {@link ConfigSpec} at one revision. Immutable: a view
 * replaces its snapshot as a whole, so a reader holding one sees every value of one revision.
 *
 * <p>{@link #get} binds a value to a type once per snapshot entry and type and keeps the result:
 * after the first call for a path and type, a read is one hash lookup and a field read, with no
 * JSON parsing. Entries whose value did not change are carried over to the next snapshot with what
 * they bound. Bound objects are therefore shared by all readers: bind to records or other
 * immutable types.
 */
public final class Snapshot {
    /** Where a snapshot came from. */
    public enum Source {
        /** read from the server (a full read, or a full read with changes applied since) */
        SERVER,
        /** read from the snapshot file on disk because the server could not be reached */
        DISK
    }

    private final long revision;
    private final Map<String, Entry> entries;
    private final ObjectMapper mapper;
    private final Source source;

    private Snapshot(long revision, Map<String, Entry> entries, ObjectMapper mapper, Source source) {
        this.revision = revision;
        this.entries = entries;
        this.mapper = mapper;
        this.source = source;
    }

    /** A snapshot of {@code values} at {@code revision}, binding with the SDK's default mapper. */
    public static Snapshot of(long revision, Collection<ConfigValue> values) {
        return of(revision, values, LlmcmClient.defaultMapper(), Source.SERVER);
    }

    static Snapshot of(long revision, Collection<ConfigValue> values, ObjectMapper mapper, Source source) {
        Map<String, Entry> m = HashMap.newHashMap(values.size());
        for (ConfigValue v : values) {
            m.put(v.path(), new Entry(v));
        }
        return new Snapshot(revision, m, mapper, source);
    }

    /** The same values at a newer revision (nothing under the prefix changed up to it). */
    Snapshot at(long newRevision) {
        return new Snapshot(newRevision, entries, mapper, Source.SERVER);
    }

    /**
     * This snapshot with {@code changed} values put and {@code deleted} paths removed, at
     * {@code newRevision}; the entries of other paths are carried over.
     */
    Snapshot with(long newRevision, Collection<ConfigValue> changed, Collection<String> deleted) {
        Map<String, Entry> m = new HashMap<>(entries);
        for (String p : deleted) {
            m.remove(p);
        }
        for (ConfigValue v : changed) {
            m.put(v.path(), new Entry(v));
        }
        return new Snapshot(newRevision, m, mapper, Source.SERVER);
    }

    /**
     * {@code fresh} with the entries of this snapshot whose value is equal kept (with what they
     * bound), and the paths that differ put into {@code changed}.
     */
    Snapshot carryInto(Snapshot fresh, Set<String> changed) {
        Map<String, Entry> m = HashMap.newHashMap(fresh.entries.size());
        for (Map.Entry<String, Entry> e : fresh.entries.entrySet()) {
            Entry old = entries.get(e.getKey());
            if (old != null && old.value.equals(e.getValue().value)) {
                m.put(e.getKey(), old);
            } else {
                m.put(e.getKey(), e.getValue());
                changed.add(e.getKey());
            }
        }
        for (String p : entries.keySet()) {
            if (!m.containsKey(p)) {
                changed.add(p);
            }
        }
        return new Snapshot(fresh.revision, m, mapper, fresh.source);
    }

    /** The revision this snapshot is true at. */
    public long revision() {
        return revision;
    }

    /** Where it came from. */
    public Source source() {
        return source;
    }

    /** How many paths it holds. */
    public int size() {
        return entries.size();
    }

    /** Every path it holds (unmodifiable). */
    public Set<String> paths() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** Every value it holds, in no particular order. */
    public List<ConfigValue> values() {
        List<ConfigValue> l = new ArrayList<>(entries.size());
        entries.values().forEach(e -> l.add(e.value));
        return l;
    }

    /** The value at {@code path} with its type and revision, if there is one. */
    public Optional<ConfigValue> value(String path) {
        Entry e = entries.get(path);
        return e == null ? Optional.empty() : e.optional;
    }

    /**
     * The mask of the secret at {@code path}, revealed or not: what to log instead of the value.
     * Empty when the path holds no secret (or its mask is not known).
     */
    public Optional<SecretMask> mask(String path) {
        Entry e = entries.get(path);
        return e == null ? Optional.empty() : Optional.ofNullable(e.value.mask());
    }

    /** The value at {@code path} as a JSON tree (read-only: shared by every reader). */
    public Optional<JsonNode> node(String path) {
        return get(path, JsonNode.class);
    }

    /**
     * The value at {@code path} bound to {@code type} (a record, a class Jackson can build, {@code
     * String} for a text value, {@code JsonNode}); empty when there is no value at the path or it is
     * JSON {@code null}. Unknown JSON fields are ignored with the default mapper.
     *
     * @throws LlmcmClientException when the value does not bind to {@code type} (status 0)
     */
    public <T> Optional<T> get(String path, Class<T> type) {
        Entry e = entries.get(path);
        if (e == null) {
            return Optional.empty();
        }
        return e.bound(path, type, mapper);
    }

    /**
     * The value at {@code path} bound to {@code type}.
     *
     * @throws NoSuchElementException when there is none
     * @throws LlmcmClientException when it does not bind to {@code type}
     */
    public <T> T require(String path, Class<T> type) {
        return get(path, type).orElseThrow(() -> new NoSuchElementException("no value at '" + path + "' at revision " + revision));
    }

    @Override
    public String toString() {
        return "Snapshot[revision=" + revision + ", paths=" + entries.size() + ", source=" + source + "]";
    }

    /** A bound value for one type; immutable, so publishing it through a plain field is safe. */
    private record Bound(Class<?> type, Optional<?> value) {}

    /** One path's value and what it was bound to. */
    private static final class Entry {
        final ConfigValue value;
        final Optional<ConfigValue> optional;
        /** the first type bound: the read of the common case, lock-free */
        private Bound first;
        /** other types, rare */
        private Map<Class<?>, Optional<?>> more;

        Entry(ConfigValue value) {
            this.value = value;
            this.optional = Optional.of(value);
        }

        @SuppressWarnings("unchecked")
        <T> Optional<T> bound(String path, Class<T> type, ObjectMapper mapper) {
            Bound b = first;
            if (b != null && b.type == type) {
                return (Optional<T>) b.value;
            }
            return bindSlow(path, type, mapper);
        }

        @SuppressWarnings("unchecked")
        private synchronized <T> Optional<T> bindSlow(String path, Class<T> type, ObjectMapper mapper) {
            if (first != null && first.type == type) {
                return (Optional<T>) first.value;
            }
            if (more != null && more.containsKey(type)) {
                return (Optional<T>) more.get(type);
            }
            Optional<T> v = Optional.ofNullable(bind(path, type, mapper));
            if (first == null) {
                first = new Bound(type, v);
            } else {
                if (more == null) {
                    more = new HashMap<>();
                }
                more.put(type, v);
            }
            return v;
        }

        private <T> T bind(String path, Class<T> type, ObjectMapper mapper) {
            JsonNode node = value.value();
            if (type.isInstance(node)) {
                return type.cast(node);
            }
            if (node.isNull()) {
                return null;
            }
            try {
                return mapper.treeToValue(node, type);
            } catch (JacksonException e) {
                throw new LlmcmClientException(0, "the value at '" + path + "' does not bind to " + type.getName() + ": " + e.getOriginalMessage(), e);
            }
        }
    }
}
