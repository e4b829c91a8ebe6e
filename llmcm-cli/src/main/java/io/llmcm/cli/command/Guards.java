package io.llmcm.cli.command;

import io.llmcm.cli.render.SecretView;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.repo.Repository;
import java.util.Optional;

/** Checks the command line makes before a plain write. */
final class Guards {
    private Guards() {}

    /**
     * Refuses to replace a secret with a plain value: {@code set} on a secret's path would store
     * the new value unencrypted, which is almost certainly not what was meant.
     */
    static void notASecret(Repository repo, EntryKey key) {
        Optional<EntryVersion> head = repo.raw(key);
        if (head.isPresent() && !head.get().isDeleted() && SecretView.isSecret(head.get().value())) {
            throw new InvalidInputException(key.path() + " holds a secret in layer " + key.tenant() + ":" + key.layer()
                    + "; change it with llmcm secret set, or delete it with llmcm secret delete first");
        }
    }
}
