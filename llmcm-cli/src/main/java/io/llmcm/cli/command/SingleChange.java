package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.repo.Repository;

/**
 * A write of one thing (a tag, a schema) that has both forms: the server's route for it, with
 * {@code --message} as the commit message, or the same mutation committed to the local store.
 */
final class SingleChange {
    private SingleChange() {}

    /** The revision the change landed at. */
    static long commit(StoreOptions store, WriteOptions write, Remote.Call route, Mutation mutation) {
        Remote remote = store.remote();
        if (remote != null) {
            write.remote();
            return Remotes.revision(remote.send(route.message(write.message())));
        }
        try (Repository repo = store.open()) {
            return repo.commit(write.request().add(mutation).build()).revision();
        }
    }
}
