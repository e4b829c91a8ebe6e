package io.llmcm.core.validation;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.ValidationLimitExceededException;
import com.networknt.schema.dialect.DialectId;
import com.networknt.schema.path.PathType;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.Violation;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * JSON Schema on networknt: checking a schema document, compiling it, and running it.
 *
 * <p>Offline by construction: the loader never fetches remote resources (networknt's default),
 * and on top of that it refuses every IRI except the bundled meta-schemas, so {@code $ref} to
 * {@code http:}, {@code file:} or {@code classpath:} fails when the schema is set, at once.
 */
final class JsonSchemas {
    static final String DRAFT_2020_12 = DialectId.DRAFT_2020_12;
    static final String DRAFT_2019_09 = DialectId.DRAFT_2019_09;
    /** Evaluation limits: a schema runs in the commit path, so it must not run away. */
    static final long MAX_STEPS = 5_000_000;

    static final int MAX_DEPTH = 128;

    private static final SchemaRegistryConfig CONFIG = SchemaRegistryConfig.builder()
            .pathType(PathType.JSON_POINTER) // instance locations become RFC 6901 pointers
            .formatAssertionsEnabled(true) // "format": "uri" is checked, not only annotated
            .regularExpressionFactory(Re2RegexFactory.INSTANCE)
            .build();

    private static final ExecutionConfig LIMITS = ExecutionConfig.builder()
            .formatAssertionsEnabled(true)
            .maxEvaluationSteps(MAX_STEPS)
            .maxEvaluationDepth(MAX_DEPTH)
            .build();

    private JsonSchemas() {}

    /** Thrown by the loader for any IRI it will not load; found again in the cause chain. */
    private static final class ExternalReference extends RuntimeException {
        ExternalReference(AbsoluteIri iri) {
            super(iri.toString(), null, false, false);
        }
    }

    private static boolean onlyMetaSchemas(AbsoluteIri iri) {
        String s = iri.toString();
        if (s.startsWith("https://json-schema.org/draft/2020-12/") || s.startsWith("https://json-schema.org/draft/2019-09/")) {
            return true; // bundled in the networknt jar, read from the classpath
        }
        throw new ExternalReference(iri);
    }

    private static SchemaRegistry newRegistry() {
        // a registry per schema: its cache is keyed by $id, and one tenant's $id must never
        // resolve to another tenant's document
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemaRegistryConfig(CONFIG)
                .schemaLoader(loader -> loader.allow(JsonSchemas::onlyMetaSchemas)));
    }

    /** The two meta-schemas, loaded once (about 100 ms) on first use and shared. */
    private static final class MetaSchemas {
        static final Schema V2020_12 = load(DRAFT_2020_12);
        static final Schema V2019_09 = load(DRAFT_2019_09);

        private static Schema load(String id) {
            Schema meta = newRegistry().getSchema(SchemaLocation.of(id));
            meta.initializeValidators();
            return meta;
        }
    }

    /**
     * Checks a schema document against its meta-schema and compiles it, resolving every {@code
     * $ref} now. Throws {@link InvalidInputException} saying what is wrong and where.
     */
    static Schema compile(JsonNode schemaNode) {
        if (!schemaNode.isObject()) {
            throw new InvalidInputException("the schema must be a JSON object");
        }
        String dialect = dialect(schemaNode);
        Schema meta = dialect.equals(DRAFT_2019_09) ? MetaSchemas.V2019_09 : MetaSchemas.V2020_12;
        List<Error> problems = meta.validate(schemaNode);
        if (!problems.isEmpty()) {
            List<SchemaErrorMessages.Located> located = SchemaErrorMessages.describe(problems, true);
            SchemaErrorMessages.Located first = located.getFirst();
            throw new InvalidInputException("the schema is not a valid JSON Schema: "
                    + (first.pointer().isEmpty() ? "at the top level" : "at " + first.pointer()) + ": " + first.message()
                    + (located.size() > 1 ? " (and " + (located.size() - 1) + " more problems)" : ""));
        }
        try {
            Schema schema = newRegistry().getSchema(schemaNode);
            schema.initializeValidators(); // resolve all $refs now, not lazily on some writer's thread
            return schema;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ExternalReference ref) {
                    throw new InvalidInputException("the schema refers to '" + ref.getMessage()
                            + "', which is not loaded: only references inside the schema (\"$ref\": \"#/$defs/...\") and to"
                            + " the JSON Schema meta-schemas work, and nothing is fetched from the network");
                }
            }
            throw new InvalidInputException("the schema is not valid: " + rootMessage(e));
        }
    }

    private static String dialect(JsonNode schemaNode) {
        JsonNode declared = schemaNode.get("$schema");
        if (declared == null) {
            return DRAFT_2020_12;
        }
        String id = declared.isString() ? declared.stringValue() : declared.toString();
        String normalized = id.endsWith("#") ? id.substring(0, id.length() - 1) : id;
        if (normalized.equals(DRAFT_2020_12) || normalized.equals(DRAFT_2019_09)) {
            return normalized;
        }
        throw new InvalidInputException("$schema '" + id + "' is not supported; use " + DRAFT_2020_12
                + " (the default when $schema is absent) or " + DRAFT_2019_09);
    }

    /** Runs a compiled schema; problems with the schema itself become violations, never exceptions. */
    static List<Violation> validate(Schema schema, JsonNode value, String source) {
        List<Error> errors;
        try {
            errors = schema.validate(value, ctx -> ctx.setExecutionConfig(LIMITS));
        } catch (ValidationLimitExceededException e) {
            String why = switch (e.getLimitKind()) {
                case EVALUATION_DEPTH -> "evaluation nests deeper than " + MAX_DEPTH + " levels (does a $ref refer to itself?)";
                default -> "it takes more than " + MAX_STEPS + " evaluation steps";
            };
            return List.of(new Violation("", "", "the value could not be checked against the schema: " + why, source));
        } catch (RuntimeException e) {
            return List.of(new Violation("", "", "the schema could not be evaluated: " + rootMessage(e), source));
        }
        List<Violation> out = new ArrayList<>(errors.size());
        for (SchemaErrorMessages.Located l : SchemaErrorMessages.describe(errors, false)) {
            out.add(new Violation("", l.pointer(), l.message(), source));
        }
        return out;
    }

    /** The most specific message in a cause chain (networknt wraps, e.g. regex errors). */
    private static String rootMessage(Throwable e) {
        String msg = e.toString();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                msg = t.getMessage();
            }
        }
        msg = msg.strip();
        if (msg.startsWith(":")) {
            msg = msg.substring(1).strip(); // networknt prefixes an empty location
        }
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }
}
