package io.llmcm.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A targeting rule that fired in a read with a context ({@link LlmcmClient#read(String, String,
 * String, String, Map)}).
 *
 * @param layer the layer whose value holds the rule: {@code tenant:env} or {@code
 *     tenant:env:service}
 * @param rule the rule's name
 */
public record FiredRule(String layer, String rule) {
    public FiredRule {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(rule, "rule");
    }

    /** The rules of an {@code X-Llmcm-Rules} header ({@code global:base/eu-users, acme:prod/gpt41-rollout}); empty for null. */
    static List<FiredRule> parseHeader(String header) {
        List<FiredRule> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String item : header.split(",")) {
            String s = item.strip();
            int slash = s.lastIndexOf('/');
            if (slash > 0) {
                out.add(new FiredRule(s.substring(0, slash), s.substring(slash + 1)));
            }
        }
        return out;
    }

    /** {@code acme:prod/gpt41-rollout}. */
    @Override
    public String toString() {
        return layer + "/" + rule;
    }
}
