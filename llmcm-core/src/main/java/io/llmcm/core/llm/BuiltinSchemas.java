package io.llmcm.core.llm;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.format.Format;
import io.llmcm.core.model.PathPattern;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.validation.SchemaDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The schemas shipped with the product, each a resource {@code schemas/NAME.yaml} next to this
 * class in the binding document form of {@link SchemaDocuments} ({@code pattern} is the default
 * pattern, then {@code schema}, {@code rules}, {@code checks}). {@code llmcm schema builtin apply
 * NAME} stores one as a tenant's schema binding named NAME; {@code llmcm llm init} stores them all.
 */
public final class BuiltinSchemas {
    /**
     * Every built-in schema, in the order they are listed and applied. To add one, drop its
     * {@code schemas/NAME.yaml} resource and add one line here; BuiltinSchemasTest compiles
     * every entry.
     */
    private static final List<String> NAMES = List.of(
            "openai",
            "anthropic",
            "gemini",
            "vertex",
            "bedrock",
            "azure-openai",
            "openai-compatible",
            "llm-catalog",
            "routes",
            "prompts",
            "templates");

    private static final Map<String, Builtin> ALL = load();

    private BuiltinSchemas() {}

    /**
     * A built-in schema.
     *
     * @param name its name, also the name of the binding it becomes
     * @param title one line saying what it validates (the schema's {@code title})
     * @param defaultPattern the keys it applies to unless a namespace is given
     * @param document the binding document, as shipped
     */
    public record Builtin(String name, String title, String defaultPattern, JsonNode document) {
        /** Whether it takes a namespace: false for a schema of one fixed entry, such as {@code llm/catalog}. */
        public boolean takesNamespace() {
            return defaultPattern.endsWith("/**");
        }

        /** A copy of the shipped document: the shared one must not change. */
        @Override
        public JsonNode document() {
            return document.deepCopy();
        }
    }

    /** Every built-in schema, in index order. */
    public static List<Builtin> list() {
        return List.copyOf(ALL.values());
    }

    /** The names, in index order. */
    public static List<String> names() {
        return NAMES;
    }

    /** The built-in schema of that name; {@link NotFoundException} naming the known ones otherwise. */
    public static Builtin get(String name) {
        Builtin b = ALL.get(name);
        if (b == null) {
            throw new NotFoundException("no built-in schema '" + name + "'; built-in schemas: " + String.join(", ", NAMES));
        }
        return b;
    }

    /**
     * The binding {@code llmcm schema builtin apply} stores: named after the built-in, in {@code
     * tenant}, at the default pattern or, when {@code namespace} is given (null or blank for none),
     * at {@code NAMESPACE/**}.
     */
    public static SchemaBinding binding(String tenant, String name, String namespace) {
        Builtin b = get(name);
        String pattern = null;
        if (namespace != null && !namespace.isBlank()) {
            String ns = namespace.strip();
            while (ns.endsWith("/")) {
                ns = ns.substring(0, ns.length() - 1);
            }
            if (!b.takesNamespace()) {
                throw new InvalidInputException("built-in schema '" + name + "' applies to the one entry " + b.defaultPattern()
                        + " and takes no namespace");
            }
            if (ns.isEmpty() || ns.contains("*")) {
                throw new InvalidInputException("namespace '" + namespace.strip() + "' must be a key path prefix such as models/openai, without '*'");
            }
            pattern = ns + "/**";
            PathPattern.compile(pattern);
        }
        return SchemaDocuments.parse(tenant, name, b.document, pattern);
    }

    private static Map<String, Builtin> load() {
        Map<String, Builtin> out = new LinkedHashMap<>();
        for (String name : NAMES) {
            JsonNode doc = Format.YAML.read(resource("schemas/" + name + ".yaml"));
            String title = doc.path("schema").path("title").stringValue("");
            out.put(name, new Builtin(name, title, doc.path("pattern").stringValue(), doc));
        }
        return out;
    }

    private static String resource(String path) {
        try (InputStream in = BuiltinSchemas.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("built-in schema resource " + path + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
