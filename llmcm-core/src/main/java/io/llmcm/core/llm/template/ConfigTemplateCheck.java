package io.llmcm.core.llm.template;

import io.llmcm.core.Violation;
import io.llmcm.core.validation.Check;
import io.llmcm.core.validation.ValidationContext;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code config-template}: a configuration template is well formed ({@link ConfigTemplate}), and
 * with what it extends in the same scope or the built-in library ({@link Inheritance}) its
 * placeholders are all declared, its merged variables are valid and there is no cycle. A
 * template extending one of another tenant ({@code TENANT:NAME}) cannot be followed from here
 * (a check sees its own scope only); instantiation checks that link.
 */
public final class ConfigTemplateCheck implements Check {
    public static final String NAME = "config-template";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean readsOtherEntries() {
        return true; // the templates it extends
    }

    @Override
    public List<Violation> check(JsonNode value, ValidationContext context) {
        List<Violation> out = new ArrayList<>();
        try {
            if (ConfigTemplate.parse(value, out) == null) {
                return out;
            }
            TemplateLocator locator = new ContextLocator(context);
            Inheritance.resolve(new Located(new TemplateRef(false, "", Located.SELF), "", value, 0), locator, out, false);
        } catch (RuntimeException e) {
            out.add(new Violation("", "", "the template could not be read (" + e.getClass().getSimpleName() + ")", ""));
        }
        return out;
    }

    /** Templates of the checked scope and the library; other tenants are out of sight. */
    private record ContextLocator(ValidationContext context) implements TemplateLocator {
        @Override
        public Located locate(TemplateRef ref, String from) {
            if (ref.builtin()) {
                JsonNode doc = Library.get(ref.name());
                return doc == null ? null : new Located(ref, "", doc, 0);
            }
            if (!ref.tenant().isEmpty() && !ref.tenant().equals(context.tenant())) {
                return null;
            }
            JsonNode doc = context.config(ref.path());
            // no owner: the scope shows its own and its ancestors' templates alike, and a name says enough
            return doc == null ? null : new Located(ref, "", doc, 0);
        }

        @Override
        public boolean inSubtree(String tenant, String owner) {
            return tenant.equals(owner);
        }
    }
}
