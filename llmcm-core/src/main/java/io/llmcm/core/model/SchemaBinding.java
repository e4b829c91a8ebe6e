package io.llmcm.core.model;

import java.util.List;
import java.util.Objects;

/**
 * A JSON Schema (draft 2020-12) plus CEL rules, attached to the paths of a tenant (and its
 * descendants) that match {@code pattern}.
 *
 * <p>Patterns are globs over path segments: {@code *} matches one segment or part of one, {@code
 * **} matches any number of segments; {@code models/**} covers a namespace, {@code
 * presets/*-chat} a set of keys.
 *
 * @param tenant tenant that owns the binding
 * @param name binding name, unique in the tenant
 * @param pattern path glob
 * @param schema the JSON Schema document (a JSON object), or null for rules only
 * @param rules CEL rules
 * @param checks names of built-in checks (see {@code io.llmcm.core.validation.Checks}) run after
 *     the schema and the rules
 */
public record SchemaBinding(String tenant, String name, String pattern, Value schema, List<Rule> rules, List<String> checks) {
    public SchemaBinding {
        Names.tenant(tenant);
        Names.schema(name);
        Objects.requireNonNull(pattern, "pattern");
        rules = List.copyOf(rules);
        checks = List.copyOf(checks);
    }

    /** A binding without built-in checks. */
    public SchemaBinding(String tenant, String name, String pattern, Value schema, List<Rule> rules) {
        this(tenant, name, pattern, schema, rules, List.of());
    }
}
