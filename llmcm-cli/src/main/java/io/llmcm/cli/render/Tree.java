package io.llmcm.cli.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** A parent/child hierarchy (tenants, environments) as an indented list, children sorted by name. */
public final class Tree {
    private Tree() {}

    /**
     * @param parents name → parent name (null for a root)
     * @return one line per node, indented two spaces per level, each ending with a newline
     */
    public static String render(Map<String, String> parents) {
        return render(parents, name -> name);
    }

    /**
     * @param parents name → parent name (null for a root)
     * @param label what to show for a node (its name, with a note)
     */
    public static String render(Map<String, String> parents, java.util.function.Function<String, String> label) {
        Map<String, TreeSet<String>> children = new TreeMap<>();
        TreeSet<String> roots = new TreeSet<>();
        for (Map.Entry<String, String> e : parents.entrySet()) {
            String parent = e.getValue();
            if (parent == null || !parents.containsKey(parent)) {
                roots.add(e.getKey()); // an orphan is shown at the top rather than lost
            } else {
                children.computeIfAbsent(parent, k -> new TreeSet<>()).add(e.getKey());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String root : roots) {
            walk(root, 0, children, label, lines, new TreeSet<>());
        }
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    private static void walk(String node, int depth, Map<String, TreeSet<String>> children,
            java.util.function.Function<String, String> label, List<String> out, TreeSet<String> seen) {
        if (!seen.add(node)) {
            return; // a cycle cannot come from the store, but must not loop forever
        }
        out.add("  ".repeat(depth) + label.apply(node));
        for (String child : Objects.requireNonNullElse(children.get(node), new TreeSet<String>())) {
            walk(child, depth + 1, children, label, out, seen);
        }
    }
}
