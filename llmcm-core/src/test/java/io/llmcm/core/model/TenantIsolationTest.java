package io.llmcm.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.ConflictException;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.store.MemoryStore;
import io.llmcm.core.store.MutationCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tenant's isolation: parsed strictly, logged only when dedicated, fixed at creation. */
class TenantIsolationTest {
    @Test
    void aSharedTenantEncodesAsBeforeAndADedicatedOneReadsBack() {
        Mutation shared = new Mutation.PutTenant(new Tenant("acme", "global"));
        Mutation dedicated = new Mutation.PutTenant(new Tenant("bank", "global", TenantIsolation.DEDICATED));

        // the bytes logs written before isolation existed hold: they must keep reading back equal
        assertThat(Json.compact(MutationCodec.encode(shared))).isEqualTo("{\"op\":\"put-tenant\",\"name\":\"acme\",\"parent\":\"global\"}");
        assertThat(Json.compact(MutationCodec.encode(dedicated)))
                .isEqualTo("{\"op\":\"put-tenant\",\"name\":\"bank\",\"parent\":\"global\",\"isolation\":\"dedicated\"}");
        assertThat(MutationCodec.decode(MutationCodec.encode(List.of(shared, dedicated)))).containsExactly(shared, dedicated);
    }

    @Test
    void onlyKnownModesAndGlobalIsShared() {
        assertThat(TenantIsolation.parse("dedicated")).isEqualTo(TenantIsolation.DEDICATED);
        assertThatThrownBy(() -> TenantIsolation.parse("private")).isInstanceOf(InvalidInputException.class)
                .hasMessage("unknown tenant isolation 'private' (known: shared, dedicated)");
        assertThatThrownBy(() -> new Tenant(Tenant.GLOBAL, null, TenantIsolation.DEDICATED))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("always shared");
        assertThat(new Tenant("acme", "global").isolation()).isEqualTo(TenantIsolation.SHARED);
    }

    @Test
    void theIsolationIsFixedAtCreation() {
        Repository repo = Repository.open(new MemoryStore(), new Repository.Options(1000, java.time.Clock.systemUTC(), null));
        repo.initialize("test");
        repo.commit(ChangeRequest.by("test")
                .add(new Mutation.PutTenant(new Tenant("bank", "global", TenantIsolation.DEDICATED))).build());
        long revision = repo.revision();

        assertThatThrownBy(() -> repo.commit(ChangeRequest.by("test").add(new Mutation.PutTenant(new Tenant("bank", "global"))).build()))
                .isInstanceOf(ConflictException.class)
                .hasMessage("tenant 'bank' already exists with isolation 'dedicated'; isolation is fixed at creation"
                        + " (delete the tenant and create it again to change it)");
        assertThatThrownBy(() -> repo.commit(ChangeRequest.by("test")
                        .add(new Mutation.PutTenant(new Tenant("bank", "global", TenantIsolation.DEDICATED))).build()))
                .isInstanceOf(ConflictException.class).hasMessage("tenant 'bank' already exists");
        assertThat(repo.revision()).isEqualTo(revision);
        assertThat(repo.tenant("bank").isolation()).isEqualTo(TenantIsolation.DEDICATED);
    }
}
