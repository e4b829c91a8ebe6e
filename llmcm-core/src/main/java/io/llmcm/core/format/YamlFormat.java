package io.llmcm.core.format;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLAnchorReplayingFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLReadFeature;
import tools.jackson.dataformat.yaml.YAMLSchema;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * YAML 1.2 with the core schema ({@code ~} and {@code null} are null, {@code true}/{@code false}
 * booleans, {@code 012} is twelve, {@code yes} is a string). Loading builds only JSON trees — tags
 * such as {@code !!java.io.File} are ignored, never used to create objects.
 *
 * <p>Anchors, aliases and {@code <<} merge keys are resolved, within a token budget (so a
 * "billion laughs" document fails instead of filling memory); keys after a {@code <<} override the
 * merged ones, and a {@code <<} after other keys is an error (it would wrongly override them).
 * Duplicate keys and a second document in the file are errors. Because {@code <<} always reads as
 * a merge key, a field named {@code <<} cannot be written.
 *
 * <p>Writing: no {@code ---} marker, strings always quoted (so {@code "yes"} or {@code "012"} stay
 * strings) except multi-line strings, which use literal blocks ({@code |}) so prompts stay readable.
 */
final class YamlFormat {
    /** Tokens one document may produce after alias expansion. */
    static final long MAX_TOKENS = 2_000_000;

    /** The merge key of YAML; the reader resolves it even when quoted, so it cannot be written. */
    private static final String MERGE_KEY = "<<";

    private static final StreamReadConstraints LIMITS =
            Json.readLimits().rebuild().maxTokenCount(MAX_TOKENS).build();

    /**
     * Custom load settings replace Jackson's defaults, so the schema is set here too, and duplicate
     * keys are let through as Jackson's defaults do (the replaying parser would otherwise reject a key
     * that overrides a merged one; {@link #check} finds real duplicates). The code point limit (3 Mi
     * by default) is raised to the product's document limit.
     */
    private static final LoadSettings LOAD = LoadSettings.builder()
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(true)
            .setCodePointLimit((int) Json.readLimits().getMaxDocumentLength())
            .build();

    /** Reads the text as written, aliases unexpanded: for the checks of {@link #check}. */
    private static final YAMLFactory CHECKER = YAMLFactory.builder()
            .loadSettings(LOAD)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(LIMITS)
            .build();

    /**
     * Builds trees, expanding aliases and merge keys. It does not look for duplicate keys: a key
     * that overrides one brought in by {@code <<} is not a duplicate, and {@link #check} has already
     * found the real ones.
     */
    private static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLAnchorReplayingFactory.builder()
                    .yamlSchema(YAMLSchema.CORE)
                    // the core schema of YAML 1.2 has no leading-zero octals: 012 is twelve
                    .disable(YAMLReadFeature.PARSE_OCTAL_NUMBERS)
                    .streamReadConstraints(LIMITS)
                    .loadSettings(LOAD)
                    .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
                    .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
                    .build())
            .build();

    private YamlFormat() {}

    static JsonNode read(String text) {
        try {
            check(text);
            JsonNode tree = MAPPER.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                return Json.NODES.objectNode();
            }
            return Canonical.of(tree, "YAML");
        } catch (StreamConstraintsException e) {
            throw new InvalidInputException("not valid YAML" + Json.location(e)
                    + ": the document exceeds a limit (length, nesting, or size after expanding aliases)");
        } catch (JacksonException e) {
            String m = String.valueOf(e.getOriginalMessage());
            String why = m.startsWith("Duplicate Object property")
                    ? ": a key appears twice in the same mapping"
                    : m.startsWith("found field '<<'") ? ": a << merge key needs a mapping or an alias of one" : "";
            throw new InvalidInputException("not valid YAML" + Json.location(e) + why);
        }
    }

    /**
     * Rejects what the tree builder would take silently: a second document, a duplicate key, and a
     * {@code <<} after other keys (the merged values would override those keys, while YAML says
     * the keys win).
     */
    private static void check(String text) {
        try (JsonParser p = CHECKER.createParser(ObjectReadContext.empty(), text)) {
            Deque<Boolean> keysSeen = new ArrayDeque<>();
            int depth = 0;
            boolean rootDone = false;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (rootDone) {
                    throw new InvalidInputException("not valid YAML: a file holds one document, and a second one starts"
                            + at(p.currentTokenLocation()));
                }
                if (t == JsonToken.PROPERTY_NAME) {
                    boolean merge = MERGE_KEY.equals(p.currentName());
                    if (merge && keysSeen.peek()) {
                        throw new InvalidInputException("not valid YAML" + at(p.currentTokenLocation())
                                + ": put the << merge key before the other keys of its mapping");
                    }
                    if (!merge) {
                        keysSeen.pop();
                        keysSeen.push(true);
                    }
                    continue;
                }
                if (t == JsonToken.START_OBJECT) {
                    keysSeen.push(false);
                } else if (t == JsonToken.END_OBJECT) {
                    keysSeen.pop();
                }
                depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
                rootDone = depth == 0;
            }
        }
    }

    static String write(JsonNode tree) {
        Objects.requireNonNull(tree, "tree");
        String bad = Trees.find(tree, (name, node) -> MERGE_KEY.equals(name));
        if (bad != null) {
            throw new InvalidInputException(
                    "YAML cannot hold a field named '<<' (it reads back as a merge key), at " + Trees.show(bad));
        }
        String yaml = MAPPER.writeValueAsString(tree);
        // the emitter still marks some root scalars (the empty string) with "--- "; it is optional
        return yaml.startsWith("--- ") ? yaml.substring(4) : yaml;
    }

    private static String at(TokenStreamLocation loc) {
        return loc == null || loc.getLineNr() < 0 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
}
