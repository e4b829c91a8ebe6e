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
 * @param from the highest layer that contributed (a secret's only layer)
 */
public record Resolved(String path, Value value, long revision, long modRevision, LayerRef from) {
    /** True when the value is a sealed secret, to be masked or revealed, never shown as is. */
    public boolean isSecret() {
        return value.type() == io.llmcm.core.model.ContentType.SECRET;
    }

    /** This value as a front end may show it: a secret becomes its mask, anything else stays. */
    public Resolved masked(java.time.Instant now) {
        return isSecret()
                ? new Resolved(path, io.llmcm.core.secret.Masks.maskValue(value, modRevision, now), revision, modRevision, from)
                : this;
    }
}
