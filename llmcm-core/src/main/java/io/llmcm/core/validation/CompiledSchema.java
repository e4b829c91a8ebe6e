package io.llmcm.core.validation;

import com.networknt.schema.Schema;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.Violation;
import io.llmcm.core.model.PathPattern;
import io.llmcm.core.model.Rule;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.llm.ModelCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A {@link SchemaBinding} compiled once, then used from any number of threads: its path pattern,
 * its JSON Schema and its CEL rules are parsed and checked by {@link #compile}, and {@link
 * #validate} only evaluates. Instances are immutable.
 *
 * <h2>JSON Schema</h2>
 *
 * Draft 2020-12 unless the schema names draft 2019-09 in {@code $schema}; other drafts are
 * refused. The schema is checked against its meta-schema when compiled. {@code format} is
 * asserted ({@code "format": "uri"} rejects a non-URI). {@code pattern} uses RE2 syntax, which
 * matches in linear time but has no look-around or back-references. {@code $ref} works inside the
 * document ({@code #/$defs/...}) and to the meta-schemas only; nothing is ever fetched.
 *
 * <h2>Rules</h2>
 *
 * Each rule is a CEL expression over {@code self}, the value: objects are maps, arrays lists, JSON
 * integers {@code int}, other numbers {@code double}, {@code null} is {@code null}. A rule must
 * return a bool; one whose type is known not to be bool is refused when compiled.
 *
 * <p>A second variable, {@code catalog}, maps each model id to a map of its catalog fields
 * ({@code provider}, {@code context_window}, {@code max_output_tokens}, ...; absent fields are
 * absent, so guard them with {@code has()}): the shipped {@link ModelCatalog} with the overrides
 * in {@value ModelCatalog#PATH} of the scope being validated. A binding whose rules name {@code
 * catalog} is therefore checked once per scope ({@link #readsContext}) and again whenever that
 * entry changes ({@link #readsEntry}), e.g. {@code !(self.model in catalog) ||
 * self.params.max_tokens <= catalog[self.model].max_output_tokens}. The catalog holds no clock:
 * rules cannot compare {@code deprecation_date} with today, so verdicts do not change overnight.
 *
 * <p>A rule may give a {@code messageExpression} (as in Kubernetes validation rules): a CEL
 * expression over the same variables returning the message when the rule is false, so the
 * message can name the numbers, e.g. {@code 'params.max_tokens ' + string(self.params.max_tokens)
 * + ' is above ...'}. When it cannot be evaluated, returns no string or a blank one, the fixed
 * {@code message} is used. It runs only on failure; its result is folded to one line and cut at
 * 1,000 characters. Unlike fixed messages, it can quote strings of the value: schema authors must
 * not quote fields that may hold credentials.
 *
 * <p>What users must know about numbers:
 *
 * <ul>
 *   <li>Ordering ({@code < <= > >=}) mixes int and double freely: {@code self.temperature <= 2},
 *       {@code self.max_tokens <= 2.0} and {@code self.max_tokens <= self.context_window} all work.
 *       cel-java 0.14 refuses this by default ("no matching overload" at run time); the CEL option
 *       for heterogeneous numeric comparison is switched on here.
 *   <li>{@code ==} on a field compares by value ({@code self.max_tokens == 100.0} is true for
 *       100), but two literals of different kinds ({@code 1 == 1.0}) are a type error at compile.
 *   <li>Mixed comparisons go through double, so they are exact only up to 2<sup>53</sup>
 *       (9007199254740992); compare large integers with integer literals.
 *   <li>Arithmetic does not mix kinds: {@code self.max_tokens * 0.5} fails when max_tokens is an
 *       integer. Convert first: {@code double(self.max_tokens) * 0.5}. A JSON number is an int only
 *       when written without a fraction or exponent ({@code 2}, not {@code 2.0}), so convert
 *       fields whose users may write either.
 *   <li>Reading a field that is absent is an evaluation error, not false: guard optional fields
 *       with {@code !has(self.stop) || size(self.stop) <= 4}.
 * </ul>
 *
 * <h2>What {@link #validate} reports</h2>
 *
 * Schema errors first, then rule results. Every rule runs even when the schema failed, so a
 * writer sees all broken rules at once; but a rule that could not be <em>evaluated</em> (missing
 * field, wrong type) is only reported when the schema passed, since it is almost always a
 * consequence of the shape problem the schema already reported.
 *
 * <p>Messages never quote a string from the value (it may be a credential); numbers, booleans and
 * lengths are shown. Runaway work is cut off and reported as a violation: a schema evaluation
 * after 5,000,000 steps or 128 levels of nesting, a CEL comprehension after 100,000
 * iterations.
 */
public final class CompiledSchema {
    private final SchemaBinding binding;
    private final PathPattern pattern;
    private final Schema schema; // null: rules only
    private final List<CelRules.Compiled> rules;
    private final List<Check> checks;
    private final String schemaSource;
    private final boolean readsCatalog;

    private CompiledSchema(SchemaBinding binding, PathPattern pattern, Schema schema, List<CelRules.Compiled> rules, List<Check> checks) {
        this.binding = binding;
        this.pattern = pattern;
        this.schema = schema;
        this.rules = List.copyOf(rules);
        this.checks = List.copyOf(checks);
        this.schemaSource = "schema " + binding.name();
        this.readsCatalog = rules.stream().anyMatch(CelRules.Compiled::readsCatalog);
    }

    /**
     * Compiles a binding. Throws {@link InvalidInputException} with one line naming the binding,
     * the part that is wrong (pattern, schema with the pointer into it, or rule with its index and
     * expression) and why.
     */
    public static CompiledSchema compile(SchemaBinding binding) {
        Objects.requireNonNull(binding, "binding");
        String what = "schema binding '" + binding.name() + "' of tenant '" + binding.tenant() + "': ";
        PathPattern pattern;
        try {
            pattern = PathPattern.compile(binding.pattern());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(what + e.getMessage());
        }
        Schema schema = null;
        if (binding.schema() != null) {
            try {
                schema = JsonSchemas.compile(binding.schema().json());
            } catch (InvalidInputException e) {
                throw new InvalidInputException(what + e.getMessage());
            }
        }
        List<CelRules.Compiled> rules = new ArrayList<>(binding.rules().size());
        for (int i = 0; i < binding.rules().size(); i++) {
            Rule rule = binding.rules().get(i);
            try {
                rules.add(CelRules.compile(i, rule));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(
                        what + "rule #" + (i + 1) + " (" + oneLine(rule.expression()) + "): " + e.getMessage());
            }
        }
        List<Check> checks = new ArrayList<>(binding.checks().size());
        for (String name : binding.checks()) {
            try {
                checks.add(Checks.named(name));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(what + e.getMessage());
            }
        }
        return new CompiledSchema(binding, pattern, schema, rules, checks);
    }

    /**
     * Whether the verdict on a value may depend on its scope or on other entries (some built-in
     * check reads them, or a rule reads the scope's model catalog), so that equal values in
     * different scopes must each be checked.
     */
    public boolean readsContext() {
        return !checks.isEmpty() || readsCatalog;
    }

    /**
     * Whether the verdict may depend on the scope beyond its model catalog (a built-in check reads
     * it). When only {@link #readsCatalog} holds, scopes with equal {@value ModelCatalog#PATH}
     * values get equal verdicts.
     */
    public boolean readsScope() {
        return !checks.isEmpty();
    }

    /** Whether a rule reads the {@code catalog} variable, i.e. the entry {@value ModelCatalog#PATH}. */
    public boolean readsCatalog() {
        return readsCatalog;
    }

    /** Whether a commit that changes any entry of the tenant must re-check the values this binding covers. */
    public boolean readsOtherEntries() {
        for (Check c : checks) {
            if (c.readsOtherEntries()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a change to the entry at {@code path} may change the verdict on values this binding
     * covers without changing them: always when a check reads other entries, and for {@value
     * ModelCatalog#PATH} when a rule reads the catalog.
     */
    public boolean readsEntry(String path) {
        return readsOtherEntries() || (readsCatalog && ModelCatalog.PATH.equals(path));
    }

    public SchemaBinding binding() {
        return binding;
    }

    /** True when the binding's pattern matches this key path (e.g. {@code models/openai/gpt-4o}). */
    public boolean appliesTo(String path) {
        return pattern.matches(path);
    }

    /**
     * Checks a value; an empty list means it is accepted. Violations carry an RFC 6901 pointer into
     * the value, a plain message, and the source ({@code schema NAME} or {@code rule NAME#INDEX});
     * {@code where} is left empty for the caller to fill in. Never throws for any value.
     */
    public List<Violation> validate(JsonNode value) {
        return validate(value, ValidationContext.NONE);
    }

    /**
     * Checks a value in the context of its scope: schema, then rules, then the built-in checks
     * (which run only when the schema passed, since they assume its shape). Never throws.
     */
    public List<Violation> validate(JsonNode value, ValidationContext context) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(context, "context");
        List<Violation> out = new ArrayList<>();
        if (schema != null) {
            out.addAll(JsonSchemas.validate(schema, value, schemaSource));
        }
        boolean shapeFailed = !out.isEmpty();
        if (!rules.isEmpty()) {
            rules(value, context, shapeFailed, out);
        }
        if (!shapeFailed) {
            for (Check c : checks) {
                String source = "check " + c.name() + " (" + binding.name() + ")";
                try {
                    for (Violation v : c.check(value, context)) {
                        out.add(new Violation("", v.pointer(), v.message(), source));
                    }
                } catch (RuntimeException e) {
                    // a check must never break the commit path; this is a bug in the check
                    out.add(new Violation("", "", "check failed with an internal error: " + e.getClass().getSimpleName(), source));
                }
            }
        }
        return out;
    }

    private void rules(JsonNode value, ValidationContext context, boolean shapeFailed, List<Violation> out) {
        Map<String, Object> vars = new HashMap<>(4);
        vars.put("self", CelValues.of(value)); // converted once for all rules
        if (readsCatalog) {
            vars.put(CelRules.CATALOG, catalog(context));
        }
        for (CelRules.Compiled rule : rules) {
            CelRules.Outcome outcome = CelRules.evaluate(rule, vars);
            if (outcome.passed() || (outcome.error() != null && shapeFailed)) {
                continue;
            }
            String source = "rule " + binding.name() + "#" + (rule.index() + 1); // counted from 1 for people
            String message;
            if (outcome.error() != null) {
                message = "rule could not be evaluated: " + outcome.error();
            } else {
                message = CelRules.message(rule, vars);
                if (message == null) {
                    message = rule.rule().message().isEmpty() ? "rule failed: " + rule.rule().expression() : rule.rule().message();
                }
            }
            out.add(new Violation("", rule.rule().pointer(), message, source));
        }
    }

    /** The scope's catalog; the shipped one when the context cannot say (a value checked on its own). */
    private static Map<String, Object> catalog(ValidationContext context) {
        JsonNode overrides;
        try {
            overrides = context.config(ModelCatalog.PATH);
        } catch (RuntimeException e) {
            overrides = null; // validation must not throw; the override entry is reported on its own
        }
        return CatalogCel.of(overrides);
    }

    private static String oneLine(String expression) {
        String s = expression.strip().replaceAll("\\s+", " ");
        return s.length() <= 100 ? s : s.substring(0, 99) + "…";
    }

    @Override
    public String toString() {
        return "CompiledSchema[" + binding.tenant() + "/" + binding.name() + " on " + pattern + ", " + rules.size() + " rules]";
    }
}
