package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import tools.jackson.databind.JsonNode;

/** Assertions on RFC 9457 problem documents. */
final class Problem {
    private Problem() {}

    /** The reply is a problem document with this status and a non-empty detail; returns it. */
    static JsonNode of(TestServer.Reply r, int status) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
        return body(r.header("Content-Type"), r.body(), status);
    }

    static JsonNode of(RawHttp.Answer a, int status) {
        assertThat(a.status()).as("status of %s", a.body()).isEqualTo(status);
        return body(a.contentType(), a.body(), status);
    }

    static JsonNode body(String contentType, String body, int status) {
        assertThat(contentType).as("content type of %s", body).startsWith("application/problem+json");
        JsonNode p = Json.parse(body);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("type").asString()).startsWith("https://llmcm.dev/problems/");
        assertThat(p.get("title").asString()).isNotBlank();
        assertThat(p.get("detail").asString()).isNotBlank();
        return p;
    }

    /** The problem names the part at fault. */
    static JsonNode field(TestServer.Reply r, int status, String field) {
        JsonNode p = of(r, status);
        assertThat(p.has("field")).as("field in %s", r.body()).isTrue();
        assertThat(p.get("field").asString()).isEqualTo(field);
        return p;
    }
}
