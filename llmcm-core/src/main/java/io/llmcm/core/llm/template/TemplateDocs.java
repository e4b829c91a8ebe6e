package io.llmcm.core.llm.template;

import io.llmcm.core.json.Json;
import io.llmcm.core.template.Variable;
import java.util.List;

/**
 * Markdown documentation generated from a template: title, description, version, the
 * {@code extends} chain, a table of the variables (type, default, required, source,
 * description) and the entries it produces.
 */
public final class TemplateDocs {
    private TemplateDocs() {}

    public static String markdown(ResolvedTemplate t) {
        StringBuilder md = new StringBuilder();
        md.append("# Template `").append(t.located().display()).append("`\n\n");
        if (!t.leaf().description().isBlank()) {
            md.append(t.leaf().description().strip()).append("\n\n");
        }
        md.append("- **Version:** ").append(t.version()).append('\n');
        List<Located> chain = t.chain();
        md.append("- **Extends:** ").append(chain.size() == 1 ? "nothing" : String.join(" → ",
                chain.subList(1, chain.size()).stream().map(l -> "`" + l.display() + "`").toList())).append('\n');
        if (!t.leaf().sharedWith().isEmpty()) {
            md.append("- **Shared with:** ").append(t.leaf().sharedWith().contains("*") ? "every tenant"
                    : String.join(", ", t.leaf().sharedWith())).append('\n');
        }
        md.append("\n## Variables\n\n");
        if (t.variables().isEmpty()) {
            md.append("None.\n");
        } else {
            md.append("| Name | Type | Default | Required | Source | Description |\n");
            md.append("|---|---|---|---|---|---|\n");
            for (Variable v : t.variables().all()) {
                String type = v.type().id() + (v.allowed().isEmpty() ? "" : " (one of " + enumList(v) + ")");
                md.append("| `").append(v.name()).append("` | ").append(cell(type)).append(" | ")
                        .append(v.defaultValue() == null ? "—" : "`" + cell(Json.compact(v.defaultValue())) + "`").append(" | ")
                        .append(v.required() ? "yes" : "no").append(" | ")
                        .append(v.from() == null ? "—" : "`" + cell(v.from()) + "`").append(" | ")
                        .append(v.description().isBlank() ? "—" : cell(v.description())).append(" |\n");
            }
        }
        md.append("\n## Entries produced\n");
        for (var e : t.entries().properties()) {
            if (e.getValue().isNull()) {
                continue;
            }
            md.append("\n### `").append(e.getKey()).append("`\n\n```json\n").append(Json.pretty(e.getValue()).strip()).append("\n```\n");
        }
        return md.toString();
    }

    private static String enumList(Variable v) {
        return String.join(", ", v.allowed().stream().map(a -> a.isString() ? a.stringValue() : Json.compact(a)).toList());
    }

    /** Text safe in a table cell: pipes escaped, lines joined. */
    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
