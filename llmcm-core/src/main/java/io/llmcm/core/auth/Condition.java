package io.llmcm.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import io.llmcm.core.InvalidInputException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A binding's condition: a CEL expression over {@code request}, compiled once and evaluated per
 * decision. Fields of {@code request}: {@code time} (timestamp), {@code ip} (string, "" when
 * unknown), {@code env}, {@code tenant}, {@code path} (strings, "" when the request names none),
 * {@code permission} ({@code read}, {@code write}, …) and {@code resource} ({@code config},
 * {@code secret}, …). Functions: CEL's standard ones (e.g. {@code request.time.getHours("UTC")},
 * {@code request.time < timestamp("2027-01-01T00:00:00Z")}, {@code request.path.startsWith("a/")})
 * and {@code ipInRange(ip, cidr)} (IPv4 or IPv6, e.g. {@code ipInRange(request.ip,
 * "10.0.0.0/8")}).
 *
 * <p>Compiling rejects syntax and type errors, unknown {@code request} fields and malformed
 * constant ranges, so a bad condition fails when the binding is written. Evaluating never throws:
 * an error (a range computed at run time that does not parse, say) makes the condition false,
 * which denies.
 */
public final class Condition {
    /** The condition of a binding without one. */
    public static final Condition ALWAYS = new Condition("", null);

    static final Set<String> FIELDS = Set.of("time", "ip", "env", "tenant", "path", "permission", "resource");
    private static final String IP_IN_RANGE = "ipInRange";

    // one immutable environment; its programs are thread-safe
    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).comprehensionMaxIterations(1000).build())
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("request", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration(IP_IN_RANGE,
                    CelOverloadDecl.newGlobalOverload("ipInRange_string_string", SimpleType.BOOL, SimpleType.STRING, SimpleType.STRING)))
            .addFunctionBindings(CelFunctionBinding.from("ipInRange_string_string", String.class, String.class, IpRanges::inRange))
            .build();

    // the planner compiles a condition to check it; the authorizer then finds it here
    private static final Cache<String, Condition> COMPILED = Caffeine.newBuilder().maximumSize(10_000).build();

    private final String expression;
    private final CelRuntime.Program program;

    private Condition(String expression, CelRuntime.Program program) {
        this.expression = expression;
        this.program = program;
    }

    /**
     * Compiles a condition ("" gives {@link #ALWAYS}).
     *
     * @throws InvalidInputException naming the problem and where it is
     */
    public static Condition compile(String expression) {
        String e = expression == null ? "" : expression.strip();
        if (e.isEmpty()) {
            return ALWAYS;
        }
        Condition known = COMPILED.getIfPresent(e);
        if (known != null) {
            return known;
        }
        Condition c = new Condition(e, program(e));
        COMPILED.put(e, c);
        return c;
    }

    private static CelRuntime.Program program(String e) {
        CelValidationResult result = CEL.compile(e);
        if (result.hasError()) {
            CelIssue first = result.getErrors().getFirst();
            throw new InvalidInputException("condition: " + oneLine(first.getMessage())
                    + " at column " + (first.getSourceLocation().getColumn() + 1));
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            CelKind kind = ast.getResultType().kind();
            if (kind != CelKind.BOOL && kind != CelKind.DYN) {
                throw new InvalidInputException("condition returns " + ast.getResultType().name() + ", but it must return bool");
            }
            checkNodes(ast);
            CelRuntime.Program program = CEL.createProgram(ast);
            checkResult(program);
            return program;
        } catch (dev.cel.common.CelValidationException | dev.cel.runtime.CelEvaluationException ex) {
            throw new InvalidInputException("condition: " + oneLine(ex.getMessage()));
        }
    }

    /** Unknown {@code request} fields and bad constant ranges would only fail (deny) at run time. */
    private static void checkNodes(CelAbstractSyntaxTree ast) {
        CelNavigableAst.fromAst(ast).getRoot().allNodes().forEach(node -> {
            CelExpr expr = node.expr();
            switch (expr.exprKind().getKind()) {
                case SELECT -> {
                    CelExpr operand = expr.select().operand();
                    if (operand.exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT
                            && operand.ident().name().equals("request")
                            && !FIELDS.contains(expr.select().field())) {
                        throw new InvalidInputException("condition: request has no field '" + expr.select().field()
                                + "' (it has " + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
                    }
                }
                case CALL -> {
                    if (expr.call().function().equals(IP_IN_RANGE) && expr.call().args().size() == 2) {
                        CelExpr range = expr.call().args().get(1);
                        if (range.exprKind().getKind() == CelExpr.ExprKind.Kind.CONSTANT
                                && range.constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                            IpRanges.check(range.constant().stringValue());
                        }
                    }
                }
                default -> {}
            }
        });
    }

    /**
     * Fields of {@code request} are dynamic, so {@code request.path} type-checks; one run on a sample
     * request shows such a result for what it is. A run that fails proves nothing (it may depend
     * on the data) and is let through.
     */
    private static void checkResult(CelRuntime.Program program) {
        Object result;
        try {
            result = program.eval(Map.of("request", fields(SAMPLE)));
        } catch (dev.cel.runtime.CelEvaluationException | RuntimeException e) {
            return;
        }
        if (!(result instanceof Boolean)) {
            throw new InvalidInputException("condition returns " + (result instanceof String ? "a string" : result.getClass().getSimpleName())
                    + ", but it must return bool");
        }
    }

    private static final AccessRequest SAMPLE = new AccessRequest(new Principal("sample", "sample", "", Set.of()),
            Permission.READ, Resource.CONFIG, "global", "a", "prod", java.time.Instant.EPOCH, "192.0.2.1");

    /** The expression as written ("" for {@link #ALWAYS}). */
    public String expression() {
        return expression;
    }

    /** True when the condition holds for the request; false when it does not or cannot be evaluated. */
    public boolean holds(AccessRequest r) {
        if (program == null) {
            return true;
        }
        try {
            return program.eval(Map.of("request", fields(r))) instanceof Boolean b && b;
        } catch (dev.cel.runtime.CelEvaluationException | RuntimeException e) {
            return false; // deny: a condition that cannot be evaluated does not hold
        }
    }

    private static Map<String, Object> fields(AccessRequest r) {
        Map<String, Object> request = HashMap.newHashMap(8);
        request.put("time", r.time());
        request.put("ip", r.sourceIp());
        request.put("env", r.env());
        request.put("tenant", r.tenant());
        request.put("path", r.path());
        request.put("permission", r.permission().id());
        request.put("resource", r.resource().id());
        return request;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public String toString() {
        return expression.isEmpty() ? "(always)" : expression;
    }
}
