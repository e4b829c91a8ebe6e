package io.llmcm.core.repo;

import static io.llmcm.core.repo.Fixtures.json;
import static io.llmcm.core.repo.Fixtures.key;
import static io.llmcm.core.repo.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.ConflictException;
import io.llmcm.core.model.EntryKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reverting one commit in one scope's view: only what it wrote there, never over a newer write. */
class RevertTest {
    private static final Scope ACME_PROD = Scope.of("acme", "prod");
    private static final WatchFilter MODELS = WatchFilter.under(ACME_PROD, "models");

    private Repository repo;

    @BeforeEach
    void setUp() {
        repo = Fixtures.memoryRepo(Fixtures.clock());
        Fixtures.tenant(repo, "acme", "global");
    }

    @AfterEach
    void tearDown() {
        repo.close();
    }

    @Test
    void putsGoBackToTheirVersionBeforeAndNewEntriesGo() {
        EntryKey a = key("acme", "prod", "models/a");
        put(repo, a, "1");
        long bad = repo.commit(ChangeRequest.by("t")
                .put(a, json("2"))
                .put(key("acme", "prod", "models/new"), json("3"))
                .put(key("acme", "dev", "models/a"), json("4")) // not in the prod view
                .put(key("acme", "prod", "routes/x"), json("5")) // not under the prefix
                .build()).revision();
        CommitResult r = repo.revert(bad, "acme", MODELS, "robot", "undo");
        assertThat(r.changes()).isEqualTo(2);
        assertThat(Fixtures.get(repo, ACME_PROD, "models/a")).isEqualTo("1");
        assertThat(repo.get(ACME_PROD, "models/new")).isEmpty();
        assertThat(Fixtures.get(repo, Scope.of("acme", "dev"), "models/a")).isEqualTo("4");
        assertThat(Fixtures.get(repo, ACME_PROD, "routes/x")).isEqualTo("5");
        assertThat(repo.commitInfo(r.revision()).orElseThrow().author()).isEqualTo("robot");
    }

    @Test
    void aDeletionComesBack() {
        EntryKey a = key("acme", "prod", "models/a");
        put(repo, a, "1");
        long bad = repo.commit(ChangeRequest.by("t").delete(a).build()).revision();
        repo.revert(bad, "acme", MODELS, "robot", "undo");
        assertThat(Fixtures.get(repo, ACME_PROD, "models/a")).isEqualTo("1");
    }

    @Test
    void anEntryWrittenAgainSinceIsNotOverwritten() {
        EntryKey a = key("acme", "prod", "models/a");
        put(repo, a, "1");
        long bad = put(repo, a, "2").revision();
        put(repo, a, "3");
        assertThatThrownBy(() -> repo.revert(bad, "acme", MODELS, "robot", "undo"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("changed after revision " + bad);
        assertThat(Fixtures.get(repo, ACME_PROD, "models/a")).isEqualTo("3");
    }

    @Test
    void aChangeMadeInAnotherTenantIsNothingToRevertHere() {
        long inherited = put(repo, key("global", "base", "models/a"), "1").revision();
        assertThat(repo.revert(inherited, "acme", MODELS, "robot", "undo").changed()).isFalse();
        assertThat(repo.changes(MODELS, inherited - 1)).extracting(WatchEvent::revision).containsExactly(inherited);
    }
}
