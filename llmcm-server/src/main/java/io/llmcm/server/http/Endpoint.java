package io.llmcm.server.http;

import io.javalin.http.Context;

/** A route's handler: a plain function of the HTTP context and the authenticated call. */
@FunctionalInterface
public interface Endpoint {
    void handle(Context ctx, Call call) throws Exception;
}
