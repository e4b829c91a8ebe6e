package io.llmcm.core.targeting;

import io.llmcm.core.InvalidInputException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The request context targeting rules look at: string attributes such as {@code region}, {@code
 * tier}, {@code app_version} or {@code user_id}, visible to a rule's {@code when} as {@code ctx}
 * and usable as a rollout's {@code by} key.
 *
 * <p>An empty context is a read without a context: it never fires a rule.
 *
 * @param attributes attribute name → value, sorted by name
 */
public record TargetingContext(Map<String, String> attributes) {
    /** Most attributes one context may carry. */
    public static final int MAX_ATTRIBUTES = 64;
    /** Longest attribute value, in characters. */
    public static final int MAX_VALUE_LENGTH = 1024;
    /** No context: rules never fire. */
    public static final TargetingContext EMPTY = new TargetingContext(Map.of());

    // a CEL field name (ctx.region); dots and dashes are let through for ctx['app-version']
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

    public TargetingContext {
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new InvalidInputException("a targeting context holds at most " + MAX_ATTRIBUTES + " attributes, this one has "
                    + attributes.size());
        }
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (!NAME.matcher(e.getKey()).matches()) {
                throw new InvalidInputException("context attribute name '" + clip(e.getKey()) + "' is not valid: letters, digits,"
                        + " _ . - (at most 64, starting with a letter or _)");
            }
            if (e.getValue() == null) {
                throw new InvalidInputException("context attribute '" + e.getKey() + "' has no value");
            }
            if (e.getValue().length() > MAX_VALUE_LENGTH) {
                throw new InvalidInputException("context attribute '" + e.getKey() + "' is " + e.getValue().length()
                        + " characters long; at most " + MAX_VALUE_LENGTH + " are allowed");
            }
        }
        attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    /** Whether a context may hold an attribute of this name. */
    public static boolean isAttributeName(String name) {
        return NAME.matcher(name).matches();
    }

    /** A context of these attributes (checked: names, count, value lengths). */
    public static TargetingContext of(Map<String, String> attributes) {
        return attributes.isEmpty() ? EMPTY : new TargetingContext(attributes);
    }

    /**
     * A context from {@code name=value} pairs, as the CLI's {@code --context} gives them.
     *
     * @throws InvalidInputException when a pair has no {@code =} or no value, or a name repeats
     */
    public static TargetingContext parse(Iterable<String> pairs) {
        Map<String, String> out = new TreeMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException("context attribute '" + clip(pair) + "' must be NAME=VALUE, e.g. region=eu");
            }
            String name = pair.substring(0, eq);
            if (eq == pair.length() - 1) {
                throw new InvalidInputException("context attribute '" + clip(name) + "' has no value; give NAME=VALUE, e.g. region=eu");
            }
            if (out.put(name, pair.substring(eq + 1)) != null) {
                throw new InvalidInputException("context attribute '" + clip(name) + "' is given twice");
            }
        }
        return of(out);
    }

    public boolean isEmpty() {
        return attributes.isEmpty();
    }

    /** The attribute's value, or null. */
    public String get(String name) {
        return attributes.get(name);
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
