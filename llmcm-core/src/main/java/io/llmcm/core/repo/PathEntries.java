package io.llmcm.core.repo;

import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Layer;
import java.util.HashMap;
import java.util.Map;

/**
 * The head versions of one path in one tenant, one per layer. Immutable: a commit replaces the
 * whole object, so a reader never sees half of a change to it.
 */
record PathEntries(Map<Layer, EntryVersion> layers) {
    static final PathEntries EMPTY = new PathEntries(Map.of());

    PathEntries {
        layers = Map.copyOf(layers);
    }

    EntryVersion get(Layer layer) {
        return layers.get(layer);
    }

    boolean isEmpty() {
        return layers.isEmpty();
    }

    PathEntries with(EntryVersion v) {
        Map<Layer, EntryVersion> m = new HashMap<>(layers);
        m.put(v.key().layer(), v);
        return new PathEntries(m);
    }

    /** Adds the services that have a layer here. */
    void addServicesTo(java.util.Set<String> out) {
        for (Layer l : layers.keySet()) {
            if (l.hasService()) {
                out.add(l.service());
            }
        }
    }

    PathEntries without(Layer layer) {
        if (!layers.containsKey(layer)) {
            return this;
        }
        Map<Layer, EntryVersion> m = new HashMap<>(layers);
        m.remove(layer);
        return new PathEntries(m);
    }
}
