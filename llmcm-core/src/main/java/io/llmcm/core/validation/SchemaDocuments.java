package io.llmcm.core.validation;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.model.PathPattern;
import io.llmcm.core.model.Rule;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map.Entry;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads the document given to {@code llmcm schema set NAME @file}. Two forms:
 *
 * <pre>{@code
 * {"pattern": "models/**",
 *  "schema": { ...JSON Schema... },
 *  "rules": [{"rule": "self.max_tokens <= self.context_window",
 *             "message": "max_tokens must not exceed context_window", "pointer": "/max_tokens",
 *             "messageExpression": "'max_tokens ' + string(self.max_tokens) + ' is above ' + string(self.context_window)"}]}
 * }</pre>
 *
 * or a bare JSON Schema, whose pattern then comes from the command line. A document is the
 * binding form when it has a top-level {@code schema} or {@code rules} field (a bare schema may
 * well have a {@code pattern} keyword, so that field alone decides nothing). In the binding form
 * every field is checked and unknown ones are refused, so a typo is not silently ignored.
 */
public final class SchemaDocuments {
    private static final Set<String> BINDING_FIELDS = Set.of("pattern", "schema", "rules", "checks");
    private static final Set<String> RULE_FIELDS = Set.of("rule", "message", "messageExpression", "pointer");

    private SchemaDocuments() {}

    /**
     * Builds a binding from a document. {@code patternOverride} (null or blank for none) wins over
     * the document's {@code pattern} and is required for a bare schema. Only the structure and the
     * pattern are checked here; {@link CompiledSchema#compile} checks the schema and the rules.
     */
    public static SchemaBinding parse(String tenant, String name, JsonNode doc, String patternOverride) {
        if (doc == null || !doc.isObject()) {
            throw new InvalidInputException("a schema document must be a JSON object");
        }
        String override = patternOverride == null || patternOverride.isBlank() ? null : patternOverride.strip();
        if (!doc.has("schema") && !doc.has("rules") && !doc.has("checks")) {
            if (override == null) {
                throw new InvalidInputException("a bare JSON Schema needs a pattern saying which keys it applies to"
                        + " (e.g. --pattern 'models/**'), or use the form {\"pattern\": ..., \"schema\": ..., \"rules\": [...]}");
            }
            return new SchemaBinding(tenant, name, checkedPattern(override), Value.document(doc), List.of());
        }
        for (String field : doc.propertyNames()) {
            if (!BINDING_FIELDS.contains(field)) {
                throw new InvalidInputException("unknown field '" + field + "' in the schema document; allowed: pattern, schema, rules, checks");
            }
        }
        String pattern = override != null ? override : text(doc.get("pattern"), "pattern");
        if (pattern == null) {
            throw new InvalidInputException("field 'pattern' is missing: say which keys the schema applies to, e.g. \"models/**\"");
        }
        Value schema = schema(doc.get("schema"));
        List<Rule> rules = rules(doc.get("rules"));
        List<String> checks = checks(doc.get("checks"));
        if (schema == null && rules.isEmpty() && checks.isEmpty()) {
            throw new InvalidInputException("the schema document has neither a 'schema' nor any 'rules' or 'checks'");
        }
        return new SchemaBinding(tenant, name, checkedPattern(pattern), schema, rules, checks);
    }

    private static String checkedPattern(String pattern) {
        PathPattern.compile(pattern); // its message already names the pattern
        return pattern;
    }

    private static Value schema(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidInputException("field 'schema' must be a JSON object (a JSON Schema)");
        }
        return Value.document(node);
    }

    private static List<Rule> rules(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidInputException("field 'rules' must be an array of {\"rule\": ..., \"message\": ..., \"messageExpression\": ..., \"pointer\": ...}");
        }
        List<Rule> rules = new ArrayList<>(node.size());
        int i = 0;
        for (JsonNode r : node.values()) {
            String at = "rules[" + i++ + "]";
            if (!r.isObject()) {
                throw new InvalidInputException(at + " must be an object {\"rule\": ..., \"message\": ..., \"pointer\": ...}");
            }
            for (Entry<String, JsonNode> e : r.properties()) {
                if (!RULE_FIELDS.contains(e.getKey())) {
                    throw new InvalidInputException(at + ": unknown field '" + e.getKey() + "'; allowed: rule, message, messageExpression, pointer");
                }
            }
            String expression = text(r.get("rule"), at + ".rule");
            if (expression == null || expression.isBlank()) {
                throw new InvalidInputException(at + ".rule is missing: give a CEL expression over self, e.g. \"self.max_tokens > 0\"");
            }
            String pointer = text(r.get("pointer"), at + ".pointer");
            if (pointer != null && !pointer.isEmpty() && !pointer.startsWith("/")) {
                throw new InvalidInputException(at + ".pointer '" + pointer + "' is not a JSON pointer; it must be empty or start with '/', e.g. \"/max_tokens\"");
            }
            String messageExpression = text(r.get("messageExpression"), at + ".messageExpression");
            if (messageExpression != null && messageExpression.isBlank()) {
                throw new InvalidInputException(at + ".messageExpression is empty: give a CEL expression returning a string,"
                        + " e.g. \"'max_tokens ' + string(self.max_tokens) + ' is too large'\", or leave it out");
            }
            rules.add(new Rule(expression, text(r.get("message"), at + ".message"), pointer, messageExpression));
        }
        return rules;
    }

    private static List<String> checks(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidInputException("field 'checks' must be an array of check names, e.g. [\"llm-route\"]; known: "
                    + String.join(", ", Checks.names()));
        }
        List<String> out = new ArrayList<>(node.size());
        int i = 0;
        for (JsonNode c : node.values()) {
            String name = text(c, "checks[" + i++ + "]");
            Checks.named(name); // unknown names are refused with the list of known ones
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** A string field, or null when absent or JSON null. */
    private static String text(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new InvalidInputException("field '" + field + "' must be a string");
        }
        return node.stringValue();
    }

    /** The document of a binding, the inverse of {@link #parse}: empty parts are left out. */
    public static tools.jackson.databind.node.ObjectNode document(SchemaBinding b) {
        tools.jackson.databind.node.ObjectNode doc = io.llmcm.core.json.Json.NODES.objectNode();
        doc.put("pattern", b.pattern());
        if (b.schema() != null) {
            doc.set("schema", b.schema().json());
        }
        if (!b.rules().isEmpty()) {
            tools.jackson.databind.node.ArrayNode rules = doc.putArray("rules");
            for (Rule r : b.rules()) {
                tools.jackson.databind.node.ObjectNode o = rules.addObject().put("rule", r.expression());
                if (!r.message().isEmpty()) {
                    o.put("message", r.message());
                }
                if (!r.messageExpression().isEmpty()) {
                    o.put("messageExpression", r.messageExpression());
                }
                if (!r.pointer().isEmpty()) {
                    o.put("pointer", r.pointer());
                }
            }
        }
        if (!b.checks().isEmpty()) {
            tools.jackson.databind.node.ArrayNode checks = doc.putArray("checks");
            b.checks().forEach(checks::add);
        }
        return doc;
    }
}
