package io.llmcm.bench;

import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
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

/**
 * Resolve of a cached ~1 KB effective value (global/base preset merged with an acme/prod
 * override) from memory, on the embedded store. Target: p99 &lt; 10 µs. SampleTime mode gives the
 * percentiles; the key changes every call so the cache lookup is not a single hot entry.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class ResolveBenchmark {
    @Param({"10000"})
    public int keys;

    private Repository repo;
    private String dir;
    private String[] paths;
    private final Scope scope = Scope.of("acme", "prod");
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        dir = BenchData.freshLocation("resolve");
        repo = BenchData.openRepository(dir);
        BenchData.fill(repo, keys, 1024);
        paths = new String[keys];
        for (int i = 0; i < keys; i++) {
            paths[i] = BenchData.path(i);
            repo.get(scope, paths[i]).orElseThrow(); // warm the cache: this measures cached resolves
        }
    }

    @Benchmark
    public Optional<Resolved> cachedResolve() {
        int i = next++;
        if (next == paths.length) {
            next = 0;
        }
        return repo.get(scope, paths[i]);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        repo.close();
        BenchData.deleteLocation(dir);
    }
}
