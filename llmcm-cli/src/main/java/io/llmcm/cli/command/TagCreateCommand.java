package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
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
        try (Repository repo = store.open()) {
            long rev = at == null ? repo.revision() : repo.revisionOf(t, at);
            if (rev <= 0) {
                throw new InvalidInputException("revision 0 is the empty store before the first commit; it cannot be tagged");
            }
            Optional<Tag> existing = repo.tag(t, name);
            if (existing.isPresent() && !force) {
                throw new ConflictException("tag '" + name + "' already exists in tenant " + t + " (revision "
                        + existing.get().revision() + "); pass --force to move it");
            }
            CommitResult r = repo.commit(write.request().add(new Mutation.PutTag(new Tag(t, name, rev))).build());
            Out.line(spec, "tagged revision " + rev + " as " + name + " in tenant " + t + " (revision " + r.revision() + ")");
            return 0;
        }
    }
}
