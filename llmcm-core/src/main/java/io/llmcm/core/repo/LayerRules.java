package io.llmcm.core.repo;

import io.llmcm.core.targeting.TargetingRule;
import java.util.List;

/**
 * The targeting rules one layer of a scope holds for a path.
 *
 * @param layer the layer
 * @param revision the version of the layer's value that holds them (for compare-and-set)
 * @param rules the rules, in the order they are tried
 * @param contributes false when a higher replacing layer hides this one
 */
public record LayerRules(LayerRef layer, long revision, List<TargetingRule> rules, boolean contributes) {
    public LayerRules {
        rules = List.copyOf(rules);
    }
}
