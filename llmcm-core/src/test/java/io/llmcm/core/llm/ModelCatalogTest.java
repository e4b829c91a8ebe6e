package io.llmcm.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.json.Json;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped catalog loads and is sane; overrides merge with JSON Merge Patch and are checked. */
class ModelCatalogTest {
    private final ModelCatalog shipped = ModelCatalog.shipped();

    @Test
    void theShippedCatalogCoversEveryProviderAndIsConsistent() {
        List<ModelInfo> models = shipped.models();
        assertThat(models).hasSizeGreaterThanOrEqualTo(30);
        assertThat(models).extracting(ModelInfo::provider).contains("openai", "anthropic", "google", "bedrock", "local");
        assertThat(models).allSatisfy(m -> {
            assertThat(m.contextWindow()).isPositive();
            if (m.maxOutputTokens() != null) {
                assertThat(m.maxOutputTokens()).isBetween(1L, m.contextWindow());
            }
            assertThat(m.modalities()).contains("text");
        });
        assertThat(shipped.asOf()).isEqualTo(LocalDate.of(2025, 6, 1));
        assertThat(shipped.overridden()).isFalse();
        assertThat(models).extracting(ModelInfo::id).isSorted();
    }

    @Test
    void knownFiguresOfWellKnownModels() {
        ModelInfo gpt4o = shipped.get("gpt-4o");
        assertThat(gpt4o.contextWindow()).isEqualTo(128_000);
        assertThat(gpt4o.maxOutputTokens()).isEqualTo(16_384);
        assertThat(gpt4o.inputPricePerMtok()).isEqualTo(2.50);
        assertThat(gpt4o.outputPricePerMtok()).isEqualTo(10.00);
        assertThat(gpt4o.toolCalling()).isTrue();
        assertThat(shipped.get("anthropic.claude-3-5-sonnet-20240620-v1:0").provider()).isEqualTo("bedrock");
        assertThat(shipped.get("text-embedding-3-small").maxOutputTokens()).isNull();
        assertThat(shipped.get("gemini-1.5-pro").deprecatedOn(LocalDate.of(2025, 9, 24))).isTrue();
        assertThat(shipped.get("gemini-1.5-pro").deprecatedOn(LocalDate.of(2025, 9, 23))).isFalse();
    }

    @Test
    void anUnknownModelIsNotFoundWithHowToAddIt() {
        assertThatThrownBy(() -> shipped.get("my-finetune"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("model 'my-finetune' is not in the catalog; add it in llm/catalog as"
                        + " {\"models\": {\"my-finetune\": {\"provider\": ..., \"context_window\": ...}}}");
        assertThat(shipped.find("my-finetune")).isNull();
    }

    @Test
    void overridesMergeFieldByFieldAddAndRemoveModels() {
        ModelCatalog c = shipped.withOverrides(Json.parse("""
                {"models": {
                  "gpt-4o": {"max_output_tokens": 4096, "input_price_per_mtok": null},
                  "o1": null,
                  "acme-llm": {"provider": "local", "context_window": 8192}}}"""));
        assertThat(c.overridden()).isTrue();
        assertThat(c.get("gpt-4o").maxOutputTokens()).isEqualTo(4096);
        assertThat(c.get("gpt-4o").contextWindow()).isEqualTo(128_000); // kept from the shipped entry
        assertThat(c.get("gpt-4o").inputPricePerMtok()).isNull();
        assertThat(c.find("o1")).isNull();
        assertThat(c.get("acme-llm").modalities()).containsExactly("text");
        assertThat(c.models()).hasSize(shipped.models().size());
        // the shipped catalog is unchanged
        assertThat(shipped.get("gpt-4o").maxOutputTokens()).isEqualTo(16_384);
        assertThat(shipped.find("o1")).isNotNull();
    }

    @Test
    void invalidOverridesNameThePointerAndWhatWasExpected() {
        assertThatThrownBy(() -> shipped.withOverrides(Json.parse("{\"models\": {\"gpt-4o\": {\"context_window\": -1}}}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("llm/catalog: /models/gpt-4o/context_window must be a positive integer (tokens)");
        assertThatThrownBy(() -> shipped.withOverrides(Json.parse("{\"models\": {\"gpt-4o\": {\"max_output_tokens\": 200000}}}")))
                .hasMessage("llm/catalog: /models/gpt-4o/max_output_tokens 200000 is above its context_window 128000");
        assertThatThrownBy(() -> shipped.withOverrides(Json.parse("{\"models\": {\"new\": {\"context_window\": 10}}}")))
                .hasMessage("llm/catalog: /models/new/provider is missing");
        assertThatThrownBy(() -> shipped.withOverrides(Json.parse("{\"models\": {\"gpt-4o\": {\"deprecation_date\": \"soon\"}}}")))
                .hasMessage("llm/catalog: /models/gpt-4o/deprecation_date must be an ISO date such as 2025-09-24");
        assertThatThrownBy(() -> shipped.withOverrides(Json.parse("{\"models\": {\"gpt-4o\": {\"windw\": 1}}}")))
                .hasMessageStartingWith("llm/catalog: /models/gpt-4o: unknown field 'windw'; allowed: context_window,");
        assertThatThrownBy(() -> shipped.withOverrides(Json.parse("{\"models\": []}")))
                .hasMessage("llm/catalog: must be an object {\"models\": {MODEL_ID: {fields...}}}");
    }

    @Test
    void theJsonFormRoundTrips() {
        for (ModelInfo m : shipped.models()) {
            assertThat(ModelInfo.fromJson(m.id(), m.toJson(), "/models/" + m.id())).isEqualTo(m);
        }
        assertThat(shipped.toJson().get("as_of").stringValue()).isEqualTo("2025-06-01");
    }
}
