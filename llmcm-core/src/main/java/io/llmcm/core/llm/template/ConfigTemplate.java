package io.llmcm.core.llm.template;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.Violation;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Names;
import io.llmcm.core.template.Placeholders;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A configuration template (FR-14) as stored at {@code templates/<name>} or shipped as
 * {@code builtin/<name>}:
 *
 * <pre>{@code
 * version: 1.0.0                  # its own semver: templates are versioned apart from what they produce
 * description: ...
 * extends: base-chat              # optional: NAME (this tenant or above), TENANT:NAME or builtin/NAME
 * shared_with: [beta, "*"]        # tenants outside the owner's subtree that may instantiate it
 * variables:                      # typed like prompt variables, plus from: environment | tenant | config:<path>
 *   max_tokens: {type: integer, default: 1024}
 * entries:                        # key path template → value template
 *   "models/openai/{{service}}": {model: "{{model}}", params: {max_tokens: "{{max_tokens}}"}}
 * }</pre>
 *
 * A string that is exactly one placeholder takes the variable's typed value; other strings
 * interpolate. This is one document on its own; {@link Inheritance} merges it with those it
 * extends.
 *
 * @param variables the raw {@code variables} object (merged along {@code extends} with JSON Merge Patch)
 * @param entries the raw {@code entries} object, likewise
 */
public record ConfigTemplate(String version, String description, String extendsRef, List<String> sharedWith, ObjectNode variables, ObjectNode entries) {
    private static final Set<String> FIELDS = Set.of("version", "description", "extends", "shared_with", "variables", "entries");

    public ConfigTemplate {
        sharedWith = List.copyOf(sharedWith);
        description = description == null ? "" : description;
    }

    /** Whether a tenant outside the owner's subtree may instantiate it. */
    public boolean sharedWith(String tenant) {
        return sharedWith.contains("*") || sharedWith.contains(tenant);
    }

    /** Reads a template document, adding a violation for each problem; null when there is one. */
    public static ConfigTemplate parse(JsonNode value, List<Violation> out) {
        int before = out.size();
        if (value == null || !value.isObject()) {
            out.add(v("", "a configuration template must be an object with version, variables and entries"));
            return null;
        }
        for (String f : value.propertyNames()) {
            if (!FIELDS.contains(f)) {
                out.add(v("/" + f, "unknown field '" + clip(f) + "'; allowed: version, description, extends, shared_with, variables, entries"));
            }
        }
        String version = io.llmcm.core.llm.VersionedDocuments.version(value, out);
        String description = io.llmcm.core.llm.VersionedDocuments.description(value, out);
        JsonNode ext = value.get("extends");
        String extendsRef = null;
        if (ext != null && !ext.isNull()) {
            if (!ext.isString() || !TemplateRef.isValid(ext.stringValue())) {
                out.add(v("/extends", "extends must name another template: NAME, TENANT:NAME or builtin/NAME"));
            } else {
                extendsRef = ext.stringValue();
            }
        }
        List<String> shared = new ArrayList<>();
        JsonNode sw = value.get("shared_with");
        if (sw != null && !sw.isNull()) {
            if (!sw.isArray()) {
                out.add(v("/shared_with", "shared_with must be an array of tenant names, or [\"*\"] for every tenant"));
            } else {
                int i = 0;
                for (JsonNode t : sw.values()) {
                    if (!t.isString() || !(t.stringValue().equals("*") || isTenant(t.stringValue()))) {
                        out.add(v("/shared_with/" + i, "shared_with entry " + i + " must be a tenant name (lower-case letters, digits and '-') or \"*\""));
                    } else {
                        shared.add(t.stringValue());
                    }
                    i++;
                }
            }
        }
        JsonNode vars = value.get("variables");
        if (vars != null && !vars.isNull() && !vars.isObject()) {
            out.add(v("/variables", "variables must be an object: variable name → {type, enum, default, required, description, from}"));
        } else if (ext == null) {
            // a template that extends another may declare only part of a variable (a new default):
            // its declarations are checked once merged (Inheritance)
            io.llmcm.core.template.Variables.parse(vars, "/variables", true, out);
        }
        JsonNode entries = value.get("entries");
        if (entries == null || entries.isNull()) {
            if (extendsRef == null && ext == null) {
                out.add(v("/entries", "entries is required (unless the template extends another): key path template → value"));
            }
        } else if (!entries.isObject()) {
            out.add(v("/entries", "entries must be an object: key path template → value"));
        } else {
            checkEntries(entries, "/entries", out);
        }
        if (out.size() > before) {
            return null;
        }
        return new ConfigTemplate(version, description, extendsRef, shared,
                vars == null || vars.isNull() ? Json.NODES.objectNode() : (ObjectNode) vars,
                entries == null || entries.isNull() ? Json.NODES.objectNode() : (ObjectNode) entries);
    }

    private static boolean isTenant(String s) {
        try {
            Names.tenant(s);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /** Entry paths and value strings must parse; a path must be able to render to a key path. */
    static void checkEntries(JsonNode entries, String at, List<Violation> out) {
        for (var e : entries.properties()) {
            String pointer = at + "/" + escape(e.getKey());
            Placeholders path = parse(e.getKey(), pointer, "entry path: ", out);
            if (path != null && !Names.isValidPath(path.render(name -> "x"))) {
                out.add(v(pointer, "entry path '" + clip(e.getKey()) + "' does not make a key path: segments of letters, digits, '_', '.' and '-' separated by '/'"));
            }
            if (!e.getValue().isNull()) {
                strings(e.getValue(), pointer, (p, s) -> parse(s, p, "", out));
            }
        }
    }

    /** Every placeholder used by the entries (paths and values), in order of first use; removed (null) entries use none. */
    public static Set<String> placeholders(JsonNode entries) {
        Set<String> names = new LinkedHashSet<>();
        for (var e : entries.properties()) {
            if (e.getValue().isNull()) {
                continue; // removed by a template extending this one: nothing of it is rendered
            }
            names.addAll(Placeholders.parse(e.getKey()).names());
            strings(e.getValue(), "", (p, s) -> names.addAll(Placeholders.parse(s).names()));
        }
        return names;
    }

    /** Where each placeholder is used first: name → pointer (for messages). */
    static java.util.Map<String, String> uses(JsonNode entries, String at) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (var e : entries.properties()) {
            String pointer = at + "/" + escape(e.getKey());
            if (e.getValue().isNull()) {
                continue;
            }
            try {
                Placeholders.parse(e.getKey()).names().forEach(n -> m.putIfAbsent(n, pointer));
                strings(e.getValue(), pointer, (p, s) -> Placeholders.parse(s).names().forEach(n -> m.putIfAbsent(n, p)));
            } catch (InvalidInputException ignored) {
                // reported by checkEntries
            }
        }
        return m;
    }

    interface StringVisitor {
        void visit(String pointer, String text);
    }

    static void strings(JsonNode node, String pointer, StringVisitor visitor) {
        if (node.isString()) {
            visitor.visit(pointer, node.stringValue());
        } else if (node.isObject()) {
            for (var e : node.properties()) {
                strings(e.getValue(), pointer + "/" + escape(e.getKey()), visitor);
            }
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode item : node.values()) {
                strings(item, pointer + "/" + i++, visitor);
            }
        }
    }

    private static Placeholders parse(String text, String pointer, String prefix, List<Violation> out) {
        try {
            return Placeholders.parse(text);
        } catch (InvalidInputException e) {
            out.add(v(pointer, prefix + e.getMessage()));
            return null;
        }
    }

    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    static Violation v(String pointer, String message) {
        return new Violation("", pointer, message, "");
    }
}
