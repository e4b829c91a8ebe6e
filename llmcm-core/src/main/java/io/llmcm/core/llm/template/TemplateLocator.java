package io.llmcm.core.llm.template;

/** Finds templates by name: the built-in library and the stored ones. */
public interface TemplateLocator {
    /**
     * The template a name means to tenant {@code from}, or null when there is none (or it cannot be
     * looked up from here).
     */
    Located locate(TemplateRef ref, String from);

    /** Whether {@code tenant} is {@code owner} or below it. */
    boolean inSubtree(String tenant, String owner);

    /**
     * Whether {@code tenant} may use a template (instantiate it, or extend it from a template it
     * owns): built-in ones are everyone's; stored ones belong to the owner's subtree and to the
     * tenants the template is shared with.
     */
    default boolean mayUse(String tenant, Located template, ConfigTemplate doc) {
        return template.owner().isEmpty() || inSubtree(tenant, template.owner()) || doc.sharedWith(tenant);
    }
}
