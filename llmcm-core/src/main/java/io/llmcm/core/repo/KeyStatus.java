package io.llmcm.core.repo;

import java.util.Map;

/**
 * The keys of one tenant.
 *
 * @param kek the type of the store's key-encryption key ("file", "env", "passphrase")
 * @param kekVersion the version of the key-encryption key (0 when the store has none)
 * @param versions data key versions, oldest first (empty when no secret was ever sealed)
 * @param primary the version new secrets are sealed with (0 when there is none)
 * @param secretsByVersion how many current secret values each version seals
 */
public record KeyStatus(String tenant, String kek, int kekVersion, java.util.List<Integer> versions, int primary, Map<Integer, Integer> secretsByVersion) {}
