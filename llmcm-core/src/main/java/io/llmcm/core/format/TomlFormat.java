package io.llmcm.core.format;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlFactory;
import tools.jackson.dataformat.toml.TomlMapper;
import tools.jackson.dataformat.toml.TomlWriteFeature;

/**
 * TOML 1.0. Dates and times read as strings (JSON has no date type). TOML has no null and its
 * documents are tables, so writing a tree that holds null anywhere, or is not an object, fails and
 * names where.
 */
final class TomlFormat {
    private static final TomlMapper MAPPER = TomlMapper.builder(TomlFactory.builder()
                    .streamReadConstraints(Json.readLimits().rebuild().maxTokenCount(YamlFormat.MAX_TOKENS).build())
                    // checked first with a clearer message; this stops a null written as ''
                    .enable(TomlWriteFeature.FAIL_ON_NULL_WRITE)
                    .build())
            .build();

    private TomlFormat() {}

    static JsonNode read(String text) {
        try {
            JsonNode tree = MAPPER.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                return Json.NODES.objectNode();
            }
            return Canonical.of(tree, "TOML");
        } catch (StreamConstraintsException e) {
            throw new InvalidInputException(
                    "not valid TOML" + Json.location(e) + ": the document exceeds a limit (length or nesting)");
        } catch (JacksonException e) {
            throw new InvalidInputException("not valid TOML" + Json.location(e));
        }
    }

    static String write(JsonNode tree) {
        Objects.requireNonNull(tree, "tree");
        if (!tree.isObject()) {
            throw new InvalidInputException(
                    "TOML documents are tables: the value must be an object, and it is " + Text.kind(tree));
        }
        String nul = Trees.find(tree, (name, node) -> node.isNull());
        if (nul != null) {
            throw new InvalidInputException("TOML cannot hold null, found at " + Trees.show(nul));
        }
        return MAPPER.writeValueAsString(tree);
    }
}
