package io.llmcm.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
    /** The documented alphabet, as one regex: the reference for the fast check. */
    private static final Pattern PATH = Pattern.compile(
            "(?!.*\\.\\.)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(/[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}){0,31}");

    @ParameterizedTest
    @ValueSource(strings = {"models/openai/gpt-4o", "a", "_x/y.z", "claude-3.5-sonnet", "gpt-4.1", "A_B/c-d/e.f"})
    void acceptsPathsOfTheSafeAlphabet(String path) {
        assertThat(Names.path(path)).isEqualTo(path);
    }

    @Test
    void explainsWhatIsWrongWithAPath() {
        assertThatThrownBy(() -> Names.path("models//x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("path 'models//x' has an empty segment at position 2 (leading, trailing or doubled '/')");
        assertThatThrownBy(() -> Names.path("a/../b")).hasMessage("path 'a/../b' contains '..', which is not allowed");
        assertThatThrownBy(() -> Names.path("a/b\u0007")).hasMessageContaining("control character at position 3");
        assertThatThrownBy(() -> Names.path("a/-b")).hasMessageContaining("segment '-b' is not allowed");
        assertThatThrownBy(() -> Names.path("")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> Names.path("a/")).hasMessageContaining("empty segment at position 2");
        assertThatThrownBy(() -> Names.path("a b")).hasMessageContaining("segment 'a b' is not allowed");
        assertThatThrownBy(() -> Names.path("x/".repeat(32) + "y")).hasMessageContaining("33 segments");
    }

    @Test
    void labelsAndTagsHaveTheirOwnAlphabets() {
        assertThat(Names.tenant("acme-eu")).isEqualTo("acme-eu");
        assertThatThrownBy(() -> Names.tenant("Acme")).hasMessageContaining("lower-case");
        assertThat(Names.tag("v1.2.0")).isEqualTo("v1.2.0");
        assertThatThrownBy(() -> Names.tag("42")).hasMessageContaining("only digits");
        assertThat(Names.isRevisionNumber("42")).isTrue();
        assertThat(Names.isRevisionNumber("v42")).isFalse();
    }

    @Test
    void prefixesMayBeEmptyOrEndInASlash() {
        assertThat(Names.prefix("")).isEmpty();
        assertThat(Names.prefix("models/")).isEqualTo("models");
        assertThat(Names.isUnder("models/a", "models")).isTrue();
        assertThat(Names.isUnder("models", "models")).isTrue();
        assertThat(Names.isUnder("models_x", "models")).isFalse();
        assertThat(Names.isUnder("anything", "")).isTrue();
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 1000);
    }

    /** The one-pass check agrees with the documented alphabet on random near-valid strings. */
    @ParameterizedTest
    @MethodSource("seeds")
    void theFastCheckAgreesWithTheDocumentedAlphabet(long seed) {
        Random r = new Random(seed);
        String alphabet = "ab_.-/Z9 \u0001";
        StringBuilder sb = new StringBuilder();
        int len = r.nextInt(12);
        for (int i = 0; i < len; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        String p = sb.toString();
        boolean expected = PATH.matcher(p).matches();
        assertThat(Names.isValidPath(p)).as("'%s'", p).isEqualTo(expected);
        if (expected) {
            assertThat(Names.path(p)).isEqualTo(p);
        } else {
            assertThatThrownBy(() -> Names.path(p)).isInstanceOf(InvalidInputException.class);
        }
    }
}
