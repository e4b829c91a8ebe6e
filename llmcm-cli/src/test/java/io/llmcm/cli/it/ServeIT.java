package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.llmcm.cli.command.ServeCommand;
import io.llmcm.core.json.Json;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code llmcm serve} as a process: plain start-up lines, then JSON log lines with request and
 * trace ids (access lines at debug), spans to an OTLP/HTTP receiver, and no secret in any log byte.
 */
class ServeIT {
    @TempDir
    Path dir;

    @Test
    void logsJsonLinesWithRequestAndTraceIdsAndNeverASecret() throws Exception {
        List<byte[]> spans = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/traces", ex -> {
            try (ex) {
                spans.add(ex.getRequestBody().readAllBytes());
                ex.sendResponseHeaders(200, 0);
            }
        });
        receiver.start();

        String secret = "sk-live-" + UUID.randomUUID();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("llmcm.jar"),
                "serve", "--store", dir.resolve("data").toString(), "--port", "0", "--log-level", "debug",
                "--otlp-endpoint", "http://127.0.0.1:" + receiver.getAddress().getPort()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("LLMCM_") || k.startsWith("OTEL_"));
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errPump = Thread.ofPlatform().start(() -> copy(p.getErrorStream(), err));
        String key = null;
        int port = -1;
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
                if (line.startsWith(ServeCommand.KEY_LINE)) {
                    key = line.substring(ServeCommand.KEY_LINE.length());
                }
                if (line.startsWith("llmcm serving http://127.0.0.1:")) {
                    port = Integer.parseInt(line.replaceFirst("^llmcm serving http://127\\.0\\.0\\.1:(\\d+) .*$", "$1"));
                    break;
                }
            }
            assertThat(key).as("the one-time key line").isNotNull();
            assertThat(port).as("the serving line").isPositive();
            Thread outPump = Thread.ofPlatform().start(() -> { // the rest, through the same (buffering) reader
                try {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        synchronized (out) {
                            out.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            String token = "Bearer " + key;
            assertThat(send(http, HttpRequest.newBuilder(URI.create(base + "/v1/tenants/global/secrets/providers/openai/api-key"))
                    .header("Authorization", token).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"" + secret + "\"}")))).isEqualTo(200);
            assertThat(send(http, HttpRequest.newBuilder(URI.create(base + "/v1/tenants/global/secrets/providers/openai/other"))
                    .header("Authorization", token).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"x\",\"expires\":\"" + secret + "\"}")))).isEqualTo(400);
            assertThat(send(http, HttpRequest.newBuilder(URI.create(base + "/v1/tenants/global/config/models/chat"))
                    .header("Authorization", token).header("Content-Type", "application/json")
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"apiKey\":\"" + secret + "\"}")))).isEqualTo(200);
            assertThat(send(http, HttpRequest.newBuilder(URI.create(base + "/v1/tenants/global/config/models/chat"))
                    .header("Authorization", token).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").GET())).isEqualTo(200);

            // a request's access line is written after its response: wait for the last one
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (accessLines(out) < 4 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            p.destroy(); // SIGTERM: the shutdown hook stops the server and flushes the spans
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            outPump.join();
            errPump.join();
        } finally {
            p.destroyForcibly();
            receiver.stop(0);
        }

        byte[] logs = out.toByteArray();
        assertThat(new String(logs, StandardCharsets.UTF_8)).doesNotContain(secret);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
        assertThat(indexOf(logs, secret.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);

        List<String> all = new String(logs, StandardCharsets.UTF_8).lines().toList();
        int serving = 0;
        while (!all.get(serving).startsWith("llmcm serving ")) {
            serving++;
        }
        List<JsonNode> access = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String line = all.get(i);
            if (i <= serving && !line.startsWith("{")) {
                continue; // a start-up line for people and scripts
            }
            JsonNode j = Json.parse(line);
            assertThat(j.has("timestamp") && j.has("level") && j.has("logger") && j.has("message")).as(line).isTrue();
            if (j.get("logger").asString().equals("llmcm.access")) {
                access.add(j);
            }
        }
        assertThat(access).hasSize(4);
        for (JsonNode a : access) {
            assertThat(a.get("level").asString()).isEqualTo("DEBUG");
            assertThat(a.get("requestId").asString()).isNotBlank();
            assertThat(a.get("traceId").asString()).hasSize(32);
            assertThat(a.get("spanId").asString()).hasSize(16);
            assertThat(a.get("route").asString()).startsWith("/v1/tenants/{tenant}/");
            assertThat(a.has("method") && a.has("status") && a.has("durationMicros")).isTrue();
        }
        assertThat(access.get(2).get("traceId").asString()).isEqualTo(traceId);
        assertThat(access.get(1).get("status").asString()).isEqualTo("400");

        ByteArrayOutputStream exported = new ByteArrayOutputStream();
        spans.forEach(exported::writeBytes);
        assertThat(indexOf(exported.toByteArray(), "PUT /v1/tenants/{tenant}/secrets/<path>".getBytes(StandardCharsets.UTF_8))).isNotNegative();
        assertThat(indexOf(exported.toByteArray(), secret.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }

    private static long accessLines(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"logger\":\"llmcm.access\"")).count();
        }
    }

    private static int send(HttpClient http, HttpRequest.Builder r) throws IOException, InterruptedException {
        return http.send(r.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void copy(InputStream in, ByteArrayOutputStream to) {
        try {
            byte[] buf = new byte[8192];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                synchronized (to) {
                    to.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
