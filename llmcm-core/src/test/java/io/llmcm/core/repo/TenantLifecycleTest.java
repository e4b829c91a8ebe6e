package io.llmcm.core.repo;

import static io.llmcm.core.repo.Fixtures.json;
import static io.llmcm.core.repo.Fixtures.key;
import static io.llmcm.core.repo.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.ConflictException;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.Grant;
import io.llmcm.core.auth.Role;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantState;
import io.llmcm.core.model.TenantSummary;
import io.llmcm.core.store.MemoryStore;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tenant states: committed through the log, kept across reopening, and archived means read-only. */
class TenantLifecycleTest {
    private static final EntryKey KEY = key("acme", "base", "models/gpt");

    private final MemoryStore store = new MemoryStore();
    private Repository repo;

    @BeforeEach
    void setUp() {
        repo = Repository.open(store, new Repository.Options(1000, Fixtures.clock(), null));
        repo.initialize("test");
        Fixtures.tenant(repo, "acme", "global");
        put(repo, KEY, "{\"model\":\"gpt\"}");
        repo.commit(ChangeRequest.by("test")
                .add(new Mutation.PutTag(new Tag("acme", "stable", repo.revision())))
                .add(new Mutation.PutSchema(new SchemaBinding("acme", "models", "models/**", null, List.of())))
                .build());
    }

    private void set(String tenant, TenantState state) {
        repo.setTenantState(tenant, state, "test", "");
    }

    @Test
    void aTenantMovesBetweenStatesThroughTheLogAndKeepsItsStateAcrossReopening() {
        assertThat(repo.tenantState("acme")).isEqualTo(TenantState.ACTIVE);
        long before = repo.revision();
        set("acme", TenantState.SUSPENDED);
        assertThat(repo.revision()).isEqualTo(before + 1);
        assertThat(repo.tenantState("acme")).isEqualTo(TenantState.SUSPENDED);
        set("acme", TenantState.ARCHIVED);
        assertThat(repo.tenantState("acme")).isEqualTo(TenantState.ARCHIVED);

        repo = Repository.open(store, new Repository.Options(1000, Fixtures.clock(), null));
        assertThat(repo.tenantState("acme")).isEqualTo(TenantState.ARCHIVED);
        assertThat(repo.tenantState("global")).isEqualTo(TenantState.ACTIVE);
        assertThat(repo.tenantSummaries()).extracting(TenantSummary::name, TenantSummary::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("acme", TenantState.ARCHIVED),
                        org.assertj.core.groups.Tuple.tuple("global", TenantState.ACTIVE));
        assertThat(store.commitsAfter(before, 10)).extracting(c -> c.mutations().getFirst()).containsExactly(
                new Mutation.SetTenantState("acme", TenantState.SUSPENDED),
                new Mutation.SetTenantState("acme", TenantState.ARCHIVED));

        set("acme", TenantState.ACTIVE);
        assertThat(repo.tenantState("acme")).isEqualTo(TenantState.ACTIVE);
    }

    @Test
    void unknownTenantsHaveNoState() {
        assertThatThrownBy(() -> repo.tenantState("nope")).isInstanceOf(NotFoundException.class)
                .hasMessage("unknown tenant 'nope'");
        long before = repo.revision();
        assertThatThrownBy(() -> set("nope", TenantState.ARCHIVED)).isInstanceOf(NotFoundException.class);
        assertThat(repo.revision()).isEqualTo(before);
    }

    @Test
    void theRootTenantIsAlwaysActive() {
        for (TenantState s : List.of(TenantState.SUSPENDED, TenantState.ARCHIVED)) {
            assertThatThrownBy(() -> set("global", s)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("the root tenant 'global' is always active; it cannot be " + s.id());
        }
        set("global", TenantState.ACTIVE);
        assertThat(repo.tenantState("global")).isEqualTo(TenantState.ACTIVE);
    }

    static Stream<Arguments> writes() {
        return Stream.of(
                Arguments.of("put entry", new Mutation.PutEntry(KEY, json("{\"model\":\"other\"}"), false)),
                Arguments.of("put new entry", new Mutation.PutEntry(key("acme", "prod", "new"), json("1"), false)),
                Arguments.of("delete entry", new Mutation.DeleteEntry(KEY)),
                Arguments.of("put tag", new Mutation.PutTag(new Tag("acme", "v2", 1))),
                Arguments.of("delete tag", new Mutation.DeleteTag("acme", "stable")),
                Arguments.of("put schema", new Mutation.PutSchema(new SchemaBinding("acme", "other", "x/*", null, List.of()))),
                Arguments.of("delete schema", new Mutation.DeleteSchema("acme", "models")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void anArchivedTenantRefusesEveryWriteAndChangesNothing(String what, Mutation write) {
        set("acme", TenantState.ARCHIVED);
        long before = repo.revision();
        List<?> entries = repo.entries("acme", "");

        assertThatThrownBy(() -> repo.commit(ChangeRequest.by("test").add(write).build()))
                .isInstanceOf(ConflictException.class)
                .hasMessage("tenant 'acme' is archived (read-only): its entries, tags and schemas cannot change;"
                        + " set its state to active first");
        assertThatThrownBy(() -> repo.dryRun(ChangeRequest.by("test").add(write).build()))
                .isInstanceOf(ConflictException.class);
        assertThat(repo.revision()).isEqualTo(before);
        assertThat(repo.entries("acme", "")).isEqualTo(entries);

        // activating it is the way back: the same write then goes through
        set("acme", TenantState.ACTIVE);
        repo.commit(ChangeRequest.by("test").add(write).build());
        assertThat(repo.revision()).isEqualTo(before + 2);
    }

    @Test
    void anArchivedTenantStillChangesStateAccessControlAndMayBeDeleted() {
        set("acme", TenantState.ARCHIVED);
        Role role = new Role("acme", "reader", Set.of(Grant.parse("config:read")));
        repo.commit(ChangeRequest.by("test")
                .add(new Mutation.PutRole(role))
                .add(new Mutation.PutBinding(new Binding("acme", "ci", "group:ci", "reader", BindingScope.TENANT, "")))
                .build());
        assertThat(repo.roles("acme")).containsExactly(role);
        set("acme", TenantState.SUSPENDED);
        set("acme", TenantState.ARCHIVED);
        // its children are not archived with it
        Fixtures.tenant(repo, "acme-eu", "acme");
        put(repo, key("acme-eu", "base", "k"), "1");

        repo.commit(ChangeRequest.by("test").add(new Mutation.DeleteTenant("acme-eu")).build());
        repo.commit(ChangeRequest.by("test").add(new Mutation.DeleteTenant("acme")).build());
        assertThat(repo.tenants()).extracting(Tenant::name).containsExactly("global");

        // created anew, it starts active
        Fixtures.tenant(repo, "acme", "global");
        assertThat(repo.tenantState("acme")).isEqualTo(TenantState.ACTIVE);
        put(repo, KEY, "2");
    }

    @Test
    void aCommitThatActivatesAnArchivedTenantMayAlsoWriteToIt() {
        set("acme", TenantState.ARCHIVED);
        repo.commit(ChangeRequest.by("test")
                .add(new Mutation.SetTenantState("acme", TenantState.ACTIVE))
                .put(KEY, json("{\"model\":\"restored\"}"))
                .build());
        assertThat(repo.raw(KEY)).get().extracting(v -> v.value().toString()).isEqualTo("{\"model\":\"restored\"}");
    }

    @Test
    void aSuspendedTenantIsOnlyRecordedByTheEngineTheServerEnforcesIt() {
        set("acme", TenantState.SUSPENDED);
        put(repo, KEY, "{\"model\":\"still\"}");
        assertThat(Fixtures.get(repo, new Scope("acme", "base", ""), "models/gpt")).isEqualTo("{\"model\":\"still\"}");
    }
}
