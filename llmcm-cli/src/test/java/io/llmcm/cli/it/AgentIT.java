package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import io.llmcm.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code llmcm agent} and {@code llmcm watch} as processes against a real {@code llmcm serve}: the
 * agent answers what the server answers (bodies and headers), follows changes into its reads and
 * rendered files, runs --exec once per change, keeps the last good file when a template fails,
 * keeps serving when the server is gone and starts from its snapshot directory with the server
 * down; secrets never in plaintext in its answers or logs, and in a file only with
 * --reveal-secrets. The processes are started once and checked for several things.
 */
class AgentIT {
    static final String TOKEN = "it-agent-token-7d3b91c5e2";
    static final String SECRET = "sk-agent-plaintext-5f2e8a91c7";
    private static final Pattern SERVING = Pattern.compile("llmcm agent serving (http://127\\.0\\.0\\.1:\\d+) ");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    /** Every byte the agents answered, scanned for the secret at the end. */
    private final ByteArrayOutputStream answered = new ByteArrayOutputStream();

    @AfterEach
    void stop() throws Exception {
        while (!running.isEmpty()) {
            running.pop().close();
        }
    }

    private <T extends AutoCloseable> T started(T p) {
        running.push(p);
        return p;
    }

    private LlmcmProcess agent(String server, Path snapshots, String... more) {
        List<String> args = new ArrayList<>(List.of("agent", "-t", "acme", "-e", "prod", "--listen", "127.0.0.1:0", "--snapshot-dir", snapshots.toString()));
        args.addAll(List.of(more));
        return started(new LlmcmProcess(args, Map.of("LLMCM_SERVER", server, "LLMCM_TOKEN", TOKEN), SERVING));
    }

    @Test
    void agentFollowsServesRendersReloadsAndOutlivesTheServer() throws Exception {
        Path store = dir.resolve("data");
        Path out = Files.createDirectories(dir.resolve("out"));
        Path snapshots = dir.resolve("snapshots");
        Path marker = dir.resolve("reloaded");
        Path appTemplate = Files.writeString(dir.resolve("app.tmpl"),
                "model={{ models/chat#/model }}\ntemperature={{models/chat#/temperature}}\nprompt={{ prompts/sys }}\n");
        Path keyTemplate = Files.writeString(dir.resolve("key.tmpl"), "key={{ providers/openai/key }}\n");
        Path app = out.resolve("app.conf");
        Path maskedKey = out.resolve("key-masked.conf");
        Path revealedKey = out.resolve("key.conf");
        Path prompt = Files.writeString(dir.resolve("prompt.txt"), "Be brief.");

        ServerProcess server = started(new ServerProcess(store, TOKEN));
        String url = server.url();
        Llmcm cli = Llmcm.jar(store).without("LLMCM_STORE").env("LLMCM_CONFIG_DIR", dir.resolve("config").toString())
                .env("LLMCM_SERVER", url).env("LLMCM_TOKEN", TOKEN);
        cli.run("tenant", "create", "acme").ok();
        cli.run("set", "models/chat", "{\"model\":\"gpt-4o\",\"temperature\":0.2}", "-t", "acme", "-e", "prod").ok();
        cli.run("set", "prompts/sys", "@" + prompt, "-t", "acme").ok();
        cli.runWithInput(SECRET + "\n", "secret", "set", "providers/openai/key", "-", "-t", "acme").ok();

        LlmcmProcess agent = agent(url, snapshots, "--template", appTemplate + ":" + app, "--template", keyTemplate + ":" + maskedKey,
                "--exec", "printf x >> " + marker);
        // the revealing agent signals a process when its file changes
        Path pidFile = dir.resolve("app.pid");
        Path signalled = dir.resolve("signalled");
        Process application = new ProcessBuilder("/bin/sh", "-c", "trap 'echo usr1 >> " + signalled + "' USR1; echo $$ > " + pidFile
                + "; while true; do sleep 0.1; done").start();
        running.push(application::destroyForcibly);
        await("the application wrote its pid file", () -> read(pidFile).endsWith("\n"));
        LlmcmProcess revealing = agent(url, dir.resolve("snapshots-revealing"), "--reveal-secrets", "--template", keyTemplate + ":" + revealedKey,
                "--signal", "USR1", "--pid-file", pidFile.toString());
        String a = agent.matched();

        // the same answers as the server, from memory
        long revision = get(url + "/v1/tenants/acme/config?env=prod", TOKEN).headers().firstValueAsLong("X-Revision").orElseThrow();
        assertThat(agent.output()).contains("llmcm agent serving " + a + " (acme:prod, revision " + revision + ")");
        for (String path : List.of("/v1/tenants/acme/config/models/chat?env=prod", "/v1/tenants/acme/config/prompts/sys?env=prod",
                "/v1/tenants/acme/config/providers/openai/key?env=prod", "/v1/tenants/acme/config?env=prod",
                "/v1/tenants/acme/config?env=prod&prefix=models/")) {
            HttpResponse<byte[]> fromServer = get(url + path, TOKEN);
            HttpResponse<byte[]> fromAgent = get(a + path, null);
            assertThat(fromAgent.statusCode()).as(path).isEqualTo(200);
            assertThat(new String(fromAgent.body(), StandardCharsets.UTF_8)).as(path).isEqualTo(new String(fromServer.body(), StandardCharsets.UTF_8));
            for (String h : List.of("Content-Type", "ETag", "X-Revision", "X-Mod-Revision", "X-Value-Type")) {
                assertThat(fromAgent.headers().firstValue(h)).as(path + " " + h).isEqualTo(fromServer.headers().firstValue(h));
            }
        }
        assertThat(text(get(a + "/v1/tenants/acme/config/providers/openai/key?env=prod", null))).contains("\"secret\":\"***\"");
        HttpResponse<byte[]> notHeld = get(a + "/v1/tenants/acme/config/models/chat?env=dev", null);
        assertThat(notHeld.statusCode()).isEqualTo(404);
        assertThat(notHeld.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.parse(notHeld.body()).path("detail").asString()).contains("does not hold acme:dev");
        assertThat(Json.parse(get(a + "/v1/tenants/beta/config?env=prod", null).body()).path("status").asInt()).isEqualTo(404);
        assertThat(Json.parse(get(a + "/v1/tenants/acme/config/models/none?env=prod", null).body()).path("detail").asString())
                .isEqualTo("no value at 'models/none' in acme:prod");
        assertThat(get(a + "/v1/tenants/acme/config/models/chat?env=prod&at=3", null).statusCode()).isEqualTo(400);
        assertThat(ready(a).path("following").asBoolean()).isTrue();
        assertThat(get(a + "/health/live", null).statusCode()).isEqualTo(200);

        // rendered files: the masked agent renders no secret, the revealing one does; --exec ran once
        assertThat(Files.readString(app)).isEqualTo("model=gpt-4o\ntemperature=0.2\nprompt=Be brief.\n");
        assertThat(maskedKey).doesNotExist();
        assertThat(agent.output()).contains("'providers/openai/key' is a secret; the agent renders secrets only with --reveal-secrets");
        assertThat(Files.readString(revealedKey)).startsWith("key=" + SECRET);
        await("--exec ran after the first render", () -> read(marker).equals("x"));
        await("--signal reached the application", () -> read(signalled).equals("usr1\n"));

        // llmcm watch prints the next two changes
        LlmcmProcess watch = started(new LlmcmProcess(List.of("watch", "models", "-t", "acme", "-e", "prod", "--count", "2"),
                Map.of("LLMCM_SERVER", url, "LLMCM_TOKEN", TOKEN), Pattern.compile("watching acme:prod models from revision")));

        // a change reaches the agent's reads (a long-poll waiting for it, and a read at its revision), the file and --exec
        CompletableFuture<HttpResponse<byte[]>> longPoll = CompletableFuture.supplyAsync(
                () -> get(a + "/v1/tenants/acme/config/models/chat?env=prod&waitForRevision=" + revision + "&timeout=60s", null));
        Thread.sleep(200); // the long-poll is (most likely) waiting; either way it must answer the change
        String set = cli.run("set", "models/chat", "{\"model\":\"gpt-4.1\",\"temperature\":0.3}", "-t", "acme", "-e", "prod").ok().out();
        long changed = Long.parseLong(set.strip().replaceAll(".* at revision ", ""));
        HttpResponse<byte[]> atChange = get(a + "/v1/tenants/acme/config/models/chat?env=prod&minRevision=" + changed, null);
        assertThat(text(atChange)).contains("gpt-4.1");
        assertThat(atChange.headers().firstValueAsLong("X-Revision")).hasValue(changed);
        assertThat(text(longPoll.get(WAIT.toSeconds(), TimeUnit.SECONDS))).as("the long-poll answers the change, not its timeout").contains("gpt-4.1");
        await("the file is rendered again", () -> read(app).startsWith("model=gpt-4.1\n"));
        await("--exec ran again", () -> read(marker).equals("xx"));

        // a value the template cannot use: logged, the last good file stays, no reload
        cli.run("set", "models/chat", "{\"temperature\":0.5}", "-t", "acme", "-e", "prod").ok();
        assertThat(agent.awaitOutput("'models/chat' has nothing at /model", WAIT)).as("the template error is logged").isTrue();
        assertThat(Files.readString(app)).isEqualTo("model=gpt-4.1\ntemperature=0.3\nprompt=Be brief.\n");
        assertThat(text(get(a + "/v1/tenants/acme/config/models/chat?env=prod", null))).isEqualTo("{\"temperature\":0.5}");

        assertThat(watch.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("watch --count 2 ends").isTrue();
        assertThat(watch.process().exitValue()).isZero();
        List<String> changes = watch.output().lines().filter(l -> l.startsWith("revision ")).toList();
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0)).matches("revision \\d+  models/chat = \\{\"model\":\"gpt-4.1\",\"temperature\":0.3\\}");
        assertThat(changes.get(1)).matches("revision \\d+  models/chat = \\{\"temperature\":0.5\\}");

        cli.run("set", "models/chat", "{\"model\":\"gpt-4.1-mini\",\"temperature\":0.1}", "-t", "acme", "-e", "prod").ok();
        await("the file is rendered after the fix", () -> read(app).startsWith("model=gpt-4.1-mini\n"));
        await("--exec ran for the fix", () -> read(marker).equals("xxx"));

        // a token the server refuses stops the agent, with the server's reason
        assertThat(cli.env("LLMCM_TOKEN", "wrong-token-wrong-token").run("agent", "-t", "acme", "-e", "prod", "--listen", "127.0.0.1:0",
                "--snapshot-dir", dir.resolve("refused").toString()).fails(6).err()).contains("refused to replicate acme/prod");

        // the server goes away: the agent keeps answering its last good state, and says so
        running.remove(server);
        server.close();
        await("ready says the server is away", () -> !ready(a).path("following").asBoolean(true));
        assertThat(text(get(a + "/v1/tenants/acme/config/models/chat?env=prod", null))).isEqualTo("{\"model\":\"gpt-4.1-mini\",\"temperature\":0.1}");
        assertThat(ready(a).path("source").asString()).isEqualTo("server");

        // secrets: never in the agents' answers or logs, nor in the snapshot on disk
        for (String path : List.of("/v1/tenants/acme/config?env=prod", "/v1/tenants/acme/config/providers/openai/key?env=prod")) {
            get(a + path, null);
            get(revealing.matched() + path, null);
        }
        assertThat(Files.readString(revealedKey)).contains(SECRET);
        String everything = answered + agent.output() + revealing.output() + watch.output();
        assertThat(everything).doesNotContain(SECRET).doesNotContain(SECRET.substring(4, 20));
        try (var files = Files.walk(dir.resolve("snapshots-revealing"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).doesNotContain(SECRET);
            }
        }

        // with the server down, a new agent starts from the snapshot directory
        running.remove(agent);
        agent.close();
        LlmcmProcess fromDisk = agent(url, snapshots);
        String d = fromDisk.matched();
        assertThat(fromDisk.output()).contains("from the snapshot on disk");
        assertThat(text(get(d + "/v1/tenants/acme/config/models/chat?env=prod", null))).isEqualTo("{\"model\":\"gpt-4.1-mini\",\"temperature\":0.1}");
        JsonNode r = ready(d);
        assertThat(r.path("source").asString()).isEqualTo("disk");
        assertThat(r.path("following").asBoolean(true)).isFalse();
    }

    private HttpResponse<byte[]> get(String uri, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (token == null) {
                synchronized (answered) {
                    answered.writeBytes(r.body());
                    answered.writeBytes(r.headers().map().toString().getBytes(StandardCharsets.UTF_8));
                }
            }
            return r;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode ready(String agent) {
        return Json.parse(get(agent + "/health/ready", null).body());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Polls {@code condition} until it holds, at most {@link #WAIT}. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as(what + " within " + WAIT.toSeconds() + " s").isTrue();
            Thread.sleep(50);
        }
    }
}
