package io.llmcm.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.Rule;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Value;
import io.llmcm.core.validation.SchemaDocuments;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaViewTest {
    @Test
    void theDocumentReadsBackAsTheSameBinding() {
        SchemaBinding b = new SchemaBinding("acme", "preset", "presets/*",
                Value.of(Json.parse("{\"type\":\"object\",\"properties\":{\"max_tokens\":{\"type\":\"integer\"}}}")),
                List.of(new Rule("self.max_tokens > 0", "must be positive", "/max_tokens"), new Rule("true", "", "")));

        var doc = SchemaView.document(b);

        assertThat(doc.get("rules").get(0).get("rule").stringValue()).isEqualTo("self.max_tokens > 0");
        assertThat(doc.get("rules").get(1).has("message")).isFalse();
        assertThat(SchemaDocuments.parse("acme", "preset", doc, null)).isEqualTo(b);
    }

    @Test
    void aRulesOnlyBindingHasNoSchemaField() {
        SchemaBinding b = new SchemaBinding("global", "r", "**", null, List.of(new Rule("true", "", "")));
        assertThat(SchemaView.document(b).has("schema")).isFalse();
        assertThat(SchemaDocuments.parse("global", "r", SchemaView.document(b), null)).isEqualTo(b);
    }
}
