package io.llmcm.cli.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows of cells printed as aligned columns, two spaces apart, without trailing spaces. Plain text
 * so the output stays easy to grep and cut.
 */
public final class Table {
    private final List<List<String>> rows = new ArrayList<>();

    public Table row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Every row on its own line, each ending with a newline; "" for no rows. */
    public String render() {
        List<Integer> widths = new ArrayList<>();
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                int w = r.get(i).length();
                if (i == widths.size()) {
                    widths.add(w);
                } else if (w > widths.get(i)) {
                    widths.set(i, w);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(r.get(i));
                if (i < r.size() - 1) {
                    line.append(" ".repeat(widths.get(i) - r.get(i).length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
