package io.llmcm.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.EntryDiff;
import io.llmcm.core.repo.EntryDiff.Change;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;

class DiffViewTest {
    private static EntryDiff diff(String path, Layer layer, Change change, String patch, String... readable) {
        Value v = Value.of(Json.parse("{}"));
        return new EntryDiff(path, layer, change, v, v, (ArrayNode) Json.parse(patch), List.of(readable));
    }

    private final List<EntryDiff> diffs = List.of(
            diff("models/a", Layer.of("prod"), Change.MODIFIED, "[{\"op\":\"replace\",\"path\":\"/t\",\"value\":0.2}]", "~ /t: 0.7 → 0.2"),
            diff("models/b", Layer.of("prod", "chat"), Change.ADDED, "[]", "+ {\"x\":1}"),
            diff("models/c", Layer.BASE, Change.REMOVED, "[]"));

    @Test
    void textHasAHeaderPerEntryAndIndentedReadableLines() {
        assertThat(DiffView.text(diffs)).isEqualTo("""
                ~ models/a [prod]
                    ~ /t: 0.7 → 0.2
                + models/b [prod:chat]
                    + {"x":1}
                - models/c [base]
                """);
    }

    @Test
    void noChangesPrintNothing() {
        assertThat(DiffView.text(List.of())).isEmpty();
        assertThat(DiffView.json(List.of())).isEqualTo("[ ]\n");
    }

    @Test
    void jsonHasPathLayerChangeAndPatch() {
        var doc = Json.parse(DiffView.json(diffs));
        assertThat(doc.size()).isEqualTo(3);
        assertThat(doc.get(0).get("path").stringValue()).isEqualTo("models/a");
        assertThat(doc.get(0).get("env").stringValue()).isEqualTo("prod");
        assertThat(doc.get(0).get("change").stringValue()).isEqualTo("modified");
        assertThat(doc.get(0).get("patch").get(0).get("path").stringValue()).isEqualTo("/t");
        assertThat(doc.get(1).get("service").stringValue()).isEqualTo("chat");
        assertThat(doc.get(2).get("change").stringValue()).isEqualTo("removed");
    }
}
