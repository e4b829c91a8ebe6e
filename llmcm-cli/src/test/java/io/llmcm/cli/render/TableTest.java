package io.llmcm.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void alignsColumnsTwoSpacesApartWithoutTrailingSpaces() {
        String out = new Table().row("a", "1", "x").row("longer", "22", "").row("b").render();
        assertThat(out).isEqualTo("a       1   x\nlonger  22\nb\n");
    }

    @Test
    void anEmptyTablePrintsNothing() {
        assertThat(new Table().render()).isEmpty();
        assertThat(new Table().isEmpty()).isTrue();
    }
}
