package io.llmcm.core;

import java.util.List;

/** A change was rejected by a schema or a rule; nothing was stored. */
public final class ValidationException extends LlmcmException {
    private final List<Violation> violations;

    public ValidationException(List<Violation> violations) {
        super(summary(violations));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.VALIDATION_FAILED;
    }

    private static String summary(List<Violation> violations) {
        if (violations.size() == 1) {
            return "validation failed: " + violations.getFirst();
        }
        StringBuilder sb = new StringBuilder("validation failed: " + violations.size() + " problems");
        for (Violation v : violations) {
            sb.append("\n  ").append(v);
        }
        return sb.toString();
    }
}
