package io.llmcm.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.template.Placeholders.Literal;
import io.llmcm.core.template.Placeholders.Segment;
import io.llmcm.core.template.Placeholders.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The placeholder engine: syntax, escapes, rendering, and seeded round trips. */
class PlaceholdersTest {
    /** Characters that make parsing interesting: braces, backslashes, unicode, newlines. */
    private static final String[] PIECES = {"{", "}", "{{", "}}", "\\", "\\\\", "a", " ", "\n", "é", "日本", "🙂", "x.y", "$", "#"};

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    private static List<Segment> randomSegments(Random r) {
        List<Segment> out = new ArrayList<>();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            if (r.nextInt(3) == 0) {
                out.add(new Var(randomName(r)));
            } else {
                StringBuilder sb = new StringBuilder();
                int k = 1 + r.nextInt(6);
                for (int j = 0; j < k; j++) {
                    sb.append(PIECES[r.nextInt(PIECES.length)]);
                }
                out.add(new Literal(sb.toString()));
            }
        }
        return out;
    }

    private static String randomName(Random r) {
        String first = "abcxyz_ABC";
        String rest = "abc019_.";
        StringBuilder sb = new StringBuilder().append(first.charAt(r.nextInt(first.length())));
        for (int i = r.nextInt(6); i > 0; i--) {
            sb.append(rest.charAt(r.nextInt(rest.length())));
        }
        return sb.toString();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void segmentsSurviveSourceAndParse(long seed) {
        Placeholders t = Placeholders.of(randomSegments(new Random(seed)));
        String source = t.source();
        assertThat(Placeholders.parse(source)).as("source %s", source).isEqualTo(t);
        assertThat(Placeholders.parse(source).source()).isEqualTo(source);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void renderingInsertsValuesOnceAndNeverReexpandsThem(long seed) {
        Random r = new Random(seed);
        Placeholders t = Placeholders.of(randomSegments(r));
        Map<String, String> values = new HashMap<>();
        StringBuilder expected = new StringBuilder();
        for (Segment s : t.segments()) {
            if (s instanceof Var v) {
                // values full of braces and placeholders: they must come out exactly as given
                values.computeIfAbsent(v.name(), k -> "{{" + k + "}}\\{{" + PIECES[r.nextInt(PIECES.length)]);
                expected.append(values.get(v.name()));
            } else {
                expected.append(((Literal) s).text());
            }
        }
        assertThat(t.render(values::get)).isEqualTo(expected.toString());
    }

    @Test
    void spacesInsideBracesAdjacentPlaceholdersAndUnicode() {
        Placeholders t = Placeholders.parse("¡Hola {{ name }}!{{a}}{{b}} — {{x.y_1}}");
        assertThat(t.names()).containsExactly("name", "a", "b", "x.y_1");
        assertThat(t.render(Map.of("name", "Zoë", "a", "1", "b", "2", "x.y_1", "日本")::get)).isEqualTo("¡Hola Zoë!12 — 日本");
    }

    @Test
    void emptyTemplateAndTextWithoutPlaceholders() {
        assertThat(Placeholders.parse("").segments()).isEmpty();
        assertThat(Placeholders.parse("").render(k -> "x")).isEmpty();
        assertThat(Placeholders.parse("just } text { with }} braces").render(k -> "x")).isEqualTo("just } text { with }} braces");
    }

    @Test
    void escapes() {
        assertThat(Placeholders.parse("a \\{{literal}} b").render(k -> "X")).isEqualTo("a {{literal}} b");
        assertThat(Placeholders.parse("\\\\{{x}}").render(k -> "X")).isEqualTo("\\X");
        assertThat(Placeholders.parse("\\\\\\{{x}}").render(k -> "X")).isEqualTo("\\{{x}}");
        assertThat(Placeholders.parse("{{{x}}}").render(k -> "X")).isEqualTo("{X}");
        assertThat(Placeholders.parse("a\\b \\{ c").render(k -> "X")).as("backslashes elsewhere are text").isEqualTo("a\\b \\{ c");
    }

    @Test
    void singlePlaceholder() {
        assertThat(Placeholders.parse("{{ max_tokens }}").isSinglePlaceholder()).isTrue();
        assertThat(Placeholders.parse(" {{max_tokens}}").isSinglePlaceholder()).isFalse();
        assertThat(Placeholders.parse("{{a}}{{b}}").isSinglePlaceholder()).isFalse();
    }

    @Test
    void unclosedBracesNameTheirPlace() {
        assertThatThrownBy(() -> Placeholders.parse("Hello\n  {{name"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("line 2, column 3: '{{' is not closed by '}}' (write \\{{ for a literal '{{')");
        assertThatThrownBy(() -> Placeholders.parse("{{ 9lives }}"))
                .hasMessage("line 1, column 1: '{{ 9lives }}' is not a variable; expected a name like {{product}}"
                        + " (letters, digits, '_' and '.', not starting with a digit), or \\{{ for a literal '{{'");
        assertThatThrownBy(() -> Placeholders.parse("{{}}")).hasMessageStartingWith("line 1, column 1: '{{}}' is not a variable");
        assertThatThrownBy(() -> Placeholders.parse("{{a b}}")).hasMessageStartingWith("line 1, column 1: '{{a b}}' is not a variable");
    }

    @Test
    void veryLongInputParsesInLinearTime() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            sb.append("word {{v").append(i % 50).append("}} \\{{ ");
        }
        String text = sb.toString();
        long start = System.nanoTime();
        Placeholders t = Placeholders.parse(text);
        String out = t.render(k -> "<" + k + ">");
        assertThat(System.nanoTime() - start).as("nanoseconds").isLessThan(5_000_000_000L);
        assertThat(t.names()).hasSize(50);
        assertThat(out).startsWith("word <v0> {{ word <v1> {{ ").hasSize(out.length());
        assertThat(Placeholders.parse(t.source())).isEqualTo(t);
    }
}
