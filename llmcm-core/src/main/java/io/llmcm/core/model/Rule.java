package io.llmcm.core.model;

import java.util.Objects;

/**
 * A CEL rule evaluated against a value bound to {@code self}; the value is rejected when the
 * expression is false, e.g. {@code self.max_tokens <= self.context_window}.
 *
 * @param expression CEL expression that must evaluate to a boolean
 * @param message what the user is told when it is false ("" for a default message)
 * @param pointer JSON pointer the violation is reported at ("" for the whole value)
 * @param messageExpression CEL expression returning the message when the rule is false, so it can
 *     name the numbers involved ("" for none); {@code message} is used when it cannot be evaluated
 */
public record Rule(String expression, String message, String pointer, String messageExpression) {
    public Rule {
        Objects.requireNonNull(expression, "expression");
        message = Objects.requireNonNullElse(message, "");
        pointer = Objects.requireNonNullElse(pointer, "");
        messageExpression = Objects.requireNonNullElse(messageExpression, "");
    }

    /** A rule with a fixed message. */
    public Rule(String expression, String message, String pointer) {
        this(expression, message, pointer, "");
    }
}
