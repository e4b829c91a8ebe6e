package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.repo.Repository;
import io.llmcm.store.sqlite.SqliteStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master key and its providers, data keys, key pairs, tenant deletion (in process, on real SQLite stores). */
class KeysTest {
    private static final String PLAIN = "sk-keys-PLAINTEXT-1234";

    @TempDir
    Path dir;

    private static String historyOf(Llmcm llmcm, String path) {
        return llmcm.run("history", path).out();
    }

    @Test
    void initMakesAMasterKeyFileOnlyTheOwnerCanRead() throws IOException {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        Path key = dir.resolve("data/master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).doesNotContain(PLAIN);
        assertThat(llmcm.run("key", "status").ok().out()).isEqualTo("""
                master key  file, version 1
                tenant      global
                data keys   none yet (made with the tenant's first secret)
                """);
        llmcm.runWithInput(PLAIN, "secret", "set", "a", "-").ok();
        assertThat(llmcm.run("key", "status", "--output", "json").ok().out())
                .contains("\"masterKey\": \"file\"").contains("\"primary\": 1").contains("\"1\": 1");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(llmcm.run("secret", "get", "a", "--reveal").fails(1).err())
                .isEqualTo("llmcm: master key file " + key.toAbsolutePath() + " is readable by others (mode 0644); chmod 600 it\n");
    }

    @Test
    void aWrongMasterKeyIsRefusedAndChangesNothing() {
        Llmcm a = Llmcm.inProcess(dir.resolve("a"));
        Llmcm b = Llmcm.inProcess(dir.resolve("b"));
        a.run("init").ok();
        b.run("init").ok();
        a.runWithInput(PLAIN, "secret", "set", "db/password", "-").ok();
        String before = historyOf(a, "db/password");
        Path other = dir.resolve("b/master.key").toAbsolutePath();

        assertThat(a.runWithInput("new", "secret", "set", "db/password", "-", "--master-key", other.toString()).fails(1).err())
                .isEqualTo("llmcm: the master key in " + other + " does not match this store\n");
        assertThat(a.env("LLMCM_MASTER_KEY_FILE", other.toString()).runWithInput("new", "secret", "set", "db/password", "-").fails(1).err())
                .contains("does not match this store");
        assertThat(a.run("secret", "get", "db/password", "--reveal", "--master-key", other.toString()).fails(1).err())
                .contains("does not match this store");
        assertThat(a.run("secret", "rollback", "db/password", "--to", "1", "--master-key", other.toString()).fails(1).err())
                .contains("does not match this store");
        assertThat(historyOf(a, "db/password")).as("nothing changed").isEqualTo(before);
        assertThat(a.run("secret", "get", "db/password", "--reveal").ok().out()).isEqualTo(PLAIN + "\n");
    }

    @Test
    void aMissingMasterKeyStopsOnlyWhatNeedsIt() throws IOException {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("set", "config/a", "1").ok();
        llmcm.runWithInput(PLAIN, "secret", "set", "db/password", "-").ok();
        String before = historyOf(llmcm, "db/password");
        Path key = dir.resolve("data/master.key");
        Path moved = dir.resolve("elsewhere.key");
        Files.move(key, moved);

        assertThat(llmcm.run("get", "config/a").ok().out()).as("configuration needs no key").isEqualTo("1\n");
        assertThat(llmcm.run("secret", "get", "db/password").ok().out()).as("masked reads need no key").contains("\"secret\": \"***\"");
        String missing = "llmcm: master key file " + key.toAbsolutePath() + " is missing; pass --master-key FILE or set LLMCM_MASTER_KEY_FILE\n";
        assertThat(llmcm.run("secret", "get", "db/password", "--reveal").fails(1).err()).isEqualTo(missing);
        assertThat(llmcm.runWithInput("x", "secret", "set", "db/password", "-").fails(1).err()).isEqualTo(missing);
        assertThat(llmcm.run("tenant", "delete", "global").fails(1).err()).isEqualTo(missing);
        assertThat(historyOf(llmcm, "db/password")).isEqualTo(before);

        assertThat(llmcm.run("secret", "get", "db/password", "--reveal", "--master-key", moved.toString()).ok().out()).isEqualTo(PLAIN + "\n");
    }

    @Test
    void aStoreMovedWithItsKeyFileStillOpens() throws IOException {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("a"));
        llmcm.run("init").ok();
        llmcm.runWithInput(PLAIN, "secret", "set", "k", "-").ok();
        Files.move(dir.resolve("a"), dir.resolve("b"));
        assertThat(Llmcm.inProcess(dir.resolve("b")).run("secret", "get", "k", "--reveal").ok().out()).isEqualTo(PLAIN + "\n");
    }

    @Test
    void aKeyFromTheEnvironmentRotatesThroughThePreviousVariable() {
        Llmcm plain = Llmcm.inProcess(dir.resolve("data"));
        assertThat(plain.run("init", "--key-provider", "env").fails(1).err())
                .isEqualTo("llmcm: environment variable LLMCM_MASTER_KEY is not set; put a new key in it first: export LLMCM_MASTER_KEY=$(llmcm key new)\n");
        String k1 = plain.run("key", "new").ok().out().strip();
        String k2 = plain.run("key", "new").ok().out().strip();
        assertThat(Base64.getDecoder().decode(k1)).hasSize(32);
        assertThat(k1).isNotEqualTo(k2);

        Llmcm one = plain.env("LLMCM_MASTER_KEY", k1);
        assertThat(one.run("init", "--key-provider", "env").ok().out()).endsWith("""
                master key: the key in LLMCM_MASTER_KEY (the store keeps only a check value)
                keep a copy of it, separately from the data: without it the secrets cannot be read
                """);
        assertThat(dir.resolve("data/master.key")).doesNotExist();
        one.runWithInput(PLAIN, "secret", "set", "k", "-").ok();
        assertThat(plain.run("secret", "get", "k", "--reveal").fails(1).err()).isEqualTo("llmcm: environment variable LLMCM_MASTER_KEY is not set\n");
        assertThat(plain.env("LLMCM_MASTER_KEY", k2).run("secret", "get", "k", "--reveal").fails(1).err()).contains("does not match this store");

        assertThat(one.run("key", "rotate", "--master").fails(1).err()).contains("LLMCM_MASTER_KEY_PREVIOUS is not set");
        Llmcm rotating = plain.env("LLMCM_MASTER_KEY", k2).env("LLMCM_MASTER_KEY_PREVIOUS", k1);
        assertThat(rotating.run("key", "rotate", "--master").ok().out())
                .isEqualTo("rotated the master key; discard the previous key in LLMCM_MASTER_KEY_PREVIOUS; backups made before this rotation still need it\n");
        assertThat(plain.env("LLMCM_MASTER_KEY", k2).run("secret", "get", "k", "--reveal").ok().out()).isEqualTo(PLAIN + "\n");
        assertThat(one.run("secret", "get", "k", "--reveal").fails(1).err()).contains("does not match this store");
        assertThat(plain.env("LLMCM_MASTER_KEY", k2).run("tenant", "delete", "global").fails(2).err()).contains("global");
    }

    @Test
    void aPassphraseComesFromTheEnvironment() {
        Llmcm plain = Llmcm.inProcess(dir.resolve("data"));
        assertThat(plain.run("init", "--key-provider", "passphrase").fails(1).err())
                .isEqualTo("llmcm: this store's master key comes from a passphrase: set LLMCM_PASSPHRASE to the new passphrase,"
                        + " or run llmcm in a terminal to be asked for it\n");
        assertThat(plain.env("LLMCM_PASSPHRASE", "short").run("init", "--key-provider", "passphrase").fails(1).err())
                .contains("a new passphrase needs at least 8 characters");
        Llmcm good = plain.env("LLMCM_PASSPHRASE", "correct horse battery");
        assertThat(good.run("init", "--key-provider", "passphrase").ok().out()).contains("derived from the passphrase with Argon2id");
        good.runWithInput(PLAIN, "secret", "set", "k", "-").ok();
        assertThat(plain.run("secret", "get", "k", "--reveal").fails(1).err()).contains("set LLMCM_PASSPHRASE to the store's passphrase");
        assertThat(plain.env("LLMCM_PASSPHRASE", "wrong horse battery").run("secret", "get", "k", "--reveal").fails(1).err())
                .isEqualTo("llmcm: the passphrase does not match this store\n");
        assertThat(good.run("secret", "get", "k", "--reveal").ok().out()).isEqualTo(PLAIN + "\n");

        Llmcm rotating = plain.env("LLMCM_PASSPHRASE", "a brand new one").env("LLMCM_PASSPHRASE_PREVIOUS", "correct horse battery");
        assertThat(rotating.run("key", "rotate", "--master").ok().out()).contains("forget the previous passphrase");
        assertThat(plain.env("LLMCM_PASSPHRASE", "a brand new one").run("secret", "get", "k", "--reveal").ok().out()).isEqualTo(PLAIN + "\n");
        assertThat(good.run("secret", "get", "k", "--reveal").fails(1).err()).contains("does not match");
    }

    /** A terminal that answers prompts from a script and records them. */
    private static final class ScriptedTerminal implements Terminal {
        final Deque<String> answers;
        final List<String> prompts = new ArrayList<>();

        ScriptedTerminal(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public char[] readPassword(String prompt) {
            prompts.add(prompt);
            return answers.isEmpty() ? null : answers.pop().toCharArray();
        }
    }

    private int runOnTerminal(ScriptedTerminal terminal, ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("LLMCM_STORE", dir.resolve("data").toString(), "LLMCM_AUTHOR", "tester"));
        return Main.run(args, env, new ByteArrayInputStream(PLAIN.getBytes(StandardCharsets.UTF_8)), terminal, out, err);
    }

    @Test
    void aPassphraseIsAskedOnTheTerminalWithoutEcho() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ScriptedTerminal mismatch = new ScriptedTerminal("first passphrase", "second passphrase");
        assertThat(runOnTerminal(mismatch, out, err, "init", "--key-provider", "passphrase")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("llmcm: the passphrases do not match\n");

        ScriptedTerminal init = new ScriptedTerminal("typed passphrase", "typed passphrase");
        err.reset();
        assertThat(runOnTerminal(init, out, err, "init", "--key-provider", "passphrase")).isZero();
        assertThat(init.prompts).containsExactly("New passphrase: ", "Repeat the new passphrase: ");

        ScriptedTerminal set = new ScriptedTerminal("typed passphrase");
        assertThat(runOnTerminal(set, out, err, "secret", "set", "k", "-")).isZero();
        assertThat(set.prompts).as("asked once per command").containsExactly("Passphrase for the master key of " + dir.resolve("data") + ": ");

        ScriptedTerminal rotate = new ScriptedTerminal("typed passphrase", "next passphrase", "next passphrase");
        int rotated = runOnTerminal(rotate, out, err, "key", "rotate", "--master");
        assertThat(rotated).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(rotate.prompts).containsExactly("Current passphrase of " + dir.resolve("data") + ": ", "New passphrase: ", "Repeat the new passphrase: ");

        ByteArrayOutputStream revealed = new ByteArrayOutputStream();
        assertThat(runOnTerminal(new ScriptedTerminal("next passphrase"), revealed, err, "secret", "get", "k", "--reveal")).isZero();
        assertThat(revealed.toString(StandardCharsets.UTF_8)).isEqualTo(PLAIN + "\n");
        assertThat(runOnTerminal(new ScriptedTerminal(), revealed, err, "secret", "get", "k", "--reveal")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).endsWith("llmcm: no passphrase was given\n");
    }

    @Test
    void rotatingADataKeyReportsProgressAndKeepsHistoryReadable() {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("tenant", "create", "acme").ok();
        assertThat(llmcm.run("key", "rotate", "--tenant", "acme").ok().out())
                .isEqualTo("rotated the data key of tenant acme to version 2 (no secrets to re-encrypt)\n");
        long first = SecretCommandsTest.revision(llmcm.runWithInput("v1", "secret", "set", "s/a", "-", "-t", "acme").ok().out());
        llmcm.runWithInput("v2", "secret", "set", "s/a", "-", "-t", "acme").ok();
        llmcm.runWithInput("b", "secret", "set", "s/b", "-", "-t", "acme", "-e", "prod").ok();
        llmcm.runWithInput("c", "secret", "set", "s/c", "-", "-t", "acme").ok();
        llmcm.run("secret", "set", "s/dyn", "--dynamic", "token", "--ttl", "1h", "-t", "acme").ok();

        Llmcm.Result r = llmcm.run("key", "rotate", "--tenant", "acme").ok();
        assertThat(r.out()).isEqualTo("rotated the data key of tenant acme to version 3 (3 secrets re-encrypted)\n");
        assertThat(r.err()).isEqualTo("re-encrypted 0/3\nre-encrypted 3/3\n");
        assertThat(llmcm.run("key", "status", "-t", "acme").ok().out()).isEqualTo("""
                master key  file, version 1
                tenant      acme
                data keys   1, 2, 3 (primary 3)
                  key 1     0 secrets
                  key 2     0 secrets
                  key 3     3 secrets
                """);
        assertThat(llmcm.run("secret", "get", "s/a", "-t", "acme", "--reveal").ok().out()).isEqualTo("v2\n");
        assertThat(llmcm.run("secret", "get", "s/a", "-t", "acme", "--reveal", "--at", String.valueOf(first)).ok().out()).isEqualTo("v1\n");
        assertThat(llmcm.run("secret", "history", "s/a", "-t", "acme").ok().out().lines().findFirst().orElseThrow())
                .contains("text key 3  re-encrypt secrets with data key version 3");

        assertThat(llmcm.run("key", "rotate").fails(2).err()).contains("Missing required argument");
        assertThat(llmcm.run("key", "rotate", "--master", "--tenant", "acme").fails(2).err()).contains("mutually exclusive");
        assertThat(llmcm.run("key", "rotate", "--tenant", "nobody").fails(3).err()).contains("nobody");
    }

    @Test
    void rotatingAMasterKeyFileLeavesTheOldFileUseless() throws IOException {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.runWithInput(PLAIN, "secret", "set", "k", "-").ok();
        Path key = dir.resolve("data/master.key");
        Path copy = dir.resolve("old-master.key");
        Files.copy(key, copy, StandardCopyOption.COPY_ATTRIBUTES);

        assertThat(llmcm.run("key", "rotate", "--master").ok().out()).isEqualTo("rotated the master key; removed old master key version 1 from "
                + key.toAbsolutePath() + "; backups made before this rotation can only be opened with a copy of the old file\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(llmcm.run("secret", "get", "k", "--reveal").ok().out()).isEqualTo(PLAIN + "\n");
        assertThat(llmcm.run("secret", "get", "k", "--reveal", "--master-key", copy.toString()).fails(1).err()).contains("does not match this store");
        assertThat(llmcm.run("audit", "list").ok().out()).contains("key.rotate-master  allowed");
    }

    @Test
    void aStoreMadeBeforeSecretsGetsItsMasterKeyWithKeyInit() {
        Path data = dir.resolve("data");
        try (Repository repo = Repository.open(SqliteStore.open(data, Duration.ofSeconds(5)))) {
            repo.initialize("old-llmcm");
        }
        Llmcm llmcm = Llmcm.inProcess(data);
        assertThat(llmcm.run("init").ok().out())
                .isEqualTo("store " + data + " is already initialized (revision 1); it has no master key yet: add one with llmcm key init\n");
        assertThat(llmcm.run("key", "status").ok().out()).startsWith("master key  none (add one with llmcm key init)\n");
        assertThat(llmcm.runWithInput(PLAIN, "secret", "set", "k", "-").fails(1).err())
                .isEqualTo("llmcm: this store has no master key yet; create one with `llmcm key init`\n");
        Path key = dir.resolve("keys/llmcm.key");
        assertThat(llmcm.run("key", "init", "--master-key", key.toString()).ok().out()).isEqualTo("master key created in " + key
                + " (mode 0600)\nback it up, separately from the data: without it the secrets cannot be read, and anyone with both can read them\n");
        assertThat(llmcm.run("key", "init").fails(4).err()).isEqualTo("llmcm: this store already has a master key (file)\n");
        llmcm.runWithInput(PLAIN, "secret", "set", "k", "-").ok();
        assertThat(llmcm.run("secret", "get", "k", "--reveal").ok().out()).as("the recorded file is found").isEqualTo(PLAIN + "\n");
        assertThat(llmcm.run("key", "init", "--key-provider", "vault").fails(2).err()).contains("unknown key provider 'vault'");
        assertThat(Llmcm.inProcess(dir.resolve("fresh")).run("init", "--key-provider", "vault").fails(2).err())
                .contains("unknown key provider 'vault'; expected one of file, env, passphrase");
    }

    @Test
    void keyPairsNewKeysAndThePublicSigningKey() throws IOException {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        Path ops = dir.resolve("ops");
        Llmcm.Result pair = llmcm.run("key", "pair", "--out", ops.toString()).ok();
        assertThat(pair.out()).matches("wrote " + ops + ".key \\(private key, mode 0600: keep it secret\\) and " + ops
                + ".pub \\(public key\\)\nx25519 fingerprint [0-9a-f]{64}\n");
        Path priv = dir.resolve("ops.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
        assertThat(Files.readString(priv)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("ops.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(llmcm.run("key", "pair", "--out", ops.toString()).fails(4).err()).contains("ops.key already exists; refusing to overwrite a key");
        assertThat(llmcm.run("key", "pair", "--out", dir.resolve("r").toString(), "--type", "rsa").ok().out()).contains("rsa fingerprint");
        assertThat(llmcm.run("key", "pair", "--out", dir.resolve("x").toString(), "--type", "dsa").fails(2).err()).contains("unknown key type 'dsa'");
        assertThat(llmcm.run("key", "pair").fails(2).err()).contains("--out");

        llmcm.run("init").ok();
        String pub = llmcm.run("key", "public").ok().out();
        assertThat(pub).startsWith("-----BEGIN PUBLIC KEY-----").endsWith("-----END PUBLIC KEY-----\n");
        assertThat(llmcm.run("key", "public").ok().out()).as("one key per store").isEqualTo(pub);
    }

    @Test
    void deletingATenantShredsItsKeysAndRotatesAMasterKeyFile() throws IOException {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("tenant", "create", "acme").ok();
        llmcm.runWithInput(PLAIN, "secret", "set", "db/password", "-", "-t", "acme").ok();
        llmcm.runWithInput("shared", "secret", "set", "shared/key", "-").ok();
        Path backup = dir.resolve("backup");
        copyStore(dir.resolve("data"), backup);

        Llmcm.Result r = llmcm.run("tenant", "delete", "acme", "-m", "customer left").ok();
        assertThat(r.out()).matches("deleted tenant acme and destroyed its keys \\(revision \\d+\\)\n"
                + "master key rotated: removed old master key version 1 from \\S+master.key; backups made before this rotation can only be opened with a copy of the old file\n");
        assertThat(llmcm.run("secret", "get", "db/password", "-t", "acme").fails(3).err()).contains("acme");
        assertThat(llmcm.run("tenant", "list").ok().out()).isEqualTo("global\n");
        assertThat(llmcm.run("secret", "get", "shared/key", "--reveal").ok().out()).as("other tenants keep theirs").isEqualTo("shared\n");
        assertThat(llmcm.run("tenant", "delete", "acme").fails(3).err()).contains("acme");

        // the copy taken before still holds acme's keyring, wrapped by a master key version that is gone
        Llmcm old = Llmcm.inProcess(backup);
        assertThat(old.run("secret", "get", "db/password", "-t", "acme", "--reveal", "--master-key", dir.resolve("data/master.key").toString())
                .fails(1).err()).contains("does not match this store");
        // ... unless a copy of the old key file was kept with it: back the key up apart from the data
        assertThat(old.run("secret", "get", "db/password", "-t", "acme", "--reveal", "--master-key", backup.resolve("master.key").toString())
                .ok().out()).isEqualTo(PLAIN + "\n");
    }

    private static void copyStore(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().equals("LOCK")) {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
