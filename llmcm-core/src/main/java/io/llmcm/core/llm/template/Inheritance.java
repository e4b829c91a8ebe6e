package io.llmcm.core.llm.template;

import io.llmcm.core.ValidationException;
import io.llmcm.core.Violation;
import io.llmcm.core.json.Json;
import io.llmcm.core.json.MergePatch;
import io.llmcm.core.template.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code extends}: a template's variables and entries are merged over those of the template it
 * extends with JSON Merge Patch (RFC 7396: a child's {@code null} removes what the parent set),
 * up to {@value #MAX_DEPTH} templates deep; cycles are refused. Each link must be usable by the
 * owner of the template that names it (its subtree, or shared with it).
 */
public final class Inheritance {
    /** The most templates an {@code extends} chain may hold, the template itself included. */
    public static final int MAX_DEPTH = 8;

    private Inheritance() {}

    /**
     * Resolves a template, or throws.
     *
     * @throws ValidationException listing what is wrong with the chain or the merged result
     */
    public static ResolvedTemplate resolve(Located template, TemplateLocator locator) {
        List<Violation> out = new ArrayList<>();
        ResolvedTemplate r = resolve(template, locator, out, true);
        if (r == null) {
            String source = "template " + template.display();
            throw new ValidationException(out.stream().map(v -> new Violation(v.where(), v.pointer(), v.message(), source)).toList());
        }
        return r;
    }

    /**
     * Resolves a template, adding a violation for each problem; null when there is one.
     *
     * @param strict whether a link to another tenant's template ({@code TENANT:NAME}) that cannot be
     *     looked up is a problem (at instantiation it is; a check, which cannot see other tenants,
     *     leaves such links alone and answers null without a violation)
     */
    public static ResolvedTemplate resolve(Located template, TemplateLocator locator, List<Violation> out, boolean strict) {
        int before = out.size();
        List<Located> chain = new ArrayList<>();
        List<ConfigTemplate> docs = new ArrayList<>();
        Located at = template;
        while (true) {
            ConfigTemplate doc = ConfigTemplate.parse(at.document(), out);
            if (doc == null) {
                if (at != template) {
                    out.add(ConfigTemplate.v("/extends", "the template it extends, " + at.display() + ", is not valid"));
                }
                return null;
            }
            for (Located seen : chain) {
                if (seen.display().equals(at.display())) {
                    List<String> names = new ArrayList<>(chain.stream().map(Located::display).toList());
                    names.add(at.display());
                    out.add(ConfigTemplate.v("/extends", "extends makes a cycle: " + String.join(" → ", names)));
                    return null;
                }
            }
            chain.add(at);
            docs.add(doc);
            if (doc.extendsRef() == null) {
                break;
            }
            if (chain.size() == MAX_DEPTH) {
                out.add(ConfigTemplate.v("/extends", "extends goes deeper than " + MAX_DEPTH + " templates: "
                        + String.join(" → ", chain.stream().map(Located::display).toList()) + " → …"));
                return null;
            }
            TemplateRef parentRef = TemplateRef.parse(doc.extendsRef());
            String looking = at.owner().isEmpty() ? "" : at.owner();
            Located parent = locator.locate(parentRef, looking);
            if (parent == null) {
                if (strict || parentRef.builtin() || parentRef.tenant().isEmpty()) {
                    out.add(ConfigTemplate.v("/extends", at.display() + " extends " + parentRef + ", which does not exist"
                            + (parentRef.builtin() ? " (built-in templates: " + String.join(", ", Library.NAMES) + ")" : "")));
                }
                return null;
            }
            ConfigTemplate parentDoc = ConfigTemplate.parse(parent.document(), new ArrayList<>());
            if (parentDoc != null && !looking.isEmpty() && !locator.mayUse(looking, parent, parentDoc)) {
                out.add(ConfigTemplate.v("/extends", at.display() + " extends " + parent.display()
                        + ", which is neither in tenant " + looking + "'s subtree nor shared with it"));
                return null;
            }
            at = parent;
        }
        ObjectNode variables = Json.NODES.objectNode();
        ObjectNode entries = Json.NODES.objectNode();
        for (int i = docs.size() - 1; i >= 0; i--) {
            variables = (ObjectNode) MergePatch.apply(variables, docs.get(i).variables());
            entries = (ObjectNode) MergePatch.apply(entries, docs.get(i).entries());
        }
        Variables vars = Variables.parse(variables, "/variables", true, out);
        for (Map.Entry<String, String> use : ConfigTemplate.uses(entries, "/entries").entrySet()) {
            if (vars.get(use.getKey()) == null && !variables.has(use.getKey())) {
                out.add(ConfigTemplate.v(use.getValue(), "placeholder {{" + use.getKey() + "}} is not declared in variables"
                        + (docs.size() > 1 ? " (nor in the templates it extends)" : "")));
            }
        }
        if (entries.isEmpty()) {
            out.add(ConfigTemplate.v("/entries", "the template produces no entries"));
        }
        return out.size() > before ? null : new ResolvedTemplate(chain, docs.getFirst(), vars, entries);
    }
}
