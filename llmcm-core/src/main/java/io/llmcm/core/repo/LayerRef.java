package io.llmcm.core.repo;

import io.llmcm.core.model.Layer;

/** One layer of a resolution chain: a tenant's environment (and service) layer. */
public record LayerRef(String tenant, Layer layer) {
    /** {@code acme:prod} or {@code acme:prod:chat}. */
    @Override
    public String toString() {
        return tenant + ":" + layer;
    }
}
