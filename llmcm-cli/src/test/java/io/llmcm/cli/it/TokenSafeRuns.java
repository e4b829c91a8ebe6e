package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import io.llmcm.cli.Llmcm.Result;
import java.util.ArrayList;
import java.util.List;
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

    @Override
    public void afterEach(ExtensionContext context) {
        assertThat(results).isNotEmpty().allSatisfy(r -> {
            assertThat(r.out()).doesNotContain(TOKEN);
            assertThat(r.err()).doesNotContain(TOKEN);
        });
    }
}
