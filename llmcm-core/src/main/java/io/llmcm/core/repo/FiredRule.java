package io.llmcm.core.repo;

/**
 * A targeting rule that fired in a read with a context.
 *
 * @param layer the layer whose value holds the rule
 * @param rule the rule's name
 */
public record FiredRule(LayerRef layer, String rule) {
    /** {@code acme:prod/gpt41-rollout}, as the {@code X-Llmcm-Rules} header lists it. */
    @Override
    public String toString() {
        return layer + "/" + rule;
    }
}
