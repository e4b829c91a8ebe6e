package io.llmcm.core.targeting;

import io.llmcm.core.model.Value;
import java.util.Objects;

/**
 * One conditional override inside a layer's value (an element of its {@code $targeting} list).
 *
 * @param name unique in its list; names the rule in explain output, in the fired-rules header and
 *     in promotion
 * @param when a CEL condition over {@code ctx}, or "" for none
 * @param rollout a percentage of the targeting keys, or null for everyone the condition admits
 * @param set the JSON Merge Patch laid over the layer's value when the rule fires (an object)
 */
public record TargetingRule(String name, String when, Rollout rollout, Value set) {
    public TargetingRule {
        Objects.requireNonNull(name, "name");
        when = when == null ? "" : when;
        Objects.requireNonNull(set, "set");
    }

    /**
     * A percentage rollout.
     *
     * @param percent 0–100, with up to 0.001 % resolution
     * @param by the context attribute whose value is hashed (the targeting key, e.g. {@code user_id})
     */
    public record Rollout(double percent, String by) {}

    /** {@code when region == 'eu', 10% by user_id}: for listings. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (!when.isEmpty()) {
            sb.append("when ").append(when);
        }
        if (rollout != null) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(new java.math.BigDecimal(Double.toString(rollout.percent())).stripTrailingZeros().toPlainString())
                    .append("% by ").append(rollout.by());
        }
        return sb.toString();
    }
}
