package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.Table;
import io.llmcm.cli.render.Text;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.KeyStatus;
import io.llmcm.core.repo.Repository;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code llmcm key status}: the master key's type and a tenant's data key versions. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show the type of the store's master key and the tenant's data key versions: which one seals new secrets (primary) and how many current secrets each version seals.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm key status --tenant acme")
public final class KeyStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    String output = "text";

    @Override
    public Integer call() {
        boolean json = OutputChoice.jsonOrText(output);
        KeyStatus s;
        Remote remote = store.remote();
        if (remote != null) {
            s = Answers.keyStatus(remote.send(Remote.get(Remote.tenantPath(tenant.tenant(), "keys", null))).json());
        } else {
            try (Repository repo = store.open()) {
                s = repo.secrets().status(tenant.tenant());
            }
        }
        Out.print(spec, json ? json(s) : text(s));
        return 0;
    }

    private static String text(KeyStatus s) {
        Table t = new Table();
        t.row("master key", s.kek().equals("none") ? "none (add one with llmcm key init)" : s.kek() + ", version " + s.kekVersion());
        t.row("tenant", s.tenant());
        if (s.versions().isEmpty()) {
            t.row("data keys", "none yet (made with the tenant's first secret)");
        } else {
            t.row("data keys", s.versions().stream().map(String::valueOf).collect(Collectors.joining(", ")) + " (primary " + s.primary() + ")");
            for (Map.Entry<Integer, Integer> e : s.secretsByVersion().entrySet()) {
                t.row("  key " + e.getKey(), Text.count(e.getValue(), "secret"));
            }
        }
        return t.render();
    }

    private static String json(KeyStatus s) {
        ObjectNode o = Json.NODES.objectNode().put("masterKey", s.kek()).put("masterKeyVersion", s.kekVersion()).put("tenant", s.tenant());
        s.versions().forEach(o.putArray("versions")::add);
        o.put("primary", s.primary());
        ObjectNode counts = o.putObject("secrets");
        s.secretsByVersion().forEach((v, n) -> counts.put(String.valueOf(v), n));
        return Text.withNewline(Json.pretty(o));
    }
}
