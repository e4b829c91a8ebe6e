package io.llmcm.cli.command;

import io.llmcm.cli.KeyProviders;
import io.llmcm.core.crypto.EnvironmentKeyProvider;
import io.llmcm.core.crypto.KekRecord;
import io.llmcm.core.crypto.MasterKeyFileProvider;
import io.llmcm.core.repo.Repository;
import java.util.List;

/** Creating a store's master key, shared by {@code init} and {@code key init}. */
final class MasterKeys {
    private MasterKeys() {}

    /** Creates the master key with a provider of the given type; returns what to tell the user. */
    static List<String> create(Repository repo, KeyProviders keys, String type, String actor) {
        KekRecord record = repo.secrets().initialize(keys.forNew(type), actor);
        return switch (record.type()) {
            case MasterKeyFileProvider.TYPE -> List.of(
                    "master key created in " + keys.newFile() + " (mode 0600)",
                    "back it up, separately from the data: without it the secrets cannot be read, and anyone with both can read them");
            case EnvironmentKeyProvider.TYPE -> List.of(
                    "master key: the key in " + EnvironmentKeyProvider.DEFAULT_VARIABLE + " (the store keeps only a check value)",
                    "keep a copy of it, separately from the data: without it the secrets cannot be read");
            default -> List.of(
                    "master key: derived from the passphrase with Argon2id (the store keeps only its salt and a check value)",
                    "the passphrase cannot be recovered: without it the secrets cannot be read");
        };
    }
}
