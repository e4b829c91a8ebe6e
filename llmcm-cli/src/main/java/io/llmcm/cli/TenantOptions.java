package io.llmcm.cli;

import io.llmcm.core.model.Names;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --tenant NAME}: whose configuration a command works on. */
public final class TenantOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-t", "--tenant"}, paramLabel = "NAME", description = "tenant (default: $LLMCM_TENANT or global)")
    String tenant;

    public String tenant() {
        return Names.tenant(tenant != null ? tenant : Context.of(mixee).env("LLMCM_TENANT", "global"));
    }
}
