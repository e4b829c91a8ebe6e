package io.llmcm.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.validation.CompiledSchema;
import org.junit.jupiter.api.Test;

/** The index of built-in schemas: every entry loads, compiles, and applies where asked. */
class BuiltinSchemasTest {
    @Test
    void everyBuiltinCompilesAndReadsTheCatalog() {
        assertThat(BuiltinSchemas.names()).containsExactly("openai", "anthropic", "gemini", "vertex", "bedrock", "azure-openai",
                "openai-compatible", "llm-catalog", "routes", "prompts", "templates");
        java.util.Set<String> readTheCatalog = java.util.Set.of("openai", "anthropic", "gemini", "vertex", "bedrock", "azure-openai",
                "openai-compatible", "llm-catalog");
        for (BuiltinSchemas.Builtin b : BuiltinSchemas.list()) {
            CompiledSchema c = CompiledSchema.compile(BuiltinSchemas.binding("acme", b.name(), null));
            assertThat(c.binding().name()).isEqualTo(b.name());
            assertThat(c.binding().pattern()).isEqualTo(b.defaultPattern());
            assertThat(b.title()).isNotBlank();
            assertThat(c.readsCatalog()).as(b.name()).isEqualTo(readTheCatalog.contains(b.name()));
        }
    }

    @Test
    void defaultPatternsFollowTheConventionalNamespaces() {
        assertThat(BuiltinSchemas.get("openai").defaultPattern()).isEqualTo("models/openai/**");
        assertThat(BuiltinSchemas.get("azure-openai").defaultPattern()).isEqualTo("models/azure/**");
        assertThat(BuiltinSchemas.get("openai-compatible").defaultPattern()).isEqualTo("models/local/**");
        assertThat(BuiltinSchemas.get("llm-catalog").defaultPattern()).isEqualTo("llm/catalog");
        assertThat(BuiltinSchemas.get("llm-catalog").takesNamespace()).isFalse();
    }

    @Test
    void aNamespaceMovesTheBinding() {
        SchemaBinding b = BuiltinSchemas.binding("acme", "openai", "deployments/openai/");
        assertThat(b.pattern()).isEqualTo("deployments/openai/**");
        assertThat(b.tenant()).isEqualTo("acme");
        CompiledSchema c = CompiledSchema.compile(b);
        assertThat(c.appliesTo("deployments/openai/gpt-4o")).isTrue();
        assertThat(c.appliesTo("models/openai/gpt-4o")).isFalse();
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> BuiltinSchemas.get("cohere"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no built-in schema 'cohere'; built-in schemas: openai, anthropic, gemini, vertex, bedrock, azure-openai,"
                        + " openai-compatible, llm-catalog, routes, prompts, templates");
        assertThatThrownBy(() -> BuiltinSchemas.binding("acme", "llm-catalog", "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("built-in schema 'llm-catalog' applies to the one entry llm/catalog and takes no namespace");
        assertThatThrownBy(() -> BuiltinSchemas.binding("acme", "openai", "models/*"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("namespace 'models/*' must be a key path prefix such as models/openai, without '*'");
        assertThatThrownBy(() -> BuiltinSchemas.binding("acme", "openai", "a/../b"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("contains '..'");
    }

    @Test
    void theShippedDocumentCannotBeChangedThroughTheRecord() {
        ((tools.jackson.databind.node.ObjectNode) BuiltinSchemas.get("openai").document()).put("pattern", "x/**");
        assertThat(BuiltinSchemas.get("openai").document().get("pattern").stringValue()).isEqualTo("models/openai/**");
    }
}
