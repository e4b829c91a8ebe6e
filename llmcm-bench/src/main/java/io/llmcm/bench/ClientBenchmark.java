package io.llmcm.bench;

import io.llmcm.client.ConfigSpec;
import io.llmcm.client.ConfigValue;
import io.llmcm.client.ConfigView;
import io.llmcm.client.LlmcmClient;
import io.llmcm.client.Snapshot;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SDK's read from memory: {@code get(path, Record.class)} on a snapshot and on a view (its
 * volatile snapshot reference, then the same). Targets: p99 &lt; 1 µs, ≥ 10 M reads/s on one core.
 * The path changes every call over {@code keys} entries, each already bound once (as after the first
 * read of each path in a snapshot). The view reads its snapshot from a stand-in server (the JDK's
 * HTTP server answering the list route, 404 for the watch route), so its thread polls every 30 s
 * and is otherwise idle. Run both modes: SampleTime for the percentiles, Throughput for reads per
 * second (one benchmark thread).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1)
public class ClientBenchmark {
    /** What the values bind to. */
    public record Model(String provider, String model, double temperature, int maxTokens, List<String> stop) {}

    @Param({"1000"})
    public int keys;

    private Snapshot snapshot;
    private ConfigView view;
    private LlmcmClient client;
    private HttpServer server;
    private String[] paths;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ObjectMapper m = new ObjectMapper();
        List<ConfigValue> values = new ArrayList<>();
        paths = new String[keys];
        for (int i = 0; i < keys; i++) {
            paths[i] = "models/m" + i;
            values.add(new ConfigValue(paths[i], m.readTree("""
                    {"provider":"openai","model":"gpt-4o-%d","temperature":0.2,"maxTokens":4096,"stop":["\\n\\n"]}""".formatted(i)),
                    "json", i + 1, null));
        }
        snapshot = Snapshot.of(keys, values);

        ObjectNode list = m.createObjectNode().put("revision", keys).put("scope", "acme:prod");
        ArrayNode items = list.putArray("items");
        for (ConfigValue v : values) {
            items.addObject().put("path", v.path()).put("type", "json").put("modRevision", v.modRevision()).set("value", v.value());
        }
        byte[] answer = m.writeValueAsBytes(list);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            boolean isList = x.getRequestURI().getPath().equals("/v1/tenants/acme/config");
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(isList ? 200 : 404, isList ? answer.length : -1);
            if (isList) {
                x.getResponseBody().write(answer);
            }
            x.close();
        });
        server.start();
        client = LlmcmClient.builder().server(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).token("unused").build();
        view = client.config(ConfigSpec.of("acme", "prod").prefix("models/"));
        for (String p : paths) {
            snapshot.require(p, Model.class);
            view.require(p, Model.class);
        }
    }

    private String nextPath() {
        int i = next++;
        if (next == paths.length) {
            next = 0;
        }
        return paths[i];
    }

    @Benchmark
    public Optional<Model> snapshotGet() {
        return snapshot.get(nextPath(), Model.class);
    }

    @Benchmark
    public Optional<Model> viewGet() {
        return view.get(nextPath(), Model.class);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        server.stop(0);
    }
}
