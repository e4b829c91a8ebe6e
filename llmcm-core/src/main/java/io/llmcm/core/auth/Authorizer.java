package io.llmcm.core.auth;

/** Decides access requests. Deny by default: anything no binding allows is refused. */
public interface Authorizer {
    Decision decide(AccessRequest request);
}
