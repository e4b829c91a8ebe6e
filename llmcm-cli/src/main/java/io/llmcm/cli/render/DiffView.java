package io.llmcm.cli.render;

import io.llmcm.core.json.Json;
import io.llmcm.core.repo.EntryDiff;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;

/** How {@code diff} shows the changes between two revisions. */
public final class DiffView {
    private DiffView() {}

    /**
     * One header line per changed entry, {@code ~ models/a [prod]} ({@code +} added, {@code -}
     * removed), followed by its readable patch lines indented by four spaces.
     */
    public static String text(List<EntryDiff> diffs) {
        StringBuilder sb = new StringBuilder();
        for (EntryDiff d : diffs) {
            sb.append(symbol(d.change())).append(' ').append(d.path()).append(" [").append(d.layer()).append("]\n");
            for (String line : d.readable()) {
                sb.append("    ").append(Text.oneLine(line, 200)).append('\n');
            }
        }
        return sb.toString();
    }

    /** An array of {@code {path, env, service, change, patch}} objects. */
    public static String json(List<EntryDiff> diffs) {
        ArrayNode out = Json.NODES.arrayNode();
        for (EntryDiff d : diffs) {
            out.addObject()
                    .put("path", d.path())
                    .put("env", d.layer().env())
                    .put("service", d.layer().service())
                    .put("change", d.change().name().toLowerCase(Locale.ROOT))
                    .set("patch", d.patch());
        }
        return Text.withNewline(Json.pretty(out));
    }

    static char symbol(EntryDiff.Change change) {
        return switch (change) {
            case ADDED -> '+';
            case REMOVED -> '-';
            case MODIFIED -> '~';
        };
    }
}
