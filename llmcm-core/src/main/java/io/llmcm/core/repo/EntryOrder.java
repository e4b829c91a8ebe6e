package io.llmcm.core.repo;

import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Layer;
import java.util.Comparator;

/** The one order in which entries are listed: path, then environment, then service. */
final class EntryOrder {
    static final Comparator<Layer> LAYER = Comparator.comparing(Layer::env).thenComparing(Layer::service);
    static final Comparator<EntryVersion> BY_LAYER = Comparator.comparing(EntryVersion::key,
            Comparator.comparing((io.llmcm.core.model.EntryKey k) -> k.path()).thenComparing(k -> k.layer(), LAYER));

    private EntryOrder() {}
}
