package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import io.llmcm.cli.Llmcm.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The runs of a remote-mode test, kept so that after each test (registered as an extension) it is
 * checked that no output held the token.
 */
final class TokenSafeRuns implements AfterEachCallback {
    /** The server's bootstrap token in these tests ({@code LLMCM_BOOTSTRAP_TOKEN}, then {@code LLMCM_TOKEN}). */
    static final String TOKEN = "it-bootstrap-token-4f9a2c7e1b";

    private final List<Result> results = new ArrayList<>();

    Result ok(Llmcm l, String... args) {
        return record(l.run(args).ok());
    }

    Result okWithInput(Llmcm l, String stdin, String... args) {
        return record(l.runWithInput(stdin, args).ok());
    }

    Result fails(Llmcm l, int code, String... args) {
        return record(l.run(args).fails(code));
    }

    Result record(Result r) {
        results.add(r);
        return r;
    }

    /** Each command's standard output, run in order, every one expected to succeed. */
    Map<List<String>, String> outputs(Llmcm l, List<List<String>> commands) {
        Map<List<String>, String> outs = new LinkedHashMap<>();
        for (List<String> c : commands) {
            outs.put(c, ok(l, c.toArray(String[]::new)).out());
        }
        return outs;
    }

    /** Runs the commands again on {@code local} (the store the server wrote) and checks each prints what it printed remotely. */
    void sameLocally(Llmcm local, Map<List<String>, String> remoteOutputs) {
        outputs(local, List.copyOf(remoteOutputs.keySet())).forEach((c, localOut) ->
                assertThat(localOut).as("llmcm %s, local vs remote", String.join(" ", c)).isEqualTo(remoteOutputs.get(c)));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertThat(results).isNotEmpty().allSatisfy(r -> {
            assertThat(r.out()).doesNotContain(TOKEN);
            assertThat(r.err()).doesNotContain(TOKEN);
        });
    }
}
