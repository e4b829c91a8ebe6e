package io.llmcm.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Rule;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Value;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The codec's JSON is what every store keeps in its log: each catalog mutation reads back equal,
 * and the tenant state and quota forms are pinned, since stored logs must keep decoding.
 */
class MutationCodecTest {
    @Test
    void schemaRulesWithMessageExpressionAndChecksRoundTrip() {
        SchemaBinding b = new SchemaBinding("acme", "openai", "models/openai/**", Value.document(Json.parse("{\"type\":\"object\"}")),
                List.of(new Rule("self.n < 10", "n too large", "/n", "'n ' + string(self.n)"), new Rule("true", "", "")),
                List.of("llm-route"));
        Mutation m = new Mutation.PutSchema(b);
        assertThat(MutationCodec.decode(MutationCodec.encode(List.of(m)))).containsExactly(m);
        assertThat(MutationCodec.decodeSchema(MutationCodec.encodeSchema(b))).isEqualTo(b);
        // stored only when set, so logs written before messageExpression existed read the same
        String json = Json.compact(MutationCodec.encode(m));
        assertThat(json).contains("{\"rule\":\"self.n < 10\",\"message\":\"n too large\",\"pointer\":\"/n\","
                + "\"messageExpression\":\"'n ' + string(self.n)\"}");
        assertThat(json).contains("{\"rule\":\"true\",\"message\":\"\",\"pointer\":\"\"}");
        SchemaBinding old = MutationCodec.decodeSchema(Json.bytes(Json.parse("""
                {"op":"put-schema","tenant":"acme","name":"p","pattern":"models/**",
                 "rules":[{"rule":"true","message":"m","pointer":"/a"}]}""")));
        assertThat(old.rules()).containsExactly(new Rule("true", "m", "/a", ""));
        assertThat(old.checks()).isEmpty();
    }

    @Test
    void tenantStatesAndQuotasHaveAStableForm() {
        assertThat(Json.compact(MutationCodec.encode(new Mutation.SetTenantState("acme", TenantState.ARCHIVED))))
                .isEqualTo("{\"op\":\"set-tenant-state\",\"tenant\":\"acme\",\"state\":\"archived\"}");
        assertThat(Json.compact(MutationCodec.encode(new Mutation.SetTenantQuota("acme", new TenantQuota(100, 10_485_760, 2.5, 3)))))
                .isEqualTo("{\"op\":\"set-tenant-quota\",\"tenant\":\"acme\",\"max-keys\":100,\"max-bytes\":10485760,"
                        + "\"requests-per-second\":2.5,\"max-watches\":3}");
    }

    @Test
    void everyTenantStateAndQuotaRoundTrips() {
        List<Mutation> ms = new ArrayList<>();
        for (TenantState s : TenantState.values()) {
            ms.add(new Mutation.SetTenantState("acme-eu", s));
        }
        ms.add(new Mutation.SetTenantState(Tenant.GLOBAL, TenantState.ACTIVE));
        ms.add(new Mutation.SetTenantQuota("acme", TenantQuota.UNLIMITED));
        ms.add(new Mutation.SetTenantQuota("acme", new TenantQuota(Long.MAX_VALUE, Long.MAX_VALUE, 1e-3, Integer.MAX_VALUE)));
        ms.add(new Mutation.SetTenantQuota("acme", new TenantQuota(1, 0, 1234.5678, 0)));
        assertThat(MutationCodec.decode(MutationCodec.encode(ms))).isEqualTo(ms);
    }

    /** Every kind of catalog mutation the random logs make, new and old, reads back equal. */
    @Test
    void randomCatalogMutationsRoundTrip() {
        RandomLog log = new RandomLog(new Random(11));
        List<Mutation> catalog = new ArrayList<>();
        while (catalog.size() < 500) {
            log.nextBatch().forEach(c -> c.mutations().stream().filter(MutationCodec::isCatalog).forEach(catalog::add));
        }
        assertThat(catalog).hasAtLeastOneElementOfType(Mutation.SetTenantState.class)
                .hasAtLeastOneElementOfType(Mutation.SetTenantQuota.class);
        assertThat(MutationCodec.decode(MutationCodec.encode(catalog))).isEqualTo(catalog);
    }
}
