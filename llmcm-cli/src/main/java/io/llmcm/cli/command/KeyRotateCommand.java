package io.llmcm.cli.command;

import io.llmcm.cli.Context;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.Text;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Repository;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code llmcm key rotate}: a new data key for a tenant, or a new master key. */
@Command(
        name = "rotate",
        mixinStandardHelpOptions = true,
        description = {
            "--tenant T: make a new data key the tenant's primary, then re-encrypt its current secrets with it in batched commits (progress on stderr). Reads work throughout; older versions in history stay readable.",
            "--master: a new master key version, with every tenant's data keys rewrapped (secrets are not touched). file: the key file gets the new version and loses the old one. env: put the current key in LLMCM_MASTER_KEY_PREVIOUS and a new one (llmcm key new) in LLMCM_MASTER_KEY first. passphrase: LLMCM_PASSPHRASE_PREVIOUS is the current passphrase and LLMCM_PASSPHRASE the new one (or both are asked for).",
            "An interrupted master key rotation is finished by running it again."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm key rotate --tenant acme", "  llmcm key rotate --master"})
public final class KeyRotateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = {"-t", "--tenant"}, paramLabel = "NAME", description = "rotate this tenant's data key")
        String tenant;

        @Option(names = "--master", description = "rotate the store's master key")
        boolean master;
    }

    @Option(names = "--author", paramLabel = "NAME", description = "author recorded in history and audit (default: $LLMCM_AUTHOR or the user name)")
    String author;

    @Override
    public Integer call() {
        if (which.master) {
            store.localOnly("the server has no route for it: the master key is where the store is, not behind the API");
        }
        Remote remote = store.remote();
        if (remote != null) {
            return remote(remote, Names.tenant(which.tenant));
        }
        String actor = WriteOptions.author(author, Context.of(spec));
        if (which.master) {
            try (Repository repo = store.open(store.keysForMasterRotation())) {
                String note = repo.secrets().rotateMasterKey(actor);
                Out.line(spec, "rotated the master key; " + note);
                return 0;
            }
        }
        String t = Names.tenant(which.tenant);
        PrintWriter err = spec.commandLine().getErr();
        int[] last = {-1};
        try (Repository repo = store.open()) {
            repo.secrets().checkMasterKey();
            int version = repo.secrets().rotate(t, actor, (done, total) -> {
                if (total > 0 && done != last[0]) {
                    last[0] = done;
                    err.print("re-encrypted " + done + "/" + total + "\n");
                    err.flush();
                }
            });
            Out.line(spec, rotated(t, version, last[0]));
            return 0;
        }
    }

    /** The server rotates in one request and answers the count at the end: no progress lines on the way. */
    private Integer remote(Remote remote, String t) {
        WriteOptions.refuseAuthorOnServer(author);
        JsonNode r = remote.send(Remote.post(Remote.tenantPath(t, "keys", "rotate"))).json();
        int reencrypted = r.path("reencrypted").asInt(0);
        Out.line(spec, rotated(t, r.path("primary").asInt(), reencrypted == 0 ? -1 : reencrypted));
        return 0;
    }

    /** @param reencrypted how many secrets were re-encrypted; negative when there were none to */
    private static String rotated(String t, int version, int reencrypted) {
        return "rotated the data key of tenant " + t + " to version " + version
                + (reencrypted < 0 ? " (no secrets to re-encrypt)" : " (" + Text.count(reencrypted, "secret") + " re-encrypted)");
    }
}
