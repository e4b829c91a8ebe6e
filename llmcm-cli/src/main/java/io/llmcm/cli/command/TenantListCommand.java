package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.Tree;
import io.llmcm.core.model.TenantState;
import io.llmcm.core.model.TenantSummary;
import io.llmcm.core.repo.Repository;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code llmcm tenant list}: the tenants as an indented tree, with the state of those not active and the isolation of dedicated ones. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the tenants as a tree: each tenant indented below its parent, siblings sorted by name. A suspended or archived tenant is marked so (the others are active), and so is a tenant with dedicated storage (the others are shared).",
        footerHeading = "%nExample:%n",
        footer = "  llmcm tenant list")
public final class TenantListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        Remote remote = store.remote();
        if (remote != null) {
            tools.jackson.databind.JsonNode answer = remote.send(Remote.get("/v1/tenants")).json();
            Map<String, String> labels = new HashMap<>();
            for (tools.jackson.databind.JsonNode t : answer.path("items")) {
                String name = t.path("name").asString("");
                labels.put(name, label(name, null, t.path("isolation").asString("shared")));
            }
            Out.print(spec, Tree.render(Answers.parents(answer), n -> labels.getOrDefault(n, n)));
            return 0;
        }
        try (Repository repo = store.open()) {
            Map<String, String> parents = new HashMap<>();
            Map<String, String> labels = new HashMap<>();
            for (TenantSummary t : repo.tenantSummaries()) {
                parents.put(t.name(), t.tenant().parent());
                labels.put(t.name(), label(t.name(), t.state(), t.tenant().isolation().id()));
            }
            Out.print(spec, Tree.render(parents, labels::get));
            return 0;
        }
    }

    /** "acme", "acme (archived)", "acme (dedicated)", "acme (archived, dedicated)". */
    private static String label(String name, TenantState state, String isolation) {
        java.util.List<String> marks = new java.util.ArrayList<>();
        if (state != null && state != TenantState.ACTIVE) {
            marks.add(state.id());
        }
        if (!isolation.equals("shared")) {
            marks.add(isolation);
        }
        return marks.isEmpty() ? name : name + " (" + String.join(", ", marks) + ")";
    }
}
