package io.llmcm.core.llm.prompt;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.ValidationException;
import io.llmcm.core.Violation;
import io.llmcm.core.template.Placeholders;
import io.llmcm.core.template.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * A prompt template as stored at {@code prompts/<name>}:
 *
 * <pre>{@code
 * version: 1.2.0                 # semver, required
 * description: ...
 * variables: {product: {type: string, required: true}, tone: {enum: [formal, casual], default: formal}}
 * template: "You are a support agent for {{product}}."   # or messages: [{role, content}]
 * variants:                      # A/B: name → {template | messages, weight (percent)}
 *   concise: {template: "...", weight: 50}
 * }</pre>
 *
 * The top-level body is the variant {@code default}; it gets the weight the others leave (100
 * minus their sum).
 *
 * @param variants by name, sorted (the order buckets are assigned in)
 */
public record PromptDocument(String version, String description, Variables variables, PromptBody body, Map<String, Variant> variants) {
    /** The top-level body's variant name. */
    public static final String DEFAULT = "default";

    private static final Set<String> FIELDS = Set.of("version", "description", "variables", "template", "messages", "variants");
    private static final Set<String> VARIANT_FIELDS = Set.of("template", "messages", "weight");
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool", "developer");

    /** An A/B variant: its own body and its share of keys in percent. */
    public record Variant(PromptBody body, int weight) {}

    public PromptDocument {
        variants = java.util.Collections.unmodifiableMap(new TreeMap<>(variants));
    }

    /** The default variant's weight: what the named variants leave. */
    public int defaultWeight() {
        return 100 - variants.values().stream().mapToInt(Variant::weight).sum();
    }

    /** The body of a variant ({@link #DEFAULT} for the top-level one), or null when there is none. */
    public PromptBody body(String variant) {
        if (DEFAULT.equals(variant)) {
            return body;
        }
        Variant v = variants.get(variant);
        return v == null ? null : v.body();
    }

    /** Every variant name: default first, then the others sorted. */
    public List<String> variantNames() {
        List<String> names = new ArrayList<>();
        names.add(DEFAULT);
        names.addAll(variants.keySet());
        return names;
    }

    /**
     * Reads a stored prompt.
     *
     * @throws ValidationException listing every problem the {@code llm-prompt} check reports
     */
    public static PromptDocument of(JsonNode value, String source) {
        List<Violation> out = new ArrayList<>();
        PromptDocument d = parse(value, out);
        if (d == null) {
            throw new ValidationException(out.stream().map(v -> new Violation(v.where(), v.pointer(), v.message(), source)).toList());
        }
        return d;
    }

    /** Reads a prompt, adding a violation for each problem; null when there is one. */
    public static PromptDocument parse(JsonNode value, List<Violation> out) {
        int before = out.size();
        if (value == null || !value.isObject()) {
            out.add(v("", "a prompt must be an object with version, variables and template (or messages)"));
            return null;
        }
        for (String f : value.propertyNames()) {
            if (!FIELDS.contains(f)) {
                out.add(v("/" + f, "unknown field '" + clip(f) + "'; allowed: version, description, variables, template, messages, variants"));
            }
        }
        String version = io.llmcm.core.llm.VersionedDocuments.version(value, out);
        String description = io.llmcm.core.llm.VersionedDocuments.description(value, out);
        Variables variables = Variables.parse(value.get("variables"), "/variables", false, out);
        PromptBody body = body(value, "", out);
        Map<String, Variant> variants = new TreeMap<>();
        JsonNode vs = value.get("variants");
        if (vs != null && !vs.isNull()) {
            if (!vs.isObject()) {
                out.add(v("/variants", "variants must be an object: variant name → {template or messages, weight}"));
            } else {
                int sum = 0;
                for (var e : vs.properties()) {
                    String at = "/variants/" + e.getKey().replace("~", "~0").replace("/", "~1");
                    Variant variant = variant(e.getKey(), e.getValue(), at, out);
                    if (variant != null) {
                        variants.put(e.getKey(), variant);
                        sum += variant.weight();
                    }
                }
                if (sum > 100) {
                    out.add(v("/variants", "variant weights add up to " + sum + "; at most 100 (they are percentages; the default variant gets the rest)"));
                }
            }
        }
        if (body != null) {
            undeclared(body, "", variables, value, out);
        }
        for (var e : variants.entrySet()) {
            undeclared(e.getValue().body(), "/variants/" + e.getKey(), variables, value, out);
        }
        return out.size() > before ? null : new PromptDocument(version, description, variables, body, variants);
    }

    private static Variant variant(String name, JsonNode spec, String at, List<Violation> out) {
        int before = out.size();
        if (name.equals(DEFAULT)) {
            out.add(v(at, "'default' is the name of the top-level template's variant; give this variant another name"));
            return null;
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            out.add(v(at, "variant name '" + clip(name) + "' is not valid: expected letters, digits, '_', '.' and '-' (at most 64)"));
            return null;
        }
        if (!spec.isObject()) {
            out.add(v(at, "variant '" + name + "' must be an object {template or messages, weight}"));
            return null;
        }
        for (String f : spec.propertyNames()) {
            if (!VARIANT_FIELDS.contains(f)) {
                out.add(v(at + "/" + f, "variant '" + name + "': unknown field '" + clip(f) + "'; allowed: template, messages, weight"));
            }
        }
        JsonNode w = spec.get("weight");
        int weight = 0;
        if (w == null || !w.isIntegralNumber() || w.asLong() < 0 || w.asLong() > 100) {
            out.add(v(at + "/weight", "variant '" + name + "': weight must be an integer from 0 to 100 (the percentage of keys it gets)"));
        } else {
            weight = w.asInt();
        }
        PromptBody body = body(spec, at, out);
        return out.size() > before ? null : new Variant(body, weight);
    }

    /** The template or messages of an object (the prompt or a variant). */
    private static PromptBody body(JsonNode o, String at, List<Violation> out) {
        JsonNode t = o.get("template");
        JsonNode m = o.get("messages");
        if (t != null && m != null) {
            out.add(v(at, (at.isEmpty() ? "a prompt" : "a variant") + " has both template and messages; give one: template (text) or messages (chat)"));
            return null;
        }
        if (t == null && m == null) {
            out.add(v(at, (at.isEmpty() ? "a prompt" : "a variant") + " needs a template (text) or messages (chat)"));
            return null;
        }
        if (t != null) {
            if (!t.isString()) {
                out.add(v(at + "/template", "template must be a string"));
                return null;
            }
            Placeholders p = placeholders(t.stringValue(), at + "/template", out);
            return p == null ? null : new PromptBody(p, List.of());
        }
        if (!m.isArray() || m.isEmpty()) {
            out.add(v(at + "/messages", "messages must be a non-empty array of {role, content}"));
            return null;
        }
        List<PromptBody.Message> messages = new ArrayList<>();
        int i = 0;
        boolean ok = true;
        for (JsonNode msg : m.values()) {
            String mat = at + "/messages/" + i++;
            if (!msg.isObject()) {
                out.add(v(mat, "a message must be an object {role, content}"));
                ok = false;
                continue;
            }
            for (String f : msg.propertyNames()) {
                if (!f.equals("role") && !f.equals("content")) {
                    out.add(v(mat + "/" + f, "unknown field '" + clip(f) + "' in a message; allowed: role, content"));
                    ok = false;
                }
            }
            JsonNode role = msg.get("role");
            if (role == null || !role.isString() || !ROLES.contains(role.stringValue())) {
                out.add(v(mat + "/role", "role must be one of system, developer, user, assistant, tool"));
                ok = false;
            }
            JsonNode content = msg.get("content");
            if (content == null || !content.isString()) {
                out.add(v(mat + "/content", "content must be a string"));
                ok = false;
                continue;
            }
            Placeholders p = placeholders(content.stringValue(), mat + "/content", out);
            if (p == null || !ok) {
                ok = false;
                continue;
            }
            messages.add(new PromptBody.Message(role.stringValue(), p));
        }
        return ok ? new PromptBody(null, messages) : null;
    }

    private static Placeholders placeholders(String text, String at, List<Violation> out) {
        try {
            return Placeholders.parse(text);
        } catch (InvalidInputException e) {
            out.add(v(at, e.getMessage()));
            return null;
        }
    }

    /** Placeholders used must be declared (declared but unused is fine). */
    private static void undeclared(PromptBody body, String at, Variables variables, JsonNode value, List<Violation> out) {
        if (body.template() != null) {
            for (String name : body.template().names()) {
                if (variables.get(name) == null && !declaredButInvalid(value, name)) {
                    out.add(v(at + "/template", "placeholder {{" + name + "}} is not declared in variables"));
                }
            }
        }
        for (int i = 0; i < body.messages().size(); i++) {
            for (String name : body.messages().get(i).content().names()) {
                if (variables.get(name) == null && !declaredButInvalid(value, name)) {
                    out.add(v(at + "/messages/" + i + "/content", "placeholder {{" + name + "}} is not declared in variables"));
                }
            }
        }
    }

    /** A declaration that failed has its own message already; no second one for its uses. */
    private static boolean declaredButInvalid(JsonNode value, String name) {
        JsonNode vars = value.get("variables");
        return vars != null && vars.isObject() && vars.has(name);
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }

    private static Violation v(String pointer, String message) {
        return new Violation("", pointer, message, "");
    }
}
