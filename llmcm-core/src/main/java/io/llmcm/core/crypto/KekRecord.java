package io.llmcm.core.crypto;

import io.llmcm.core.KeyException;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.json.Json;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a store keeps about its key-encryption key: the provider type and public parameters, never
 * key material. Every record holds {@code version} and {@code check} (a known value wrapped by that
 * version, which tells a wrong key from a right one at open). A record written in the middle of a
 * rotation also holds the previous version's parameters under {@code previous.} names.
 *
 * @param type {@code file}, {@code env} or {@code passphrase}
 * @param params provider parameters, kept sorted so the stored bytes are stable
 */
public record KekRecord(String type, Map<String, String> params) {
    static final String VERSION = "version";
    static final String CHECK = "check";
    private static final String PREVIOUS = "previous.";

    public KekRecord {
        Objects.requireNonNull(type, "type");
        params = Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /** The parameter, or a {@link KeyException} saying the record lacks it. */
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new KeyException("the master key record of this store is damaged: it lacks '" + name + "'");
        }
        return v;
    }

    /** The key version this record describes (1, 2, …). */
    public int version() {
        try {
            int v = Integer.parseInt(param(VERSION));
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new KeyException("the master key record of this store is damaged: bad 'version'");
    }

    /** True while a rotation is under way: keyrings may be wrapped by this version or the previous one. */
    public boolean rotating() {
        return params.keySet().stream().anyMatch(k -> k.startsWith(PREVIOUS));
    }

    /** The record of the previous version during a rotation; null otherwise. */
    public KekRecord previous() {
        Map<String, String> p = new TreeMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith(PREVIOUS)) {
                p.put(k.substring(PREVIOUS.length()), v);
            }
        });
        return p.isEmpty() ? null : new KekRecord(type, p);
    }

    /** This record with {@code previous}'s parameters kept under {@code previous.} names. */
    KekRecord withPrevious(KekRecord previous) {
        Map<String, String> p = new TreeMap<>(params);
        previous.settled().params.forEach((k, v) -> p.put(PREVIOUS + k, v));
        return new KekRecord(type, p);
    }

    /** This record without the previous version's parameters (after a rotation finished). */
    public KekRecord settled() {
        Map<String, String> p = new TreeMap<>(params);
        p.keySet().removeIf(k -> k.startsWith(PREVIOUS));
        return new KekRecord(type, p);
    }

    /** Compact JSON: {@code {"type":"file","params":{"check":"…","version":"1"}}}. */
    public byte[] toBytes() {
        ObjectNode root = Json.NODES.objectNode();
        root.put("type", type);
        ObjectNode p = root.putObject("params");
        params.forEach(p::put);
        return Json.bytes(root);
    }

    /** Parses {@link #toBytes()}; a damaged record is a {@link KeyException}. */
    public static KekRecord fromBytes(byte[] bytes) {
        JsonNode root;
        try {
            root = Json.parse(bytes);
        } catch (LlmcmException e) {
            throw damaged();
        }
        JsonNode type = root.get("type");
        JsonNode params = root.get("params");
        if (type == null || !type.isString() || params == null || !params.isObject()) {
            throw damaged();
        }
        Map<String, String> p = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : params.properties()) {
            if (!e.getValue().isString()) {
                throw damaged();
            }
            p.put(e.getKey(), e.getValue().stringValue());
        }
        return new KekRecord(type.stringValue(), p);
    }

    private static KeyException damaged() {
        return new KeyException("the master key record of this store is damaged: not a key record");
    }

    /** Type and version only: the check value is a ciphertext and stays out of logs. */
    @Override
    public String toString() {
        return "KekRecord[" + type + ":" + params.getOrDefault(VERSION, "?") + (rotating() ? ", rotating" : "") + "]";
    }
}
