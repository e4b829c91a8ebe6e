package io.llmcm.core.llm.template;

import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.ValidationReport;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What an instantiation produced.
 *
 * @param template how the template is named ({@code builtin/NAME} or {@code OWNER:NAME})
 * @param entries the entries written (or that would be), in the template's order
 * @param report the dry run's report: violations and previews (null after a commit)
 * @param commit the commit (null for a dry run)
 */
public record Instantiation(String template, String version, List<Entry> entries, ValidationReport report, CommitResult commit) {
    public record Entry(String path, JsonNode value) {}

    public Instantiation {
        entries = List.copyOf(entries);
    }
}
