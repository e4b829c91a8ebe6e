package io.llmcm.core.repo;

import io.llmcm.core.model.Value;

/**
 * An effective value as a reader sees it.
 *
 * @param path the key path
 * @param value the merged value
 * @param revision the store revision at which this answer is true (for {@code ETag}/{@code
 *     X-Revision})
 * @param modRevision the newest revision among the versions merged into it
 */
public record Resolved(String path, Value value, long revision, long modRevision) {}
