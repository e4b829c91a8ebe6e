package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.json.Json;
import io.llmcm.core.ConflictException;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.Tag;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code llmcm tag create NAME}: names a revision; refuses to move an existing tag unless forced. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Name a revision of the tenant (default: the current one). An existing tag is moved only with --force.",
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm tag create stable --tenant acme", "  llmcm tag create release-1.2 --at 42 --tenant acme"})
public final class TagCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    WriteOptions write;

    @Parameters(index = "0", paramLabel = "NAME", description = "tag name (letters, digits, _ . -; not only digits)")
    String name;

    @Option(names = "--at", paramLabel = "REV|TAG", description = "the revision to name (default: the current revision)")
    String at;

    @Option(names = "--force", description = "move the tag if it already exists")
    boolean force;

    @Override
    public Integer call() {
        String t = tenant.tenant();
        Names.tag(name);
        Remote remote = store.remote();
        if (remote != null) {
            return remote(remote, t);
        }
        try (Repository repo = store.open()) {
            long rev = at == null ? repo.revision() : repo.revisionOf(t, at);
            if (rev <= 0) {
                throw new InvalidInputException("revision 0 is the empty store before the first commit; it cannot be tagged");
            }
            Optional<Tag> existing = repo.tag(t, name);
            if (existing.isPresent() && !force) {
                throw exists(t, existing.get().revision());
            }
            CommitResult r = repo.commit(write.request().add(new Mutation.PutTag(new Tag(t, name, rev))).build());
            Out.line(spec, "tagged revision " + rev + " as " + name + " in tenant " + t + " (revision " + r.revision() + ")");
            return 0;
        }
    }

    /**
     * The tag is looked up first so that an existing one is refused with the local message (the
     * server's speaks of its JSON field); the server checks again when it commits. Its answer names
     * only the commit, so the revision tagged is read back from the tag list.
     */
    private Integer remote(Remote remote, String t) {
        write.remote();
        String tags = Remote.tenantPath(t, "tags", null);
        JsonNode existing = tag(remote, tags);
        if (existing != null && !force) {
            throw exists(t, existing.path("revision").asLong());
        }
        ObjectNode body = Json.NODES.objectNode().put("name", name).put("force", force);
        if (at != null) {
            body.put("at", at);
        }
        long r = Remotes.revision(remote.send(Remote.post(tags).json(body).message(write.message())));
        JsonNode tagged = tag(remote, tags);
        Out.line(spec, "tagged revision " + (tagged == null ? "?" : tagged.path("revision").asLong()) + " as " + name + " in tenant " + t + " (revision " + r + ")");
        return 0;
    }

    private ConflictException exists(String t, long revision) {
        return new ConflictException("tag '" + name + "' already exists in tenant " + t + " (revision " + revision + "); pass --force to move it");
    }

    /** This tag in the server's list, or null. */
    private JsonNode tag(Remote remote, String tags) {
        for (JsonNode tag : Listings.items(remote.send(Remote.get(tags)).json())) {
            if (tag.path("name").asString("").equals(name)) {
                return tag;
            }
        }
        return null;
    }
}
