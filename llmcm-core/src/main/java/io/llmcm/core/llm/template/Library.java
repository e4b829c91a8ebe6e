package io.llmcm.core.llm.template;

import io.llmcm.core.format.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The configuration templates shipped with the product, addressed as {@code builtin/NAME}: YAML
 * resources in {@code io/llmcm/core/llm/templates/}. Each is checked by a test like any stored
 * template, and its output by the provider deployment format.
 */
public final class Library {
    /** The shipped templates, in the order lists show them. */
    public static final List<String> NAMES = List.of("chat-service", "rag-pipeline", "gateway-fallbacks");

    private static final Map<String, JsonNode> TEMPLATES = load();

    private Library() {}

    private static Map<String, JsonNode> load() {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (String name : NAMES) {
            String resource = "io/llmcm/core/llm/templates/" + name + ".yaml";
            try (InputStream in = Library.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + resource + " is missing from the build");
                }
                m.put(name, Format.YAML.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return m;
    }

    /** The document of a shipped template (a fresh copy), or null. */
    public static JsonNode get(String name) {
        JsonNode t = TEMPLATES.get(name);
        return t == null ? null : t.deepCopy();
    }
}
