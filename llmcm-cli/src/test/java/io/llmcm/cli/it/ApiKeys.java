package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Issues an API key over the server's REST route, for tests that need a caller with fewer rights (the CLI has no command for it). */
final class ApiKeys {
    private ApiKeys() {}

    /** A new key in the tenant with the role; the secret the server shows once. */
    static String issue(String url, String adminToken, String tenant, String role) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/tenants/" + tenant + "/api-keys"))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"it-" + role + "\",\"role\":\"" + role + "\"}"))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("issuing an API key: %s", r.body()).isEqualTo(201);
            return Json.parse(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("key").asString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
