package io.llmcm.server.http;

import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/** Collects routes; each route group adds its own. */
public final class Routes {
    private final List<Route> routes = new ArrayList<>();

    public Routes get(String path, Guard guard, Endpoint endpoint) {
        return add(HandlerType.GET, path, guard, endpoint);
    }

    public Routes put(String path, Guard guard, Endpoint endpoint) {
        return add(HandlerType.PUT, path, guard, endpoint);
    }

    public Routes post(String path, Guard guard, Endpoint endpoint) {
        return add(HandlerType.POST, path, guard, endpoint);
    }

    public Routes delete(String path, Guard guard, Endpoint endpoint) {
        return add(HandlerType.DELETE, path, guard, endpoint);
    }

    public Routes add(HandlerType method, String path, Guard guard, Endpoint endpoint) {
        routes.add(new Route(method, path, guard, endpoint));
        return this;
    }

    public List<Route> list() {
        return List.copyOf(routes);
    }
}
