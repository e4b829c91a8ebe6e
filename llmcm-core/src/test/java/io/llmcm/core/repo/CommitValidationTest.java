package io.llmcm.core.repo;

import static io.llmcm.core.repo.Fixtures.json;
import static io.llmcm.core.repo.Fixtures.key;
import static io.llmcm.core.repo.Fixtures.put;
import static io.llmcm.core.repo.Fixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.ValidationException;
import io.llmcm.core.Violation;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Rule;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Value;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Commits are validated on the effective value of every layer combination they affect. */
class CommitValidationTest {
    private static final String PRESET_SCHEMA = """
            {"type":"object",
             "properties":{"model":{"type":"string"},
                           "temperature":{"type":"number","minimum":0,"maximum":2},
                           "max_tokens":{"type":"integer","minimum":1},
                           "context_window":{"type":"integer"}},
             "required":["model"]}""";

    private Repository repo;

    @BeforeEach
    void open() {
        repo = Fixtures.memoryRepo(Fixtures.clock());
        tenant(repo, "acme", "global");
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private void attachPresetSchema(String tenant) {
        repo.commit(ChangeRequest.by("t")
                .add(new Mutation.PutSchema(new SchemaBinding(tenant, "preset", "presets/**",
                        Value.document(io.llmcm.core.json.Json.parse(PRESET_SCHEMA)),
                        List.of(new Rule("!has(self.max_tokens) || !has(self.context_window) || self.max_tokens <= self.context_window",
                                "max_tokens must not exceed context_window", "/max_tokens")))))
                .build());
    }

    @Test
    void anInvalidWriteIsRejectedWithThePointerAndNothingIsStored() {
        attachPresetSchema("global");
        long before = repo.revision();
        assertThatThrownBy(() -> put(repo, key("acme", "prod", "presets/chat"), "{\"model\":\"gpt-4o\",\"temperature\":3.5}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("acme:prod presets/chat")
                .hasMessageContaining("/temperature")
                .hasMessageContaining("at most 2");
        assertThat(repo.revision()).isEqualTo(before);
        assertThat(repo.raw(key("acme", "prod", "presets/chat"))).isEmpty();
    }

    @Test
    void theEffectiveValueIsValidatedNotTheLayerAlone() {
        attachPresetSchema("global");
        // the base layer carries the required model; the prod layer alone would lack it
        put(repo, key("global", "base", "presets/chat"), "{\"model\":\"gpt-4o\",\"context_window\":128000}");
        put(repo, key("acme", "prod", "presets/chat"), "{\"temperature\":0.2}");
        assertThat(repo.get(Scope.of("acme", "prod"), "presets/chat").orElseThrow().value())
                .isEqualTo(json("{\"model\":\"gpt-4o\",\"context_window\":128000,\"temperature\":0.2}"));
    }

    @Test
    void aRuleAcrossLayersIsCheckedInEveryAffectedEnvironment() {
        attachPresetSchema("global");
        put(repo, key("global", "base", "presets/chat"), "{\"model\":\"m\",\"context_window\":8000}");
        put(repo, key("acme", "prod", "presets/chat"), "{\"max_tokens\":4000}");
        // lowering the window at global base breaks acme's prod (and edge, which inherits prod)
        ValidationException e = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class,
                () -> put(repo, key("global", "base", "presets/chat"), "{\"model\":\"m\",\"context_window\":2000}"));
        assertThat(e.violations()).extracting(Violation::where)
                .containsExactly("acme:prod presets/chat (also acme:edge)");
        assertThat(e.violations()).allSatisfy(v -> {
            assertThat(v.pointer()).isEqualTo("/max_tokens");
            assertThat(v.message()).isEqualTo("max_tokens must not exceed context_window");
        });
    }

    @Test
    void deletingALayerThatKeptAValueValidIsValidatedToo() {
        attachPresetSchema("global");
        put(repo, key("global", "base", "presets/chat"), "{\"model\":\"m\"}");
        put(repo, key("acme", "base", "presets/chat"), "{\"model\":\"n\",\"temperature\":1.5}");
        // acme prod nulls the model out: only valid while... it never is: rejected
        assertThatThrownBy(() -> put(repo, key("acme", "prod", "presets/chat"), "{\"model\":null}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("required property 'model'");
    }

    @Test
    void attachingASchemaChecksTheValuesAlreadyStored() {
        put(repo, key("acme", "base", "presets/a"), "{\"model\":\"m\",\"temperature\":9}");
        long before = repo.revision();
        assertThatThrownBy(() -> attachPresetSchema("global"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("acme:base presets/a");
        assertThat(repo.revision()).isEqualTo(before);
        assertThat(repo.schemas("global")).isEmpty();
    }

    @Test
    void schemasOfATenantDoNotApplyToItsSiblings() {
        tenant(repo, "beta", "global");
        attachPresetSchema("acme");
        put(repo, key("beta", "base", "presets/x"), "{\"temperature\":99}");
        assertThatThrownBy(() -> put(repo, key("acme", "base", "presets/x"), "{\"temperature\":99}"))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void badSchemasAreRejectedBeforeAnythingIsStored() {
        long before = repo.revision();
        assertThatThrownBy(() -> repo.commit(ChangeRequest.by("t")
                        .add(new Mutation.PutSchema(new SchemaBinding("global", "bad", "presets/**", null,
                                List.of(new Rule("self.a +", "", "")))))
                        .build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rule #1 (self.a +)");
        assertThat(repo.revision()).isEqualTo(before);
    }

    @Test
    void dryRunReportsEveryViolationWithoutStoringAnything() {
        attachPresetSchema("global");
        ValidationReport r = repo.dryRun(ChangeRequest.by("t").put(key("acme", "base", "presets/p"), json("{\"temperature\":-1}")).build());
        assertThat(r.valid()).isFalse();
        assertThat(r.violations()).extracting(Violation::pointer).contains("", "/temperature");
        assertThat(repo.raw(key("acme", "base", "presets/p"))).isEmpty();
    }

    @Test
    void removingTheSchemaLiftsItsRules() {
        attachPresetSchema("global");
        repo.commit(ChangeRequest.by("t").add(new Mutation.DeleteSchema("global", "preset")).build());
        put(repo, key("acme", "base", "presets/p"), "{\"temperature\":9}");
        assertThat(repo.raw(key("acme", "base", "presets/p"))).isPresent();
    }
}
