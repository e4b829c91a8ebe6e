package io.llmcm.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.server.http.Access;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientReportsTest {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final ClientReports.View VIEW = new ClientReports.View("acme", "prod", "", "models");

    private static ClientReports.Report report(String client, long revision, boolean accepted, Instant at) {
        return new ClientReports.Report(client, revision, accepted, accepted ? "" : "bad " + client, at);
    }

    @Test
    void eachClientCountsOnceWithItsLatestReport() {
        ClientReports r = new ClientReports();
        r.record(VIEW, report("a", 5, true, T0));
        r.record(VIEW, report("a", 6, false, T0));
        r.record(VIEW, report("b", 6, true, T0));
        r.record(VIEW, report("c", 5, true, T0));
        assertThat(r.countFrom(VIEW, 6, T0)).isEqualTo(new ClientReports.RevisionCount(6, 2, 1, 1, List.of("bad a")));
        assertThat(r.countFrom(VIEW, 5, T0).clients()).as("revision 5 and later").isEqualTo(3);
        assertThat(r.countFrom(VIEW, 7, T0).clients()).isZero();
        assertThat(r.summaries("acme", v -> true, T0).get(VIEW)).extracting(ClientReports.RevisionCount::revision).containsExactly(6L, 5L);
        assertThat(r.summaries("beta", v -> true, T0)).isEmpty();
    }

    @Test
    void aClientSilentForLongerThanTheKeepTimeNoLongerCounts() {
        ClientReports r = new ClientReports();
        r.record(VIEW, report("a", 5, true, T0));
        r.record(VIEW, report("b", 5, true, T0.plus(ClientReports.KEEP)));
        assertThat(r.countFrom(VIEW, 5, T0.plus(ClientReports.KEEP).plusSeconds(1)).clients()).isEqualTo(1);
    }

    @Test
    void aTenantHasAtMostItsCapOfClientsAndAKnownClientMayAlwaysReportAgain() {
        ClientReports r = new ClientReports(2);
        r.record(VIEW, report("a", 5, true, T0));
        r.record(new ClientReports.View("acme", "dev", "", ""), report("b", 5, true, T0));
        assertThatThrownBy(() -> r.record(VIEW, report("c", 5, true, T0)))
                .isInstanceOfSatisfying(Access.Refused.class, e -> assertThat(e.status()).isEqualTo(429));
        r.record(VIEW, report("a", 6, false, T0));
        r.record(new ClientReports.View("beta", "prod", "", ""), report("c", 1, true, T0)); // another tenant's cap
        r.record(VIEW, report("c", 5, true, T0.plus(ClientReports.KEEP).plusSeconds(1))); // a and b expired
    }
}
