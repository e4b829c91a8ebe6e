package io.llmcm.core.validation;

import io.llmcm.core.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The built-in {@link Check}s a schema binding can name, by name. */
public final class Checks {
    private static final Map<String, Check> ALL = index(List.of(
            new io.llmcm.core.llm.routing.RouteCheck(),
            new io.llmcm.core.llm.prompt.PromptCheck(),
            new io.llmcm.core.llm.template.ConfigTemplateCheck()));

    private Checks() {}

    private static Map<String, Check> index(List<Check> checks) {
        Map<String, Check> m = new TreeMap<>();
        for (Check c : checks) {
            if (m.put(c.name(), c) != null) {
                throw new IllegalStateException("two checks named " + c.name());
            }
        }
        return Map.copyOf(m);
    }

    /** The check of that name; {@link InvalidInputException} naming the known ones otherwise. */
    public static Check named(String name) {
        Check c = ALL.get(name);
        if (c == null) {
            throw new InvalidInputException("unknown check '" + name + "'; known checks: "
                    + (ALL.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(ALL.keySet()))));
        }
        return c;
    }

    /** Names of every built-in check, sorted. */
    public static List<String> names() {
        return List.copyOf(new java.util.TreeSet<>(ALL.keySet()));
    }
}
