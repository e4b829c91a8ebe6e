package io.llmcm.cli;

import io.llmcm.core.model.Layer;
import io.llmcm.core.repo.Scope;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --env} and {@code --service}: the layer a write goes to, or, for reads, the scope whose
 * merged view is read.
 */
public final class LayerOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", description = "environment (default: $LLMCM_ENV or base)")
    String env;

    @Option(names = {"-s", "--service"}, paramLabel = "NAME", description = "service layer (default: none)")
    String service;

    public String env() {
        return env != null ? env : Context.of(mixee).env("LLMCM_ENV", Layer.BASE_ENV);
    }

    public Layer layer() {
        return Layer.of(env(), service);
    }

    public Scope scope(String tenant) {
        return Scope.of(tenant, env(), service);
    }
}
