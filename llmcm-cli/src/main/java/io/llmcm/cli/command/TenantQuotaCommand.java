package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantUsage;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code llmcm tenant quota NAME [--max-keys N] …}: shows or changes a tenant's quota. */
@Command(
        name = "quota",
        mixinStandardHelpOptions = true,
        description = {
            "Show a tenant's quota and what it uses, or change the limits given as options (the others stay). 0 means unlimited.",
            "Keys (entries, each layer counting) and bytes (stored value sizes) are enforced on every change: one that would go over fails and changes nothing (exit code 7). Requests per second and watches are enforced by the server."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm tenant quota acme", "  llmcm tenant quota acme --max-keys 10000 --max-bytes 50MiB",
            "  llmcm tenant quota acme --requests-per-second 20 --max-watches 100"})
public final class TenantQuotaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    WriteOptions write;

    @Parameters(index = "0", paramLabel = "NAME", description = "the tenant")
    String name;

    @Option(names = "--max-keys", paramLabel = "N", description = "most entries the tenant may hold, every layer counting")
    Long maxKeys;

    @Option(names = "--max-bytes", paramLabel = "SIZE", description = "most bytes its values may take: bytes, or with KiB, MiB, GiB, TiB (e.g. 10MiB)")
    String maxBytes;

    @Option(names = "--requests-per-second", paramLabel = "R", description = "sustained request rate for its callers (decimals allowed)")
    Double requestsPerSecond;

    @Option(names = "--max-watches", paramLabel = "N", description = "most watches its callers may hold open")
    Integer maxWatches;

    @Override
    public Integer call() {
        String t = Names.tenant(name);
        Remote remote = store.remote();
        if (remote != null) {
            return remote(remote, t);
        }
        try (Repository repo = store.open()) {
            TenantQuota quota = repo.tenantQuota(t);
            if (maxKeys != null || maxBytes != null || requestsPerSecond != null || maxWatches != null) {
                TenantQuota next = changed(quota);
                if (next.equals(quota)) {
                    Out.line(spec, "quota of tenant " + t + " unchanged");
                } else {
                    CommitResult r = repo.setTenantQuota(t, next, write.author(), write.message());
                    Out.line(spec, "set quota of tenant " + t + " at revision " + r.revision());
                }
                quota = next;
            }
            Out.print(spec, describe(quota, repo.tenantUsage(t)));
            return 0;
        }
    }

    /** The same steps over the quota route: read, change only what differs, print what is in force. */
    private Integer remote(Remote remote, String t) {
        String path = Remote.tenantPath(t, "quota", null);
        JsonNode answer = remote.send(Remote.get(path)).json();
        TenantQuota quota = new TenantQuota(answer.path("maxKeys").asLong(0), answer.path("maxBytes").asLong(0),
                answer.path("requestsPerSecond").asDouble(0), answer.path("maxWatches").asInt(0));
        TenantUsage usage = new TenantUsage(answer.path("usage").path("keys").asLong(0), answer.path("usage").path("bytes").asLong(0));
        if (maxKeys != null || maxBytes != null || requestsPerSecond != null || maxWatches != null) {
            write.remoteWithoutMessage("set quota of tenant " + t);
            TenantQuota next = changed(quota);
            if (next.equals(quota)) {
                Out.line(spec, "quota of tenant " + t + " unchanged");
            } else {
                long r = Remotes.revision(remote.send(Remote.put(path).json(Json.NODES.objectNode().put("maxKeys", next.maxKeys())
                        .put("maxBytes", next.maxBytes()).put("requestsPerSecond", next.requestsPerSecond()).put("maxWatches", next.maxWatches()))));
                Out.line(spec, "set quota of tenant " + t + " at revision " + r);
            }
            quota = next;
        }
        Out.print(spec, describe(quota, usage));
        return 0;
    }

    /** The current quota with the limits given on the command line. */
    private TenantQuota changed(TenantQuota q) {
        if (maxKeys != null) {
            q = q.withMaxKeys(maxKeys);
        }
        if (maxBytes != null) {
            q = q.withMaxBytes(Sizes.parse(maxBytes));
        }
        if (requestsPerSecond != null) {
            q = q.withRequestsPerSecond(requestsPerSecond);
        }
        if (maxWatches != null) {
            q = q.withMaxWatches(maxWatches);
        }
        return q;
    }

    static String describe(TenantQuota q, TenantUsage u) {
        return "max-keys:            " + limit(q.maxKeys(), Long.toString(q.maxKeys())) + " (" + u.keys() + " in use)\n"
                + "max-bytes:           " + limit(q.maxBytes(), Sizes.format(q.maxBytes())) + " (" + Sizes.format(u.bytes()) + " in use)\n"
                + "requests-per-second: " + (q.requestsPerSecond() == 0 ? "unlimited" : number(q.requestsPerSecond())) + "\n"
                + "max-watches:         " + limit(q.maxWatches(), Integer.toString(q.maxWatches())) + "\n";
    }

    private static String limit(long n, String shown) {
        return n == 0 ? "unlimited" : shown;
    }

    /** 20 rather than 20.0; 2.5 as is. */
    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
