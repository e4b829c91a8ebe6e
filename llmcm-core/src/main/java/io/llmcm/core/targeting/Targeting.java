package io.llmcm.core.targeting;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cel.runtime.CelRuntime;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.Violation;
import io.llmcm.core.json.JsonPointers;
import io.llmcm.core.model.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The targeting rules of one stored value: the {@code $targeting} list of a configuration object,
 * parsed and its conditions compiled. Within a layer the first rule whose condition holds and whose
 * rollout includes the context's key fires; its {@code set} is merged over the layer's value.
 *
 * <pre>{@code
 * {"model": "gpt-4o",
 *  "$targeting": [
 *    {"name": "eu-users", "when": "ctx.region == 'eu'", "set": {"endpoint": "https://eu.example/v1"}},
 *    {"name": "gpt41-rollout", "rollout": {"percent": 10, "by": "user_id"}, "set": {"model": "gpt-4.1"}}]}
 * }</pre>
 *
 * <p>Reads without a context never fire a rule and never see the list: resolution strips it.
 */
public final class Targeting {
    /** The field of a configuration object that holds its rules. */
    public static final String FIELD = "$targeting";
    /** Most rules one value may hold. */
    public static final int MAX_RULES = 100;
    /** A value without rules. */
    public static final Targeting NONE = new Targeting(List.of(), List.of());

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Set<String> RULE_FIELDS = Set.of("name", "when", "rollout", "set");
    private static final Set<String> ROLLOUT_FIELDS = Set.of("percent", "by");
    private static final String ROOT = JsonPointers.child("", FIELD);

    /** Parsed once per stored value (the heads keep one instance per version), then reused by every read. */
    private static final Cache<Value, Targeting> PARSED = Caffeine.newBuilder().weakKeys().maximumSize(100_000).build();

    private final List<TargetingRule> rules;
    private final List<CelRuntime.Program> conditions; // null where a rule has no condition

    private Targeting(List<TargetingRule> rules, List<CelRuntime.Program> conditions) {
        this.rules = rules;
        this.conditions = conditions;
    }

    /** Whether a value's text may hold rules (a cheap look before parsing). */
    public static boolean mayHaveRules(Value value) {
        return value.startsWith("{") && value.containsAscii("\"" + FIELD + "\"");
    }

    /**
     * The rules of a stored value, parsed and compiled at most once per value instance. A list that
     * does not pass {@link #check} (written before these checks existed) gives no rules.
     *
     * @param list the value's {@code $targeting} node
     */
    public static Targeting of(Value value, JsonNode list) {
        return PARSED.get(value, v -> parseLenient(list));
    }

    /** The rules of a value's tree; {@link #NONE} when it has none. Not cached: for checks and promotion. */
    public static Targeting parse(JsonNode value) {
        JsonNode list = value != null && value.isObject() ? value.get(FIELD) : null;
        if (list == null) {
            return NONE;
        }
        List<Violation> problems = check(list);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.getFirst().pointer() + ": " + problems.getFirst().message());
        }
        return compile(list);
    }

    private static Targeting parseLenient(JsonNode list) {
        return check(list).isEmpty() ? compile(list) : NONE;
    }

    private static Targeting compile(JsonNode list) {
        List<TargetingRule> rules = new ArrayList<>(list.size());
        List<CelRuntime.Program> conditions = new ArrayList<>(list.size());
        for (JsonNode r : list.values()) {
            String when = r.path("when").asString("").strip();
            JsonNode ro = r.get("rollout");
            TargetingRule.Rollout rollout = ro == null ? null : new TargetingRule.Rollout(ro.get("percent").asDouble(), ro.get("by").asString());
            rules.add(new TargetingRule(r.get("name").asString(), when, rollout, Value.of(r.get("set"))));
            conditions.add(when.isEmpty() ? null : Conditions.compile(when));
        }
        return new Targeting(List.copyOf(rules), java.util.Collections.unmodifiableList(conditions));
    }

    /**
     * Every problem of a {@code $targeting} list, each with its pointer into the value ({@code
     * /$targeting/1/rollout/percent}) and what was expected.
     */
    public static List<Violation> check(JsonNode list) {
        List<Violation> out = new ArrayList<>();
        if (!list.isArray()) {
            out.add(problem(ROOT, FIELD + " must be a list of rules ({name, when, rollout, set}), got " + kind(list)));
            return out;
        }
        if (list.size() > MAX_RULES) {
            out.add(problem(ROOT, FIELD + " holds " + list.size() + " rules; at most " + MAX_RULES + " are allowed"));
            return out;
        }
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            checkRule(list.get(i), JsonPointers.child(ROOT, i), names, i, out);
        }
        return out;
    }

    private static void checkRule(JsonNode rule, String at, Map<String, Integer> names, int index, List<Violation> out) {
        if (!rule.isObject()) {
            out.add(problem(at, "a rule must be an object {name, when, rollout, set}, got " + kind(rule)));
            return;
        }
        for (String field : rule.propertyNames()) {
            if (!RULE_FIELDS.contains(field)) {
                out.add(problem(JsonPointers.child(at, field), "unknown field '" + clip(field) + "'; a rule has name, when, rollout and set"));
            }
        }
        JsonNode name = rule.get("name");
        if (name == null || !name.isString()) {
            out.add(problem(JsonPointers.child(at, "name"), name == null ? "a rule needs a name" : "name must be a string, got " + kind(name)));
        } else if (!NAME.matcher(name.stringValue()).matches()) {
            out.add(problem(JsonPointers.child(at, "name"), "rule name '" + clip(name.stringValue())
                    + "' is not valid: 1 to 64 letters, digits, _ . -, starting with a letter or digit"));
        } else {
            Integer first = names.putIfAbsent(name.stringValue(), index);
            if (first != null) {
                out.add(problem(JsonPointers.child(at, "name"), "rule name '" + name.stringValue() + "' is already used by rule " + first
                        + "; names must be unique"));
            }
        }
        JsonNode when = rule.get("when");
        if (when != null) {
            String w = when.isString() ? when.stringValue().strip() : null;
            if (w == null || w.isEmpty()) {
                out.add(problem(JsonPointers.child(at, "when"), "when must be a CEL condition over ctx (e.g. ctx.region == 'eu'), got "
                        + (w == null ? kind(when) : "an empty string")));
            } else {
                try {
                    Conditions.compile(w);
                } catch (InvalidInputException e) {
                    out.add(problem(JsonPointers.child(at, "when"), "CEL: " + e.getMessage()));
                }
            }
        }
        JsonNode rollout = rule.get("rollout");
        if (rollout != null) {
            checkRollout(rollout, JsonPointers.child(at, "rollout"), out);
        }
        if (when == null && rollout == null) {
            out.add(problem(at, "a rule needs when, rollout or both (without either it would fire on every read with a context)"));
        }
        JsonNode set = rule.get("set");
        if (set == null) {
            out.add(problem(JsonPointers.child(at, "set"), "a rule needs set: the JSON Merge Patch applied when it fires, e.g. {\"model\": \"gpt-4.1\"}"));
        } else if (!set.isObject()) {
            out.add(problem(JsonPointers.child(at, "set"), "set must be an object (a JSON Merge Patch over the layer's value), got " + kind(set)));
        } else if (set.has(FIELD)) {
            out.add(problem(JsonPointers.child(JsonPointers.child(at, "set"), FIELD), "a rule cannot set " + FIELD));
        }
    }

    private static void checkRollout(JsonNode rollout, String at, List<Violation> out) {
        if (!rollout.isObject()) {
            out.add(problem(at, "rollout must be an object {percent, by}, got " + kind(rollout)));
            return;
        }
        for (String field : rollout.propertyNames()) {
            if (!ROLLOUT_FIELDS.contains(field)) {
                out.add(problem(JsonPointers.child(at, field), "unknown field '" + clip(field) + "'; a rollout has percent and by"));
            }
        }
        JsonNode percent = rollout.get("percent");
        if (percent == null) {
            out.add(problem(JsonPointers.child(at, "percent"), "a rollout needs percent (0 to 100, e.g. 2.5)"));
        } else if (!percent.isNumber()) {
            out.add(problem(JsonPointers.child(at, "percent"), "percent must be a number from 0 to 100, got " + kind(percent)));
        } else if (!(percent.asDouble() >= 0 && percent.asDouble() <= 100)) {
            out.add(problem(JsonPointers.child(at, "percent"), "percent must be from 0 to 100, got " + percent.asString()));
        }
        JsonNode by = rollout.get("by");
        if (by == null || !by.isString() || by.stringValue().isBlank()) {
            out.add(problem(JsonPointers.child(at, "by"), "by must name the context attribute to hash (the targeting key, e.g. user_id), got "
                    + (by == null ? "nothing" : by.isString() ? "an empty string" : kind(by))));
        } else if (!TargetingContext.isAttributeName(by.stringValue())) {
            out.add(problem(JsonPointers.child(at, "by"), "by '" + clip(by.stringValue()) + "' is not a context attribute name: letters,"
                    + " digits, _ . - (at most 64, starting with a letter or _)"));
        }
    }

    /** The rules, in order. */
    public List<TargetingRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The rule of this name, or null. */
    public TargetingRule rule(String name) {
        for (TargetingRule r : rules) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    /**
     * The first rule that fires for a context at {@code path}, or null: its condition holds and its
     * rollout, if any, includes the context's key. A rollout whose key attribute is missing from the
     * context does not fire; an empty context fires nothing.
     */
    public TargetingRule select(String path, TargetingContext ctx) {
        if (ctx.isEmpty()) {
            return null;
        }
        for (int i = 0; i < rules.size(); i++) {
            TargetingRule r = rules.get(i);
            CelRuntime.Program when = conditions.get(i);
            if (when != null && !Conditions.holds(when, ctx)) {
                continue;
            }
            if (r.rollout() != null) {
                String key = ctx.get(r.rollout().by());
                if (key == null || !Rollouts.includes(r.rollout().percent(), Rollouts.bucket(path, r.name(), key))) {
                    continue;
                }
            }
            return r;
        }
        return null;
    }

    /**
     * Removes the rules from a value's tree (in place) and answers them, or null when it has none.
     * What every resolution does before merging a layer.
     */
    public static JsonNode strip(JsonNode tree) {
        return tree instanceof ObjectNode o ? o.remove(FIELD) : null;
    }

    private static Violation problem(String pointer, String message) {
        return new Violation("", pointer, message, "targeting");
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
