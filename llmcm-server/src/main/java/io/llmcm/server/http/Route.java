package io.llmcm.server.http;

import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * One registered route. The list of routes is the API: the server registers exactly these, the
 * OpenAPI test compares them with {@code openapi.yaml}, and the access test calls every one.
 *
 * @param path a Javalin path: {@code {name}} matches one segment, {@code <name>} the rest (slashes
 *     included)
 */
public record Route(HandlerType method, String path, Guard guard, Endpoint endpoint) {
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** The path as OpenAPI writes it: every parameter as {@code {name}}. */
    public String openApiPath() {
        return path.replace('<', '{').replace('>', '}');
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
