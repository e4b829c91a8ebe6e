package io.llmcm.core.targeting;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import io.llmcm.core.InvalidInputException;
import java.util.Map;

/**
 * The CEL environment of targeting conditions: one variable, {@code ctx}, a map of string to
 * string (the request context), and CEL's standard functions and macros: {@code ctx.region ==
 * 'eu'}, {@code ctx.tier in ['pro', 'enterprise']}, {@code has(ctx.beta) && ctx.beta == 'true'},
 * {@code ctx.user_id.startsWith('test-')}.
 *
 * <p>A condition that reads an attribute the context lacks fails to evaluate, and a condition that
 * fails is false: the rule does not fire. Compiled programs are kept by expression text, so a rule
 * list read again (another layer, another revision) does not compile its conditions again.
 */
final class Conditions {
    // one immutable environment; its programs are thread-safe
    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).comprehensionMaxIterations(1000).build())
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("ctx", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .build();

    private static final Cache<String, CelRuntime.Program> COMPILED = Caffeine.newBuilder().maximumSize(10_000).build();

    private Conditions() {}

    /**
     * The program of a condition.
     *
     * @throws InvalidInputException naming the CEL problem and its column, or a result that is not bool
     */
    static CelRuntime.Program compile(String expression) {
        CelRuntime.Program known = COMPILED.getIfPresent(expression);
        if (known != null) {
            return known;
        }
        CelValidationResult result = CEL.compile(expression);
        if (result.hasError()) {
            CelIssue first = result.getErrors().getFirst();
            throw new InvalidInputException(oneLine(first.getMessage()) + " at column " + (first.getSourceLocation().getColumn() + 1));
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            CelKind kind = ast.getResultType().kind();
            if (kind != CelKind.BOOL && kind != CelKind.DYN) {
                throw new InvalidInputException("the condition returns " + ast.getResultType().name() + ", but it must return bool");
            }
            CelRuntime.Program program = CEL.createProgram(ast);
            COMPILED.put(expression, program);
            return program;
        } catch (dev.cel.common.CelValidationException | dev.cel.runtime.CelEvaluationException e) {
            throw new InvalidInputException(oneLine(e.getMessage()));
        }
    }

    /** True when the condition holds in the context; false when it does not or cannot be evaluated. */
    static boolean holds(CelRuntime.Program program, TargetingContext ctx) {
        try {
            return program.eval(Map.of("ctx", ctx.attributes())) instanceof Boolean b && b;
        } catch (dev.cel.runtime.CelEvaluationException | RuntimeException e) {
            return false; // a missing attribute, say: the rule does not fire
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
