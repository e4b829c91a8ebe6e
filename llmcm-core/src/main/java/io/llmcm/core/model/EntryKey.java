package io.llmcm.core.model;

/**
 * The full address of one stored entry: tenant, path and layer.
 *
 * @param tenant tenant name
 * @param path namespace path plus key, e.g. {@code models/openai/gpt-4o}
 * @param layer environment and optional service
 */
public record EntryKey(String tenant, String path, Layer layer) {
    public EntryKey {
        Names.tenant(tenant);
        Names.path(path);
        java.util.Objects.requireNonNull(layer, "layer");
    }

    public static EntryKey of(String tenant, String path, Layer layer) {
        return new EntryKey(tenant, path, layer);
    }

    /** The namespace: the path without its last segment ("" at the top). */
    public String namespace() {
        int i = path.lastIndexOf('/');
        return i < 0 ? "" : path.substring(0, i);
    }

    /** The key: the last segment of the path. */
    public String key() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code acme:prod models/openai/gpt-4o}. */
    @Override
    public String toString() {
        return tenant + ":" + layer + " " + path;
    }
}
