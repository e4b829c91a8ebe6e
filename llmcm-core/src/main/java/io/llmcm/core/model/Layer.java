package io.llmcm.core.model;

import java.util.Objects;

/**
 * Where inside a tenant an entry sits: an environment ({@code base} by default) and optionally a
 * service. The service layer is applied after every environment layer (see {@code Resolver}).
 *
 * @param env environment name
 * @param service service name, or "" for none
 */
public record Layer(String env, String service) {
    public static final String BASE_ENV = "base";
    public static final Layer BASE = new Layer(BASE_ENV, "");

    public Layer {
        Names.environment(env);
        service = Objects.requireNonNullElse(service, "");
        if (!service.isEmpty()) {
            Names.service(service);
        }
    }

    public static Layer of(String env) {
        return new Layer(env, "");
    }

    public static Layer of(String env, String service) {
        return new Layer(env, service);
    }

    public boolean hasService() {
        return !service.isEmpty();
    }

    /** {@code prod}, or {@code prod:chat} with a service. */
    @Override
    public String toString() {
        return service.isEmpty() ? env : env + ":" + service;
    }
}
