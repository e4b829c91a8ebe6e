package io.llmcm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.KeyException;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.crypto.MasterKeyFileProvider;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.Caller;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets on the real embedded store, as someone holding the disk would see them: never in
 * plaintext in the database, its WAL, the audit table or exports; and after a tenant is deleted,
 * not recoverable from a copy of the store taken before.
 */
class SecretsAtRestTest {
    private static final String PLAIN = "sk-live-PLAINTEXT-0123456789abcdef";
    private final Caller ops = Caller.trusted("ops");

    private static Repository open(Path dir, Path keyFile) {
        Repository r = Repository.open(SqliteStore.open(dir, Duration.ofSeconds(5)),
                Repository.Options.defaults().withKeyProviders(rec -> new MasterKeyFileProvider(keyFile)));
        if (!r.isInitialized()) {
            r.initialize("ops");
            r.secrets().initialize(new MasterKeyFileProvider(keyFile), "ops");
            r.commit(ChangeRequest.by("ops").add(new Mutation.PutTenant(new Tenant("acme", "global"))).build());
        }
        return r;
    }

    private static void setSecret(Repository r, EntryKey k, String plain) {
        r.commit(ChangeRequest.by("ops").put(k, r.secrets().seal(k, Value.text(plain), null)).build());
    }

    @Test
    void plaintextNeverReachesTheDiskTheAuditLogAnErrorOrAnExport(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("data");
        Path keyFile = tmp.resolve("master.key");
        List<String> outputs = new ArrayList<>();
        try (Repository r = open(dir, keyFile)) {
            EntryKey k = EntryKey.of("acme", "providers/openai/api-key", Layer.of("prod"));
            setSecret(r, k, PLAIN);
            setSecret(r, k, PLAIN + "-v2");
            r.commit(ChangeRequest.by("ops").put(EntryKey.of("acme", "models/gpt", Layer.BASE),
                    Value.of(Json.parse("{\"api_key\":\"${secret:providers/openai/api-key}\"}"))).build());
            Scope prod = Scope.of("acme", "prod");
            assertThat(r.secrets().reveal(prod, "providers/openai/api-key", ops).value().textOrNull()).isEqualTo(PLAIN + "-v2");
            outputs.add(r.get(prod, "providers/openai/api-key").orElseThrow().value().toString());
            outputs.add(r.resolve(prod, "models/gpt", -1, false, ops).orElseThrow().value().toString());
            outputs.add(r.explain(prod, "providers/openai/api-key").toString());
            outputs.add(r.explain(prod, "models/gpt").toString());
            outputs.add(r.history("acme", "providers/openai/api-key", 10).toString());
            outputs.add(r.diff("acme", "", 1, r.revision()).toString());
            outputs.add(new String(r.bundles().export(prod, "", null, ops).bundle(), StandardCharsets.UTF_8));
            var recipient = io.llmcm.core.crypto.PemKeys.generate("x25519");
            outputs.add(new String(r.bundles().export(prod, "", recipient.getPublic(), ops).bundle(), StandardCharsets.UTF_8));
            for (Runnable failing : List.<Runnable>of(
                    () -> r.commit(ChangeRequest.by("ops").put(EntryKey.of("acme", "providers/x", Layer.BASE),
                            r.get(prod, "providers/openai/api-key").orElseThrow().value()).build()),
                    () -> r.secrets().reveal(Scope.of("global", "prod"), "providers/openai/api-key", ops),
                    () -> r.commit(ChangeRequest.by("ops").put(EntryKey.of("acme", "providers/openai/api-key", Layer.BASE),
                            Value.of(Json.parse("{\"k\":\"" + PLAIN + "\"}"))).build()))) {
                try {
                    failing.run();
                } catch (LlmcmException e) {
                    outputs.add(e.getMessage());
                }
            }
            outputs.add(r.auditEvents(0, 1000).toString());
        }
        byte[] needle = PLAIN.getBytes(StandardCharsets.UTF_8);
        assertThat(RawFiles.containing(dir, needle)).isEmpty();
        assertThat(outputs).hasSizeGreaterThan(10).noneMatch(o -> o.contains(PLAIN));
        // and the scan does see plaintext that is stored in the clear: configuration
        try (Repository r = open(dir, keyFile)) {
            r.commit(ChangeRequest.by("ops").put(EntryKey.of("acme", "visible", Layer.BASE), Value.text("CLEAR-CONFIG-MARKER")).build());
        }
        assertThat(RawFiles.containing(dir, "CLEAR-CONFIG-MARKER".getBytes(StandardCharsets.UTF_8))).isNotEmpty();
    }

    @Test
    void aDeletedTenantsSecretsCannotBeRecoveredFromACopyTakenBefore(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("data");
        Path keyFile = tmp.resolve("master.key");
        try (Repository r = open(dir, keyFile)) {
            setSecret(r, EntryKey.of("acme", "db/password", Layer.BASE), PLAIN);
            setSecret(r, EntryKey.of("global", "shared/key", Layer.BASE), "global-secret");
        }
        Path backup = tmp.resolve("backup");
        copy(dir, backup);
        String note;
        try (Repository r = open(dir, keyFile)) {
            note = r.secrets().deleteTenant("acme", "ops", null);
            assertThat(r.secrets().reveal(Scope.of("global", "base"), "shared/key", ops).value().textOrNull())
                    .as("other tenants keep their secrets").isEqualTo("global-secret");
        }
        assertThat(note).startsWith("master key rotated");
        // the copy's keyrings are wrapped by a master key version that no longer exists
        try (Repository old = open(backup, keyFile)) {
            assertThatThrownBy(() -> old.secrets().reveal(Scope.of("acme", "base"), "db/password", ops))
                    .isInstanceOf(KeyException.class);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().equals("LOCK")) {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
