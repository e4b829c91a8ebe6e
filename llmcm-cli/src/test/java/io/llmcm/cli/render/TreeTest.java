package io.llmcm.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeTest {
    @Test
    void indentsChildrenBelowParentsSortedByName() {
        Map<String, String> parents = new HashMap<>();
        parents.put("base", null);
        parents.put("prod", "base");
        parents.put("dev", "base");
        parents.put("edge", "prod");
        parents.put("staging", "base");
        assertThat(Tree.render(parents)).isEqualTo("base\n  dev\n  prod\n    edge\n  staging\n");
    }

    @Test
    void anOrphanIsShownAsARootRatherThanLost() {
        Map<String, String> parents = new HashMap<>();
        parents.put("global", null);
        parents.put("lost", "gone");
        assertThat(Tree.render(parents)).isEqualTo("global\nlost\n");
    }
}
