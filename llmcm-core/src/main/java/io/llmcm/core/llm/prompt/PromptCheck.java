package io.llmcm.core.llm.prompt;

import io.llmcm.core.Violation;
import io.llmcm.core.validation.Check;
import io.llmcm.core.validation.ValidationContext;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code llm-prompt}: a prompt template is well formed ({@link PromptDocument}): a semantic
 * version, typed variable declarations whose defaults fit their types, a template or messages
 * whose placeholders are all declared, and A/B variant weights from 0 to 100 that add up to at
 * most 100.
 *
 * <p>It cannot say whether a changed template kept its version: a check sees the planned state
 * only, not the value it replaces. Versions are the author's to bump (see docs/llm.md).
 */
public final class PromptCheck implements Check {
    public static final String NAME = "llm-prompt";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Violation> check(JsonNode value, ValidationContext context) {
        List<Violation> out = new ArrayList<>();
        try {
            PromptDocument.parse(value, out);
        } catch (RuntimeException e) {
            // a check never throws; a value this fails on is reported rather than let through
            out.add(new Violation("", "", "the prompt could not be read (" + e.getClass().getSimpleName() + ")", ""));
        }
        return out;
    }
}
