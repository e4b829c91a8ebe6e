package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.Text;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code llmcm secret jwks}: the public keys that verify the tenant's issued JWTs. */
@Command(
        name = "jwks",
        mixinStandardHelpOptions = true,
        description = "Print the tenant's JWT verification keys as a JWKS document (public keys only), for services that check the JWTs its dynamic secrets issue.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm secret jwks --tenant acme > acme-jwks.json")
public final class SecretJwksCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Override
    public Integer call() {
        JsonNode jwks;
        Remote remote = store.remote();
        if (remote != null) {
            jwks = remote.send(Remote.get(Remote.tenantPath(tenant.tenant(), "jwks", null))).json();
        } else {
            try (Repository repo = store.open()) {
                jwks = Json.parse(repo.secrets().jwks(tenant.tenant()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        Out.print(spec, Text.withNewline(Json.pretty(jwks)));
        return 0;
    }
}
