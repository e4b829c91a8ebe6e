package io.llmcm.core.llm.template;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.model.Names;

/**
 * How a template is named: {@code builtin/NAME} (the shipped library), {@code TENANT:NAME} (the
 * template {@code templates/NAME} as tenant TENANT sees it), or {@code NAME} (as the tenant
 * looking sees it: its own or an ancestor's).
 *
 * @param tenant "" for a builtin or a relative name
 */
public record TemplateRef(boolean builtin, String tenant, String name) {
    public static final String BUILTIN = "builtin/";
    /** Where stored templates live. */
    public static final String PREFIX = "templates/";

    /**
     * @throws InvalidInputException saying what a template name looks like
     */
    public static TemplateRef parse(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw new InvalidInputException("template name is empty");
        }
        if (ref.startsWith(BUILTIN)) {
            String name = ref.substring(BUILTIN.length());
            if (!Names.isValidPath(name) || name.contains("/")) {
                throw new InvalidInputException("'" + clip(ref) + "' is not a built-in template name like builtin/chat-service");
            }
            return new TemplateRef(true, "", name);
        }
        int colon = ref.indexOf(':');
        String tenant = colon < 0 ? "" : ref.substring(0, colon);
        String name = colon < 0 ? ref : ref.substring(colon + 1);
        if (colon >= 0) {
            try {
                Names.tenant(tenant);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("'" + clip(ref) + "' does not start with a tenant name before ':'");
            }
        }
        if (!Names.isValidPath(name) || name.startsWith(BUILTIN)) {
            throw new InvalidInputException("'" + clip(ref) + "' is not a template name: NAME (a key path below templates/), TENANT:NAME or builtin/NAME");
        }
        return new TemplateRef(false, tenant, name);
    }

    public static boolean isValid(String ref) {
        try {
            parse(ref);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /** The key path of a stored template. */
    public String path() {
        return PREFIX + name;
    }

    @Override
    public String toString() {
        return builtin ? BUILTIN + name : tenant.isEmpty() ? name : tenant + ":" + name;
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
