package io.llmcm.cli;

import io.llmcm.core.json.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code --var NAME=VALUE} (text, converted to the variable's declared type) and
 * {@code --vars-file FILE} (a JSON or YAML object of typed values) for commands that render
 * templates. When both name one variable, the file's typed value wins.
 */
public final class VarOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "a variable's value as text (converted to its declared type; repeatable)")
    List<String> vars = List.of();

    @Option(names = "--vars-file", paramLabel = "FILE", description = "a JSON or YAML object of variable values (typed)")
    Path varsFile;

    /** The {@code --var} values by name. */
    public Map<String, String> text() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String v : vars) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw new CliException(CliException.USAGE, "--var takes NAME=VALUE (a variable name, '=', its value)");
            }
            m.put(v.substring(0, eq), v.substring(eq + 1));
        }
        return m;
    }

    /** The {@code --vars-file} values by name (none without the option). */
    public Map<String, JsonNode> typed() {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        if (varsFile == null) {
            return m;
        }
        Inputs.Source source = new Inputs.Source(Inputs.readFile(varsFile), varsFile);
        JsonNode doc;
        try {
            doc = Inputs.formatOf(source, null).read(source.text());
        } catch (io.llmcm.core.LlmcmException e) {
            throw new CliException(CliException.USAGE, "--vars-file " + varsFile + " is not valid JSON or YAML: " + e.getMessage());
        }
        if (!doc.isObject()) {
            throw new CliException(CliException.USAGE, "--vars-file " + varsFile + " must hold an object: variable name → value");
        }
        doc.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    /**
     * The process environment's variables whose names start with {@code prefix}, by the rest of the
     * name in lower case ({@code APP_MAX_TOKENS} with prefix {@code APP_} → {@code max_tokens}).
     */
    public static Map<String, String> fromEnvironment(Map<String, String> env, String prefix) {
        Map<String, String> m = new java.util.TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                m.put(k.substring(prefix.length()).toLowerCase(Locale.ROOT), v);
            }
        });
        return m;
    }

    /** An object of text values for a request body. */
    public static JsonNode textNode(Map<String, String> text) {
        var o = Json.NODES.objectNode();
        text.forEach(o::put);
        return o;
    }

    /** An object of typed values for a request body. */
    public static JsonNode typedNode(Map<String, JsonNode> typed) {
        var o = Json.NODES.objectNode();
        typed.forEach(o::set);
        return o;
    }
}
