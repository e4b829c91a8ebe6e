package io.llmcm.core.repo;

/** Where a resolution reads layers from: the live heads, a pending change, or a past revision. */
interface LayerSource {
    /** The head versions of a path in a tenant; never null ({@link PathEntries#EMPTY}). */
    PathEntries entries(String tenant, String path);
}
