package io.llmcm.core.llm.prompt;

import io.llmcm.core.HistoryCompactedException;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.store.HistoryEntry;
import io.llmcm.core.template.Placeholders;
import io.llmcm.core.template.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Renders a prompt stored in a repository: reads its effective value in the scope (the current
 * one, or the newest past one that had the version asked for), picks the variant, binds the
 * variables and fills the placeholders. Callers check the right to read the path first.
 */
public final class PromptRenderer {
    /** How many history versions per tenant a version lookup looks through. */
    static final int HISTORY_LIMIT = 1_000;

    private final Repository repo;

    public PromptRenderer(Repository repo) {
        this.repo = repo;
    }

    /**
     * @throws NotFoundException when the path has no value in the scope, the version asked for was
     *     never the prompt's there, or the variant does not exist
     * @throws io.llmcm.core.ValidationException when the stored prompt is not well formed or the
     *     variables do not fit (every problem listed)
     */
    public RenderedPrompt render(RenderRequest request) {
        Scope scope = request.scope();
        String path = Names.path(request.path());
        Resolved found = request.version() == null ? current(scope, path) : atVersion(scope, path, request.version());
        if (found.isSecret()) {
            throw new InvalidInputException(path + " holds a secret, not a prompt");
        }
        String source = "prompt " + path;
        PromptDocument prompt = PromptDocument.of(found.value().json(), source);
        String variant = request.variant() != null
                ? request.variant()
                : request.key() != null ? VariantPicker.pick(prompt, path, request.key()) : PromptDocument.DEFAULT;
        PromptBody body = prompt.body(variant);
        if (body == null) {
            throw new NotFoundException("prompt " + path + " has no variant '" + clip(variant) + "'; it has " + String.join(", ", prompt.variantNames()));
        }
        Map<String, JsonNode> given = new java.util.LinkedHashMap<>(prompt.variables().fromText(request.textVariables()));
        given.putAll(request.variables());
        Map<String, JsonNode> values = prompt.variables().bind(given, body.names(), source);
        if (!body.isChat()) {
            return new RenderedPrompt(fill(body.template(), values), List.of(), variant, prompt.version(), found.modRevision());
        }
        List<RenderedPrompt.Message> messages = new ArrayList<>();
        for (PromptBody.Message m : body.messages()) {
            messages.add(new RenderedPrompt.Message(m.role(), fill(m.content(), values)));
        }
        return new RenderedPrompt(null, messages, variant, prompt.version(), found.modRevision());
    }

    private static String fill(Placeholders p, Map<String, JsonNode> values) {
        return p.render(name -> Variable.text(values.get(name)));
    }

    private Resolved current(Scope scope, String path) {
        return repo.get(scope, path).orElseThrow(() -> new NotFoundException("no prompt at '" + path + "' in " + scope));
    }

    /**
     * The newest effective value of the path in the scope whose {@code version} is the one asked
     * for: every revision that wrote the path in a tenant of the scope's chain, newest first.
     */
    private Resolved atVersion(Scope scope, String path, String version) {
        if (!Semver.isValid(version)) {
            throw new InvalidInputException("version '" + clip(version) + "' is not a semantic version like 1.2.0");
        }
        TreeSet<Long> revisions = new TreeSet<>(java.util.Comparator.reverseOrder());
        for (String tenant : repo.tenantChain(scope.tenant())) {
            for (HistoryEntry h : repo.history(tenant, path, HISTORY_LIMIT)) {
                revisions.add(h.version().revision());
            }
        }
        TreeSet<String> seen = new TreeSet<>();
        boolean pruned = false;
        for (long rev : revisions) {
            Optional<Resolved> r;
            try {
                r = repo.get(scope, path, rev);
            } catch (NotFoundException | HistoryCompactedException e) {
                pruned = true; // older than the retention window: nothing older can be read either
                break;
            }
            if (r.isEmpty() || r.get().isSecret()) {
                continue;
            }
            JsonNode v = r.get().value().json().get("version");
            if (v != null && v.isString()) {
                if (v.stringValue().equals(version)) {
                    return r.get();
                }
                seen.add(v.stringValue());
            }
        }
        if (revisions.isEmpty()) {
            throw new NotFoundException("no prompt at '" + path + "' in " + scope);
        }
        throw new NotFoundException("prompt " + path + " never had version " + version + " in " + scope
                + (seen.isEmpty() ? "" : "; versions found: " + String.join(", ", seen))
                + (pruned ? " (history older than the retention window was pruned)" : ""));
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
