package io.llmcm.core.llm.template;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.PermissionDeniedException;
import io.llmcm.core.ValidationException;
import io.llmcm.core.Violation;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.template.Placeholders;
import io.llmcm.core.template.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Instantiates a configuration template into a tenant and environment: finds it (and checks the
 * tenant may use it), merges what it extends, takes each variable from the values given, else
 * its {@code from} source, else its default, renders every entry, and then commits them as one
 * change, which the target's schemas validate like any other (a dry run previews instead).
 * Nothing is written unless every entry is valid. Callers check the caller's permissions first.
 */
public final class Instantiator {
    private final Repository repo;
    private final TemplateLocator locator;

    public Instantiator(Repository repo) {
        this.repo = repo;
        this.locator = new RepositoryLocator(repo);
    }

    /**
     * The template a tenant means by a name, if the tenant may use it.
     *
     * @throws NotFoundException when there is none
     * @throws PermissionDeniedException when it belongs to a tenant outside the target's chain
     *     and is not shared with the target
     */
    public Located find(String template, String tenant) {
        TemplateRef ref = TemplateRef.parse(template);
        repo.tenant(tenant);
        Located found = locator.locate(ref, tenant);
        if (found == null) {
            throw new NotFoundException(ref.builtin()
                    ? "no built-in template '" + ref.name() + "'; built-in templates: " + String.join(", ", Library.NAMES)
                    : "no template " + ref.path() + " " + (ref.tenant().isEmpty() ? "in tenant " + tenant + " or above it" : "in tenant " + ref.tenant()));
        }
        ConfigTemplate doc = ConfigTemplate.parse(found.document(), new ArrayList<>());
        if (doc != null && !locator.mayUse(tenant, found, doc)) {
            throw new PermissionDeniedException("template " + found.display() + " belongs to tenant " + found.owner()
                    + ", whose subtree does not hold tenant " + tenant + ", and is not shared with it (shared_with)");
        }
        return found;
    }

    /** The template with what it extends merged in. */
    public ResolvedTemplate resolve(String template, String tenant) {
        return Inheritance.resolve(find(template, tenant), locator);
    }

    /**
     * Renders and commits (or previews) an instantiation.
     *
     * @throws ValidationException when a variable is missing, undeclared or mistyped, an entry
     *     path does not render to a key path, or (not in a dry run) the target's schemas refuse
     *     the entries; nothing is written then
     */
    public Instantiation instantiate(InstantiateRequest request) {
        return instantiate(request, entries -> {}, repo::commit);
    }

    /**
     * The same, calling {@code beforeWrite} with the rendered entries before they are checked or
     * committed (a server authorizes the write of each there; it throws to stop), and committing
     * through {@code commit} (a server's audited write path).
     */
    public Instantiation instantiate(InstantiateRequest request, java.util.function.Consumer<List<Instantiation.Entry>> beforeWrite,
            java.util.function.Function<ChangeRequest, io.llmcm.core.repo.CommitResult> commit) {
        Names.environment(request.env());
        ResolvedTemplate t = resolve(request.template(), request.tenant());
        String source = "template " + t.located().display();
        Scope scope = Scope.of(request.tenant(), request.env());
        Map<String, JsonNode> given = new LinkedHashMap<>(t.variables().fromText(request.textVariables()));
        given.putAll(request.variables());
        List<Violation> problems = new ArrayList<>();
        for (Variable v : t.variables().all()) {
            if (v.from() != null && (given.get(v.name()) == null || given.get(v.name()).isNull())) {
                JsonNode fromSource = fromSource(v, scope, source, problems);
                if (fromSource != null) {
                    given.put(v.name(), fromSource);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        Map<String, JsonNode> values = t.variables().bind(given, ConfigTemplate.placeholders(t.entries()), source);
        List<Instantiation.Entry> entries = new ArrayList<>();
        for (var e : t.entries().properties()) {
            if (e.getValue().isNull()) {
                continue; // removed by a template extending this one
            }
            String pointer = "/entries/" + ConfigTemplate.escape(e.getKey());
            String path = Placeholders.parse(e.getKey()).render(name -> Variable.text(values.get(name)));
            if (!Names.isValidPath(path)) {
                // the rendered path is not quoted: it holds values, which may be anything
                problems.add(new Violation("", pointer, "entry path '" + ConfigTemplate.clip(e.getKey()) + "' does not render to a key path with the values of "
                        + String.join(", ", Placeholders.parse(e.getKey()).names()) + " (segments of letters, digits, '_', '.' and '-' separated by '/')", source));
                continue;
            }
            entries.add(new Instantiation.Entry(path, render(e.getValue(), values)));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        beforeWrite.accept(List.copyOf(entries));
        ChangeRequest.Builder b = ChangeRequest.by(request.author()).message(request.message().isEmpty()
                ? "instantiate template " + t.located().display() + " " + t.version()
                : request.message());
        for (Instantiation.Entry e : entries) {
            try {
                b.put(EntryKey.of(request.tenant(), e.path(), Layer.of(request.env())), Value.of(e.value()));
            } catch (InvalidInputException ex) {
                throw new InvalidInputException("entry " + e.path() + ": " + ex.getMessage());
            }
        }
        ChangeRequest change = b.build();
        if (request.dryRun()) {
            return new Instantiation(t.located().display(), t.version(), entries, repo.dryRun(change), null);
        }
        return new Instantiation(t.located().display(), t.version(), entries, null, commit.apply(change));
    }

    /** A variable's value from its source: the target's environment or tenant name, or a config value there. */
    private JsonNode fromSource(Variable v, Scope scope, String source, List<Violation> problems) {
        String from = v.from();
        if (from.equals(io.llmcm.core.template.Sources.ENVIRONMENT)) {
            return Json.NODES.stringNode(scope.env());
        }
        if (from.equals(io.llmcm.core.template.Sources.TENANT)) {
            return Json.NODES.stringNode(scope.tenant());
        }
        String path = io.llmcm.core.template.Sources.configPath(from);
        Optional<Resolved> r = repo.get(scope, path);
        if (r.isEmpty()) {
            return null; // then the default, or "required but not given"
        }
        if (r.get().isSecret()) {
            problems.add(new Violation("", "/variables/" + v.name(), "variable '" + v.name() + "' reads " + from
                    + ", which is a secret; a template puts a ${secret:" + path + "} reference in instead", source));
            return null;
        }
        JsonNode at = r.get().value().json().at(io.llmcm.core.template.Sources.configPointer(from));
        return at.isMissingNode() ? null : at;
    }

    /** A value template with the variables filled in: a string that is exactly one placeholder takes the typed value. */
    static JsonNode render(JsonNode node, Map<String, JsonNode> values) {
        if (node.isString()) {
            Placeholders p = Placeholders.parse(node.stringValue());
            if (p.isSinglePlaceholder()) {
                return values.get(((Placeholders.Var) p.segments().getFirst()).name()).deepCopy();
            }
            return Json.NODES.stringNode(p.render(name -> Variable.text(values.get(name))));
        }
        if (node.isObject()) {
            ObjectNode o = Json.NODES.objectNode();
            for (var e : node.properties()) {
                o.set(e.getKey(), render(e.getValue(), values));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = Json.NODES.arrayNode();
            for (JsonNode item : node.values()) {
                a.add(render(item, values));
            }
            return a;
        }
        return node.deepCopy();
    }
}
