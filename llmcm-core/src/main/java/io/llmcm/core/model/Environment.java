package io.llmcm.core.model;

/**
 * An environment. {@code base} is the root; every other environment has one parent, fixed at
 * creation. Defaults: {@code dev}, {@code staging}, {@code prod} → {@code base}; {@code edge} →
 * {@code prod}.
 *
 * @param name environment name
 * @param parent parent environment, null only for {@code base}
 */
public record Environment(String name, String parent) {
    public Environment {
        Names.environment(name);
        if (name.equals(Layer.BASE_ENV)) {
            if (parent != null) {
                throw new io.llmcm.core.InvalidInputException("the root environment 'base' has no parent");
            }
        } else if (parent == null) {
            throw new io.llmcm.core.InvalidInputException("environment '" + name + "' needs a parent (base, or another environment)");
        } else {
            Names.environment(parent);
        }
    }
}
