package io.llmcm.core.validation;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelErrorCode;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.model.Rule;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CEL environment of schema rules: two variables, {@code self} (the value, dynamic) and
 * {@code catalog} (the model catalog of the scope, a map from model id to a map of its fields),
 * the standard functions and macros ({@code has}, {@code all}, {@code exists}, {@code map},
 * {@code filter}). A rule's optional {@code messageExpression} runs in the same environment.
 *
 * <p>Numbers: ordering operators compare int, uint and double with each other ({@code
 * self.max_tokens <= 2.0} works; precise up to 2^53), and {@code ==} on dynamic values compares
 * them by value. Arithmetic does not mix kinds: {@code self.max_tokens * 0.5} fails when
 * max_tokens is an integer; write {@code double(self.max_tokens) * 0.5}. The rules users must
 * follow are spelled out on {@link CompiledSchema}.
 */
final class CelRules {
    /** Each comprehension ({@code all}, {@code map}, ...) may loop at most this often. */
    static final int MAX_ITERATIONS = 100_000;

    /** The variable holding the model catalog. */
    static final String CATALOG = "catalog";

    // Built once: a Cel instance is immutable and its programs are safe to share between threads.
    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setOptions(CelOptions.current()
                    // cel-java 0.14 defaults to false: `1 <= 2.0` would fail with "no matching overload"
                    .enableHeterogeneousNumericComparisons(true)
                    .comprehensionMaxIterations(MAX_ITERATIONS)
                    .build())
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .addVar(CATALOG, MapType.create(SimpleType.STRING, SimpleType.DYN))
            .build();

    /** Longest message a messageExpression may produce; longer ones are cut. */
    static final int MAX_MESSAGE = 1_000;

    // "evaluation error at <input>:16: No matching overload ..." -> offset 16, reason
    private static final Pattern EVAL_ERROR = Pattern.compile("evaluation error at [^:]*:(\\d+): (.*)", Pattern.DOTALL);

    private CelRules() {}

    /**
     * A rule ready to run; {@code index} is its place in the binding's list, {@code message} the
     * compiled messageExpression (null for none), {@code readsCatalog} whether either expression
     * names the {@code catalog} variable.
     */
    record Compiled(int index, Rule rule, CelRuntime.Program program, CelRuntime.Program message, boolean readsCatalog) {}

    /** Outcome of one rule on one value: passed, failed, or could not be evaluated (reason). */
    record Outcome(boolean passed, String error) {
        static final Outcome PASS = new Outcome(true, null);
        static final Outcome FAIL = new Outcome(false, null);
    }

    /**
     * Parses and type-checks a rule. Throws {@link InvalidInputException} with the CEL error and
     * its position, or when the result is statically known not to be a bool.
     */
    static Compiled compile(int index, Rule rule) {
        String expr = rule.expression();
        if (expr.isBlank()) {
            throw new InvalidInputException("rule is empty");
        }
        CelAbstractSyntaxTree ast = check(expr, CelKind.BOOL, "bool", "rule");
        CelAbstractSyntaxTree messageAst = null;
        if (!rule.messageExpression().isEmpty()) {
            try {
                messageAst = check(rule.messageExpression(), CelKind.STRING, "string", "messageExpression");
            } catch (InvalidInputException e) {
                throw new InvalidInputException("messageExpression: " + e.getMessage());
            }
        }
        try {
            return new Compiled(index, rule, CEL.createProgram(ast), messageAst == null ? null : CEL.createProgram(messageAst),
                    readsCatalog(ast) || (messageAst != null && readsCatalog(messageAst)));
        } catch (CelEvaluationException e) {
            throw new InvalidInputException(oneLine(e.getMessage()));
        }
    }

    private static boolean readsCatalog(CelAbstractSyntaxTree ast) {
        return ast.getReferenceMap().values().stream().anyMatch(r -> r.name().equals(CATALOG));
    }

    /**
     * Parses and type-checks an expression whose result must be of kind {@code expected} (or
     * dynamic, checked when it runs); {@code what} names it in messages.
     */
    private static CelAbstractSyntaxTree check(String expr, CelKind expected, String typeName, String what) {
        CelValidationResult result = CEL.compile(expr);
        if (result.hasError()) {
            CelIssue first = result.getErrors().getFirst();
            int more = result.getErrors().size() - 1;
            String where = position(expr, first.getSourceLocation().getLine(), first.getSourceLocation().getColumn());
            throw new InvalidInputException(
                    oneLine(first.getMessage()) + where + (more > 0 ? " (and " + more + " more errors)" : ""));
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            CelKind kind = ast.getResultType().kind();
            // dyn results (e.g. `self.enabled`) are checked when the rule runs
            if (kind != expected && kind != CelKind.DYN && kind != CelKind.ANY) {
                throw new InvalidInputException(
                        what + " returns " + ast.getResultType().name() + ", but a " + what + " must return " + typeName);
            }
            return ast;
        } catch (dev.cel.common.CelValidationException e) {
            throw new InvalidInputException(oneLine(e.getMessage()));
        }
    }

    /**
     * Runs a rule; {@code vars} holds {@code self} (converted by {@link CelValues#of}) and, when
     * the rule reads it, {@code catalog}. Never throws.
     */
    static Outcome evaluate(Compiled rule, Map<String, Object> vars) {
        Object result;
        try {
            result = rule.program().eval(vars);
        } catch (CelEvaluationException e) {
            return new Outcome(false, reason(rule.rule().expression(), e));
        } catch (RuntimeException e) {
            // a rule must never break the commit path, whatever the runtime throws
            return new Outcome(false, "internal error: " + e);
        }
        if (result instanceof Boolean b) {
            return b ? Outcome.PASS : Outcome.FAIL;
        }
        return new Outcome(false, "the rule returned " + describe(result) + " instead of true or false");
    }

    /**
     * The message of a failed rule from its messageExpression, or null when it has none or it
     * cannot be evaluated, returns no string, or returns a blank one (the caller falls back to the
     * fixed message, as Kubernetes does). Line breaks are folded; the result is cut at {@value
     * #MAX_MESSAGE} characters. Never throws.
     */
    static String message(Compiled rule, Map<String, Object> vars) {
        if (rule.message() == null) {
            return null;
        }
        Object result;
        try {
            result = rule.message().eval(vars);
        } catch (CelEvaluationException | RuntimeException e) {
            return null;
        }
        if (!(result instanceof String s) || s.isBlank()) {
            return null;
        }
        String line = oneLine(s);
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE - 1) + "…";
    }

    private static String reason(String expr, CelEvaluationException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        Matcher m = EVAL_ERROR.matcher(msg);
        String reason = msg;
        String where = "";
        if (m.matches()) {
            reason = m.group(2);
            where = offset(expr, Integer.parseInt(m.group(1)));
        }
        reason = oneLine(reason);
        if (reason.endsWith(".")) {
            reason = reason.substring(0, reason.length() - 1);
        }
        String hint = "";
        if (e.getErrorCode() == CelErrorCode.ATTRIBUTE_NOT_FOUND) {
            hint = "; guard optional fields with has(self.field)";
        } else if (e.getErrorCode() == CelErrorCode.OVERLOAD_NOT_FOUND) {
            hint = "; check the field types (arithmetic does not mix int and double: use double(self.field))";
        }
        return reason + where + hint;
    }

    /** Messages end up in one-line errors and violations. */
    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** " at column C" (or line and column) for a 0-based character offset into the expression. */
    private static String offset(String expr, int offset) {
        int line = 1;
        int col = 0;
        for (int i = 0; i < Math.min(offset, expr.length()); i++) {
            if (expr.charAt(i) == '\n') {
                line++;
                col = 0;
            } else {
                col++;
            }
        }
        return position(expr, line, col);
    }

    /** CEL reports 1-based lines and 0-based columns; people count columns from 1. */
    private static String position(String expr, int line, int column) {
        if (line <= 0 || column < 0) {
            return "";
        }
        return expr.indexOf('\n') < 0 ? " at column " + (column + 1) : " at line " + line + ", column " + (column + 1);
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "nothing";
            case dev.cel.common.values.NullValue n -> "null";
            case Long l -> "the int " + l;
            case Double d -> "the double " + d;
            case String s -> "a string";
            case Map<?, ?> m -> "a map";
            case java.util.List<?> l -> "a list";
            default -> value.getClass().getSimpleName();
        };
    }
}
