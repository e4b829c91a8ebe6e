package io.llmcm.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.Explanation;
import io.llmcm.core.repo.Explanation.FieldOrigin;
import io.llmcm.core.repo.Explanation.LayerVersion;
import io.llmcm.core.repo.LayerRef;
import io.llmcm.core.repo.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplainViewTest {
    private static final LayerRef GLOBAL_BASE = new LayerRef("global", Layer.BASE);
    private static final LayerRef ACME_BASE = new LayerRef("acme", Layer.BASE);
    private static final LayerRef ACME_PROD = new LayerRef("acme", Layer.of("prod"));

    private static Value json(String s) {
        return Value.of(Json.parse(s));
    }

    private static Explanation sample() {
        return new Explanation(
                "models/gpt",
                Scope.of("acme", "prod"),
                42,
                json("{\"model\":\"gpt-4o\",\"temperature\":0.2}"),
                List.of(new FieldOrigin("/model", json("\"gpt-4o\""), ACME_BASE, 40),
                        new FieldOrigin("/temperature", json("0.2"), ACME_PROD, 42)),
                List.of(new LayerVersion(GLOBAL_BASE, 3, false, false),
                        new LayerVersion(ACME_BASE, 40, true, true),
                        new LayerVersion(ACME_PROD, 42, false, true)),
                List.of());
    }

    @Test
    void textShowsTheValueThenAlignedFieldOriginsThenLayers() {
        assertThat(ExplainView.text(sample(), null)).isEqualTo("""
                {
                  "model": "gpt-4o",
                  "temperature": 0.2
                }
                fields:
                  /model        "gpt-4o"  acme:base@40
                  /temperature  0.2       acme:prod@42
                layers:
                  global:base@3  (replaced)
                  acme:base@40   replaces lower layers
                  acme:prod@42
                """);
    }

    @Test
    void aScalarValueIsExplainedAtTheRoot() {
        Explanation e = new Explanation("flags/on", Scope.of("global", "base"), 5, json("true"),
                List.of(new FieldOrigin("", json("true"), GLOBAL_BASE, 5)), List.of(new LayerVersion(GLOBAL_BASE, 5, false, true)), List.of());
        assertThat(ExplainView.text(e, null)).contains("  (root)  true  global:base@5\n");
    }

    @Test
    void jsonHoldsValueFieldsAndLayers() {
        var doc = Json.parse(ExplainView.json(sample()));
        assertThat(doc.get("scope").stringValue()).isEqualTo("acme:prod");
        assertThat(doc.get("revision").asLong()).isEqualTo(42);
        assertThat(doc.get("value").get("temperature").doubleValue()).isEqualTo(0.2);
        assertThat(doc.get("fields").get(1).get("pointer").stringValue()).isEqualTo("/temperature");
        assertThat(doc.get("fields").get(1).get("layer").stringValue()).isEqualTo("acme:prod");
        assertThat(doc.get("layers").get(0).get("contributes").booleanValue()).isFalse();
        assertThat(doc.get("layers").get(1).get("replace").booleanValue()).isTrue();
    }

    @Test
    void anAbsentValueSaysSoAndStillListsTheLayers() {
        Explanation e = new Explanation("m/x", Scope.of("acme", "prod"), 9, null, List.of(),
                List.of(new LayerVersion(ACME_PROD, 9, false, true)), List.of());
        assertThat(ExplainView.text(e, null)).isEqualTo("(not set in acme:prod)\nlayers:\n  acme:prod@9\n");
    }
}
