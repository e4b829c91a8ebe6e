package io.llmcm.core.template;

import io.llmcm.core.ValidationException;
import io.llmcm.core.Violation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** The declared variables of a template, in declaration order, and the binding of given values to them. */
public final class Variables {
    /** No variables. */
    public static final Variables NONE = new Variables(Map.of());

    private final Map<String, Variable> byName;

    public Variables(Map<String, Variable> byName) {
        this.byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /**
     * Reads a {@code variables} object; adds violations for each bad declaration (and leaves it out).
     *
     * @param pointer where the object sits, e.g. {@code /variables}
     */
    public static Variables parse(JsonNode node, String pointer, boolean withFrom, List<Violation> out) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        if (!node.isObject()) {
            out.add(new Violation("", pointer, "variables must be an object: variable name → {type, enum, default, required, description"
                    + (withFrom ? ", from" : "") + "}", ""));
            return NONE;
        }
        Map<String, Variable> m = new LinkedHashMap<>();
        for (var e : node.properties()) {
            Variable v = Variable.parse(e.getKey(), e.getValue(), pointer + "/" + escape(e.getKey()), withFrom, out);
            if (v != null) {
                m.put(v.name(), v);
            }
        }
        return new Variables(m);
    }

    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    public Map<String, Variable> byName() {
        return byName;
    }

    public Collection<Variable> all() {
        return byName.values();
    }

    public Variable get(String name) {
        return byName.get(name);
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /**
     * The value of every variable for a render: what was given, else the default. Fails listing
     * every problem at once: a required variable not given, a variable the template uses that
     * has no value, one it uses that is not declared, one given that is not declared, and a given
     * value of the wrong type or outside the enum.
     *
     * @param given values by name (typed JSON)
     * @param used the variables the template text uses
     * @param source names the template in each violation, e.g. {@code prompt prompts/support}
     * @throws ValidationException listing every problem (never quoting a value)
     */
    public Map<String, JsonNode> bind(Map<String, JsonNode> given, Collection<String> used, String source) {
        List<Violation> out = new ArrayList<>();
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Variable v : byName.values()) {
            JsonNode g = given.get(v.name());
            if (g != null && !g.isNull()) {
                for (String p : v.problems(g)) {
                    out.add(new Violation("", "/variables/" + escape(v.name()), p, source));
                }
                values.put(v.name(), g);
            } else if (v.defaultValue() != null) {
                values.put(v.name(), v.defaultValue());
            } else if (v.required()) {
                out.add(new Violation("", "/variables/" + escape(v.name()), "variable '" + v.name() + "' is required but was not given", source));
            } else if (used.contains(v.name())) {
                out.add(new Violation("", "/variables/" + escape(v.name()),
                        "variable '" + v.name() + "' is used by the template but has no value: it was not given and has no default", source));
            }
        }
        for (String name : new java.util.LinkedHashSet<>(used)) {
            if (!byName.containsKey(name)) {
                out.add(new Violation("", "/variables/" + escape(name), "variable '" + name + "' is used by the template but not declared", source));
            }
        }
        for (String name : new TreeSet<>(given.keySet())) {
            if (!byName.containsKey(name)) {
                out.add(new Violation("", "/variables/" + escape(name), "variable '" + Variable.clip(name) + "' was given but is not declared", source));
            }
        }
        if (!out.isEmpty()) {
            throw new ValidationException(out);
        }
        return values;
    }

    /** Values given as text, each converted to its declared type (an undeclared one stays a string). */
    public Map<String, JsonNode> fromText(Map<String, String> texts) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        texts.forEach((k, t) -> {
            Variable v = byName.get(k);
            m.put(k, v == null ? io.llmcm.core.json.Json.NODES.stringNode(t) : v.fromText(t));
        });
        return m;
    }
}
