package io.llmcm.core.validation;

import static io.llmcm.core.validation.Fixtures.compile;
import static io.llmcm.core.validation.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiPredicate;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: for random bounds and random numbers right around them (equal, one ulp off, integer
 * neighbours, written as JSON integers or decimals), the schema keyword and the CEL comparison both
 * agree with a direct comparison of the two numbers.
 */
class NumericBoundsPropertyTest {
    private static final int VALUES_PER_BOUND = 40;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 25);
    }

    /** A number and how it is written in JSON and CEL. */
    record Num(double value, String text) {
        static Num of(double d) {
            return new Num(d, Double.toString(d));
        }

        static Num ofLong(long l) {
            return new Num(l, Long.toString(l));
        }
    }

    private static Num randomBound(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> Num.ofLong(rnd.nextInt(2001) - 1000);
            case 1 -> Num.of(Math.round(rnd.nextDouble() * 400 - 200) / 100.0); // like 0.7, 1.25
            case 2 -> Num.of(rnd.nextDouble() * 2); // temperature-like, full precision
            default -> Num.ofLong(rnd.nextLong(1, 1_000_000_000L)); // token counts
        };
    }

    private static List<Num> around(Num bound, Random rnd) {
        double b = bound.value();
        List<Num> out = new ArrayList<>(List.of(bound, Num.of(b), Num.of(Math.nextUp(b)), Num.of(Math.nextDown(b)),
                Num.ofLong((long) Math.floor(b)), Num.ofLong((long) Math.ceil(b)),
                Num.ofLong((long) Math.floor(b) - 1), Num.ofLong((long) Math.ceil(b) + 1)));
        while (out.size() < VALUES_PER_BOUND) {
            double delta = Math.pow(10, -rnd.nextInt(12)) * (rnd.nextBoolean() ? 1 : -1) * rnd.nextDouble();
            out.add(rnd.nextInt(4) == 0 ? Num.ofLong(Math.round(b + delta * 10)) : Num.of(b + delta));
        }
        return out;
    }

    private static void check(long seed, String keyword, String celOperator, BiPredicate<Double, Double> allowed) {
        Random rnd = new Random(seed);
        Num bound = randomBound(rnd);
        CompiledSchema s = compile("{\"properties\":{\"v\":{\"" + keyword + "\":" + bound.text() + "}}}",
                Fixtures.rule("self.v " + celOperator + " " + bound.text()));
        for (Num x : around(bound, rnd)) {
            List<Violation> v = s.validate(json("{\"v\":" + x.text() + "}"));
            boolean ok = allowed.test(x.value(), bound.value());
            String what = "seed " + seed + ": v=" + x.text() + " " + keyword + " " + bound.text();
            assertThat(v.stream().anyMatch(i -> i.source().startsWith("schema"))).as("schema, " + what).isEqualTo(!ok);
            assertThat(v.stream().anyMatch(i -> i.source().startsWith("rule"))).as("rule, " + what).isEqualTo(!ok);
            assertThat(v).as(what).allSatisfy(i -> assertThat(i.message()).doesNotContain("could not be evaluated"));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void maximumAgreesWithDirectComparison(long seed) {
        check(seed, "maximum", "<=", (x, b) -> x <= b);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void minimumAgreesWithDirectComparison(long seed) {
        check(seed, "minimum", ">=", (x, b) -> x >= b);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void exclusiveBoundsAgreeWithDirectComparison(long seed) {
        check(seed, "exclusiveMaximum", "<", (x, b) -> x < b);
        check(seed + 1000, "exclusiveMinimum", ">", (x, b) -> x > b);
    }
}
