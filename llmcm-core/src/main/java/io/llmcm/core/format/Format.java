package io.llmcm.core.format;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The document formats values are imported from and exported to. Every format reads text into a
 * JSON tree and writes a tree back as text.
 *
 * <p>Errors are {@link InvalidInputException}s that say what is wrong and where (line, column) but
 * never quote the input, since a document may hold secrets. A leading byte order mark is ignored.
 *
 * <p>An empty document (nothing but blanks and comments) reads as an empty object in YAML, TOML,
 * ENV and PROPERTIES, as the empty string in TEXT, and is an error in JSON (which has no empty
 * document).
 */
public enum Format {
    /** JSON; written pretty-printed with a trailing newline. */
    JSON {
        @Override
        JsonNode parse(String text) {
            JsonNode node = Json.parse(text);
            if (node.isMissingNode()) {
                throw new InvalidInputException("not valid JSON: the document is empty");
            }
            return node;
        }

        @Override
        public String write(JsonNode tree) {
            return Json.pretty(Objects.requireNonNull(tree, "tree")) + "\n";
        }
    },
    /**
     * YAML 1.2, core schema ({@code ~} is null, {@code yes} a string, {@code 012} twelve), one
     * document per file, safe loading (tags never create objects). Anchors, aliases and {@code <<}
     * merge keys are expanded within a token budget; duplicate keys are errors. Writes without a
     * {@code ---} marker, quotes every one-line string and puts multi-line strings in literal
     * blocks; a field named {@code <<} cannot be written.
     */
    YAML {
        @Override
        JsonNode parse(String text) {
            return YamlFormat.read(text);
        }

        @Override
        public String write(JsonNode tree) {
            return YamlFormat.write(tree);
        }
    },
    /**
     * TOML 1.0. Dates and times read as strings. TOML has no null and a document is a table, so
     * writing null anywhere or a non-object fails, naming where.
     */
    TOML {
        @Override
        JsonNode parse(String text) {
            return TomlFormat.read(text);
        }

        @Override
        public String write(JsonNode tree) {
            return TomlFormat.write(tree);
        }
    },
    /**
     * Environment files ({@code .env}), to feed processes.
     *
     * <p><b>Read:</b> each variable becomes one top-level field, named exactly as in the file (no
     * nesting is rebuilt from {@code __}). {@code NAME=value}, {@code export NAME=value}, comments,
     * blank lines, {@code 'single'} and {@code "double"} quotes (with {@code \n \" \\} escapes)
     * and values holding {@code =} are understood; names must match {@code
     * [A-Za-z_][A-Za-z0-9_]*}, and each may appear once. Unquoted values are typed: exactly a JSON
     * number, {@code true}, {@code false}, {@code null}, {@code {}} or {@code []} reads as that
     * JSON value, anything else as a string; quoted values are always strings.
     *
     * <p><b>Write is lossy</b>: nested fields are joined with {@code __} ({@code
     * {"db":{"url":…}}} gives {@code DB__URL}); names are upper-cased and every character outside
     * {@code [A-Z0-9_]} becomes {@code _}; a name that would start with a digit or be empty gets a
     * leading {@code _}; two fields that end up with one name are an error naming both. Non-empty
     * arrays are written as compact JSON text (and read back as that string), fields holding null
     * are left out (null means unset), empty objects and arrays are written as {@code {}} and
     * {@code []}. Strings are quoted only when needed, including when they would read back typed
     * ({@code '8080'}).
     */
    ENV {
        @Override
        JsonNode parse(String text) {
            return EnvReader.read(text);
        }

        @Override
        public String write(JsonNode tree) {
            return EnvWriter.write(Objects.requireNonNull(tree, "tree"));
        }
    },
    /**
     * Java {@code .properties}, read with {@link java.util.Properties} semantics for escapes,
     * separators and continuation lines.
     *
     * <p>Keys are paths: {@code a.b.c} nests fields, {@code a[0]} is an array element (Spring
     * style), and a name in brackets is taken literally — {@code [gpt-4.1].top_p} or {@code
     * models[claude-3.5-sonnet]} (inside brackets {@code ]} is doubled). {@code write} brackets a
     * field name exactly when it is empty or contains {@code .}, {@code [}, {@code ]}, {@code =},
     * {@code :} or whitespace, so any tree round-trips through write and read, with two documented
     * exceptions: values are typed like ENV's unquoted values (exactly a JSON number, {@code true},
     * {@code false}, {@code null}, {@code {}} or {@code []} reads as that JSON value), so a
     * <em>string</em> such as {@code "8080"} or {@code "{}"} comes back typed; and a document is an
     * object at the top. Empty objects and arrays are written as {@code key={}} and {@code
     * key=[]}. Non-ASCII characters are written as {@code &#92;uXXXX} escapes, so the file reads the same
     * as ISO-8859-1 or UTF-8.
     *
     * <p>Errors name the line: a key given twice, a key that needs both a value and fields at one
     * place, array elements with gaps.
     */
    PROPERTIES {
        @Override
        JsonNode parse(String text) {
            return PropertiesReader.read(text);
        }

        @Override
        public String write(JsonNode tree) {
            return PropertiesWriter.write(Objects.requireNonNull(tree, "tree"));
        }
    },
    /** Raw text (prompts, PEM blocks): reads as one string; writes only strings. */
    TEXT {
        @Override
        JsonNode parse(String text) {
            return Json.NODES.stringNode(text);
        }

        @Override
        public String write(JsonNode tree) {
            if (!Objects.requireNonNull(tree, "tree").isString()) {
                throw new InvalidInputException("the text format holds only a string, and this value is "
                        + Text.kind(tree) + "; use json, yaml or toml");
            }
            return tree.stringValue();
        }
    };

    private static final String NAMES = "json, yaml, yml, toml, env, dotenv, properties, props, text, txt";

    /** Reads a document into a tree; see each format for its rules. */
    public JsonNode read(String text) {
        Objects.requireNonNull(text, "text");
        return parse(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    abstract JsonNode parse(String text);

    /** Writes a tree as a document of this format, failing clearly if the format cannot hold it. */
    public abstract String write(JsonNode tree);

    /** The lower-case name, as accepted by {@link #byName}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format named by a user ({@code --format}), case-insensitive: json, yaml|yml, toml,
     * env|dotenv, properties|props, text|txt.
     */
    public static Format byName(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "json" -> JSON;
            case "yaml", "yml" -> YAML;
            case "toml" -> TOML;
            case "env", "dotenv" -> ENV;
            case "properties", "props" -> PROPERTIES;
            case "text", "txt" -> TEXT;
            default -> throw new InvalidInputException(
                    "unknown format '" + Text.printable(n) + "'; expected one of " + NAMES);
        };
    }

    /**
     * The format a file name implies by its extension (.json .yaml .yml .toml .env .properties
     * .txt .md .prompt), or empty. A file named {@code .env} or {@code .env.<anything>} (the dotenv
     * convention: {@code .env.local}, {@code .env.production}) is ENV unless its extension says
     * otherwise. Directories in the name are ignored.
     */
    public static Optional<Format> byFileName(String fileName) {
        String f = fileName == null ? "" : fileName;
        f = f.substring(Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\')) + 1).toLowerCase(Locale.ROOT);
        int dot = f.lastIndexOf('.');
        String ext = dot < 0 ? "" : f.substring(dot + 1);
        Optional<Format> byExt = switch (ext) {
            case "json" -> Optional.of(JSON);
            case "yaml", "yml" -> Optional.of(YAML);
            case "toml" -> Optional.of(TOML);
            case "env" -> Optional.of(ENV);
            case "properties" -> Optional.of(PROPERTIES);
            case "txt", "md", "prompt" -> Optional.of(TEXT);
            default -> Optional.empty();
        };
        if (byExt.isEmpty() && f.startsWith(".env.")) {
            return Optional.of(ENV);
        }
        return byExt;
    }
}
